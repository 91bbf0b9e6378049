// Draw every chart on the page from the Vega-Lite spec embedded beside it.
// The Vega libraries come from this site (assets/js/vega-bundle.js, beside this file), never a CDN, and only
// on pages that have a chart: most pages (every model page) have none, and the bundle is most of a page's weight.
(function () {
  var here = document.currentScript && document.currentScript.src;
  var bundle = here ? here.replace(/charts\.js(\?.*)?$/, "vega-bundle.js") : "assets/js/vega-bundle.js";
  var loading = null;

  function loadVega() {
    if (window.vegaEmbed) return Promise.resolve();
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = bundle;
        script.onload = resolve;
        script.onerror = function () { reject(new Error("could not load " + bundle)); };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function drawAll() {
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

  function draw() {
    if (!document.querySelector(".dl-figure .dl-chart")) return;
    loadVega().then(drawAll, function (error) {
      document.querySelectorAll(".dl-chart").forEach(function (holder) {
        holder.textContent = "The charts could not be drawn; each one's data table is below.";
      });
      console.error(error);
    });
  }

  if (window.document$) { window.document$.subscribe(draw); } else { document.addEventListener("DOMContentLoaded", draw); }
})();
