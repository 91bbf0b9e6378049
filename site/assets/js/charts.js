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

  // Small multiples and stacked panels cannot take the container's width in Vega-Lite: give them pixel widths
  // from the column they sit in (one facet column on a phone), so their text is never shrunk to fit.
  function fitToColumn(spec, width, inner) {
    if (spec.facet && spec.spec) {
      var columns = width < 640 ? 1 : (spec.columns || 1);
      spec.columns = columns;
      spec.spec.width = Math.max(140, Math.floor(inner / columns) - (columns > 1 ? 30 : 0));
    }
    ["vconcat", "concat"].forEach(function (key) {
      (spec[key] || []).forEach(function (view) { if (view.width === "container") view.width = inner; });
    });
    return spec;
  }

  function drawAll() {
    document.querySelectorAll(".dl-figure").forEach(function (figure) {
      var holder = figure.querySelector(".dl-chart");
      var script = figure.querySelector("script.dl-spec");
      if (!holder || !script || holder.dataset.drawn) return;
      holder.dataset.drawn = "1";
      var width = holder.clientWidth || 600;
      // Links on points (a model's page) are site-relative: resolved from this page's path to the site root.
      var options = { actions: false, renderer: "svg", loader: { baseURL: figure.dataset.root || "" } };
      var embed = function (inner) {
        var spec = fitToColumn(JSON.parse(script.textContent), width, inner);
        return window.vegaEmbed(holder, spec, options).then(function (result) {
          // Axis labels take room the panel widths did not know of: a chart drawn wider than its column is
          // redrawn once, narrower by the excess (a scaled-down SVG would shrink its text below 11 px).
          var svg = holder.querySelector("svg");
          var drawnWidth = svg ? parseFloat(svg.getAttribute("width")) : 0;
          if (drawnWidth > width + 1 && inner > 160) {
            result.finalize();
            return embed(Math.max(160, inner - (drawnWidth - width) - 4));
          }
          // The chart's description (from the data, written at build time) is its accessible name.
          if (svg && spec.description) svg.setAttribute("aria-label", spec.description);
          return result;
        });
      };
      embed(Math.max(160, width - 110)).catch(function (error) {
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
