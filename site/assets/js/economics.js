// The economics page's break-even calculator. Reads assets/data/economics.json (written by the build from the
// records, served by this site) and redoes break_even_under() in the browser for the reader's monthly volume,
// tokens per query, price date and pair of price series. Nothing is fetched from anywhere else.
(function () {
  var root = document.getElementById("dl-econ");
  if (!root) return;
  var here = document.currentScript && document.currentScript.src;
  var dataUrl = here ? here.replace(/js\/economics\.js(\?.*)?$/, "data/economics.json") : "../assets/data/economics.json";

  function el(id) { return document.getElementById(id); }
  function usd(x) {
    if (x === null || x === undefined || !isFinite(x)) return "—";
    var digits = Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 1 ? 2 : 4;
    return "$" + x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  function num(x, d) {
    if (x === null || x === undefined || !isFinite(x)) return "—";
    return x.toLocaleString("en-US", { maximumFractionDigits: d === undefined ? 1 : d });
  }
  // Text only: contributed names never become markup.
  function cell(row, text) { var td = document.createElement("td"); td.textContent = text; row.appendChild(td); return td; }

  // The value of a series in force on a date: valid_from <= date < valid_until (NULL: still in force).
  function inForce(series, date) {
    for (var i = 0; i < series.points.length; i++) {
      var p = series.points[i];
      if (p.valid_from <= date && (!p.valid_until || p.valid_until > date)) return p;
    }
    return null;
  }
  function perQuery(p, tin, tout, end) {
    return (tin * p["input" + end] + tout * p["output" + end]) / 1e6;
  }

  function compute(data, q) {
    var s = data.scenario, out = { rows: [], error: null };
    var byId = {};
    data.series.forEach(function (x) { byId[x.id] = x; });
    var ref = byId[q.reference], rp = ref && inForce(ref, q.date);
    if (!rp) { out.error = "No price of " + (ref ? ref.product : q.reference) + " is recorded on " + q.date + "."; return out; }
    var rMid = perQuery(rp, q.tin, q.tout, ""), rLow = perQuery(rp, q.tin, q.tout, "_low"), rHigh = perQuery(rp, q.tin, q.tout, "_high");
    out.reference = { series: ref, point: rp, usd: rMid, month: rMid * q.qpm };
    data.series.forEach(function (c) {
      var cp = inForce(c, q.date);
      if (!cp || c.id === ref.id) return;
      var cMid = perQuery(cp, q.tin, q.tout, ""), cLow = perQuery(cp, q.tin, q.tout, "_low"), cHigh = perQuery(cp, q.tin, q.tout, "_high");
      if (!(cMid < rMid)) return;  // only cheaper candidates, as in break_even_under()
      var t = c.model && data.training[c.model];
      // Evaluation (an assumption, in its own column): benchmark items x samples the candidate's model reports x
      // tokens per item x its output price. The reader's tokens per item replace the scenario's range; 0 leaves it out.
      var ev = c.model && data.evaluation && data.evaluation[c.model];
      var et = q.evalTokens === null ? [s.eval_tokens_per_item, s.eval_tokens_per_item_low, s.eval_tokens_per_item_high]
                                     : [q.evalTokens, q.evalTokens, q.evalTokens];
      var e = ev && et[0] > 0 ? [ev.items * et[0] * cp.output / 1e6, ev.items * et[1] * cp.output_low / 1e6,
                                 ev.items * et[2] * cp.output_high / 1e6] : null;
      var oneOff = s.tokens * rp.output / 1e6 + (t ? t.usd : 0) + (e ? e[0] : 0);
      var oneOffLow = s.tokens_low * rp.output_low / 1e6 + (t ? t.usd_low : 0) + (e ? e[1] : 0);
      var oneOffHigh = s.tokens_high * rp.output_high / 1e6 + (t ? t.usd_high : 0) + (e ? e[2] : 0);
      var save = rMid - cMid, saveLow = rLow - cHigh, saveHigh = rHigh - cLow;
      var weeks = function (cost, saving) { return saving > 0 ? cost / saving / q.qpm * 52 / 12 : null; };
      out.rows.push({ series: c, point: cp, usd: cMid, month: cMid * q.qpm, saveMonth: save * q.qpm,
                      oneOff: oneOff, oneOffLow: oneOffLow, oneOffHigh: oneOffHigh, training: t || null,
                      evaluation: e ? e[0] : null,
                      weeks: weeks(oneOff, save), weeksLow: weeks(oneOffLow, saveHigh), weeksHigh: weeks(oneOffHigh, saveLow) });
    });
    out.rows.sort(function (a, b) { return a.weeks - b.weeks; });
    return out;
  }

  function read(data) {
    var d = data.defaults, ev = el("econ-eval").value;
    return {
      evalTokens: ev === "" ? null : parseFloat(ev),
      qpm: parseFloat(el("econ-volume").value), tin: parseFloat(el("econ-in").value),
      tout: parseFloat(el("econ-out").value), date: el("econ-date").value || d.price_date,
      reference: el("econ-reference").value, candidate: el("econ-candidate").value
    };
  }

  function render(data) {
    var q = read(data), status = el("econ-status");
    if (!(q.qpm > 0) || !(q.tin >= 0) || !(q.tout >= 0) || q.tin + q.tout <= 0 ||
        (q.evalTokens !== null && !(q.evalTokens >= 0))) {
      status.textContent = "Enter a positive monthly volume, a number of tokens per query and evaluation tokens of 0 or more.";
      return;
    }
    var r = compute(data, q);
    var body = el("econ-rows");
    body.textContent = "";
    if (r.error) { status.textContent = r.error; el("econ-result").textContent = ""; return; }
    status.textContent = "Prices in force on " + q.date + "; distillation set: " + num(data.scenario.tokens, 0) +
      " teacher tokens (" + data.scenario.name + ").";
    var chosen = r.rows.filter(function (x) { return x.series.id === q.candidate; })[0];
    var ref = r.reference;
    el("econ-ref-month").textContent = usd(ref.month);
    if (chosen) {
      el("econ-cand-month").textContent = usd(chosen.month);
      el("econ-result").textContent = ref.series.product + ": " + usd(ref.month) + " a month; " + chosen.series.product +
        ": " + usd(chosen.month) + " a month. Distilling costs " + usd(chosen.oneOff) + " once (" + usd(chosen.oneOffLow) +
        " – " + usd(chosen.oneOffHigh) + ") and pays off in " + num(chosen.weeks) + " weeks (" + num(chosen.weeksLow) +
        " – " + (chosen.weeksHigh === null ? "never" : num(chosen.weeksHigh)) + ")" +
        (chosen.training ? ", student training included" : "; student training not included (no distilled model with a GPU-hour price behind it): a lower bound") +
        (chosen.evaluation !== null ? "; evaluation (assumed) " + usd(chosen.evaluation) + " included." : "; no evaluation cost included.");
    } else {
      el("econ-cand-month").textContent = "—";
      el("econ-result").textContent = "The chosen candidate has no price on " + q.date + " or is not cheaper than " + ref.series.product + ".";
    }
    r.rows.forEach(function (x) {
      var tr = document.createElement("tr");
      cell(tr, x.series.product);
      cell(tr, usd(x.month));
      cell(tr, usd(x.saveMonth));
      cell(tr, usd(x.oneOff));
      cell(tr, x.evaluation === null ? "not included" : usd(x.evaluation));
      cell(tr, num(x.weeks));
      cell(tr, num(x.weeksLow) + " – " + (x.weeksHigh === null ? "never" : num(x.weeksHigh)));
      cell(tr, x.training ? "yes" : "no");
      if (x.series.id === q.candidate) tr.className = "dl-econ-chosen";
      body.appendChild(tr);
    });
  }

  function fill(select, series, value) {
    series.forEach(function (s) {
      var o = document.createElement("option");
      o.value = s.id; o.textContent = s.product + " (" + s.provider + ")";
      if (s.id === value) o.selected = true;
      select.appendChild(o);
    });
  }

  fetch(dataUrl).then(function (r) { return r.json(); }).then(function (data) {
    var d = data.defaults;
    el("econ-volume").value = d.queries_per_month;
    el("econ-in").value = d.input_tokens;
    el("econ-out").value = d.output_tokens;
    el("econ-date").value = d.price_date;
    fill(el("econ-reference"), data.series, d.reference);
    fill(el("econ-candidate"), data.series, d.candidate);
    el("econ-eval").placeholder = data.scenario.eval_tokens_per_item === null ? "0" : String(data.scenario.eval_tokens_per_item);
    ["econ-volume", "econ-in", "econ-out", "econ-date", "econ-reference", "econ-candidate", "econ-eval"].forEach(function (id) {
      el(id).addEventListener("input", function () { render(data); });
      el(id).addEventListener("change", function () { render(data); });
    });
    render(data);
    root.setAttribute("data-ready", "1");
  }).catch(function (e) {
    el("econ-status").textContent = "The calculator's data could not be read (" + e.message + ").";
  });
})();
