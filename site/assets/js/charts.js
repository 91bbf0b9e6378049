// Draw every chart on the page from the Vega-Lite spec embedded beside it.
// The Vega libraries come from this site (assets/js/vega-bundle.js), never a CDN.
(function () {
  function draw() {
    document.querySelectorAll(".dl-figure").forEach(function (figure) {
      var holder = figure.querySelector(".dl-chart");
      var script = figure.querySelector("script.dl-spec");
      if (!holder || !script || holder.dataset.drawn) return;
      holder.dataset.drawn = "1";
      var spec = JSON.parse(script.textContent);
      window.vegaEmbed(holder, spec, { actions: false, renderer: "svg" }).catch(function (error) {
        holder.textContent = "This chart could not be drawn; its data table is below.";
        console.error(error);
      });
    });
  }
  if (window.document$) { window.document$.subscribe(draw); } else { document.addEventListener("DOMContentLoaded", draw); }
})();
