// Draw every chart on the page from the Vega-Lite spec embedded beside it.
// The Vega libraries come from this site (assets/js/vega-bundle.js, beside this file), never a CDN, and only
// on pages that have a chart: most pages (every model page) have none, and the bundle is most of a page's weight.
// No vega-embed: it would add ~270 kB for a menu the site hides and a tooltip drawn here in a few lines.
(function () {
  var here = document.currentScript && document.currentScript.src;
  var folder = here ? here.replace(/charts\.js(\?.*)?$/, "") : "assets/js/";
  var loading = null;

  // Most charts were compiled to Vega at build time (their spec has a Vega $schema): Vega alone draws them.
  // A page with a chart sized in the browser (a facet or concatenation, still Vega-Lite) loads the bundle with
  // the Vega-Lite compiler instead.
  function isLite(spec) { return /vega-lite/.test(spec.$schema || ""); }

  function loadVega(lite) {
    if (window.vega && (window.vegaLite || !lite)) return Promise.resolve();
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = folder + (lite ? "vega-lite-bundle.js" : "vega-bundle.js");
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

  // Tooltips: a box of "name: value" lines, written as text (contributed names are never markup).
  var tip = null;
  function tooltip(handler, event, item, value) {
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "dl-tooltip";
      tip.setAttribute("role", "tooltip");
      document.body.appendChild(tip);
    }
    if (value == null || value === "") { tip.hidden = true; return; }
    tip.textContent = "";
    if (typeof value === "object") {
      Object.keys(value).forEach(function (key) {
        var line = document.createElement("div");
        var name = document.createElement("b");
        name.textContent = key + ": ";
        line.appendChild(name);
        line.appendChild(document.createTextNode(String(value[key])));
        tip.appendChild(line);
      });
    } else {
      tip.textContent = String(value);
    }
    tip.hidden = false;
    var x = event.clientX + 12, y = event.clientY + 12, box = tip.getBoundingClientRect();
    if (x + box.width > innerWidth - 4) x = Math.max(4, event.clientX - box.width - 12);
    if (y + box.height > innerHeight - 4) y = Math.max(4, event.clientY - box.height - 12);
    tip.style.left = (x + scrollX) + "px";
    tip.style.top = (y + scrollY) + "px";
  }

  function render(holder, spec, root) {
    var compiled = isLite(spec) ? window.vegaLite.compile(spec).spec : spec;
    var view = new window.vega.View(window.vega.parse(compiled), {
      renderer: "svg", container: holder, hover: true, tooltip: tooltip,
      // Links on points (a model's page) are site-relative: resolved from this page's path to the site root.
      loader: window.vega.loader({ baseURL: root })
    });
    return view.runAsync();
  }

  function drawAll() {
    document.querySelectorAll(".dl-figure").forEach(function (figure) {
      var holder = figure.querySelector(".dl-chart");
      var script = figure.querySelector("script.dl-spec");
      if (!holder || !script || holder.dataset.drawn) return;
      holder.dataset.drawn = "1";
      var width = holder.clientWidth || 600;
      var embed = function (inner) {
        var spec = JSON.parse(script.textContent);
        if (isLite(spec)) spec = fitToColumn(spec, width, inner);
        return render(holder, spec, figure.dataset.root || "").then(function (view) {
          // Axis labels take room the panel widths did not know of: a chart drawn wider than its column is
          // redrawn once, narrower by the excess (a scaled-down SVG would shrink its text below 11 px).
          var svg = holder.querySelector("svg");
          var drawnWidth = svg ? parseFloat(svg.getAttribute("width")) : 0;
          if (isLite(spec) && drawnWidth > width + 1 && inner > 160) {
            view.finalize();
            holder.textContent = "";
            return embed(Math.max(160, inner - (drawnWidth - width) - 4));
          }
          // The chart's description (from the data, written at build time) is its accessible name.
          if (svg && spec.description) svg.setAttribute("aria-label", spec.description);
          holder.dataset.ready = "1";
          return view;
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
    var lite = [].some.call(document.querySelectorAll(".dl-figure script.dl-spec"), function (s) {
      return isLite(JSON.parse(s.textContent));
    });
    loadVega(lite).then(drawAll, function (error) {
      document.querySelectorAll(".dl-chart").forEach(function (holder) {
        holder.textContent = "The charts could not be drawn; each one's data table is below.";
      });
      console.error(error);
    });
  }

  if (window.document$) { window.document$.subscribe(draw); } else { document.addEventListener("DOMContentLoaded", draw); }
})();
