// Sort a table by clicking a column header; filter its rows by typing in the box above it.
(function () {
  function cellValue(row, index, numeric) {
    var cell = row.cells[index];
    if (!cell) return numeric ? -Infinity : "";
    if (numeric) {
      var v = parseFloat(cell.dataset.sort);
      return isNaN(v) ? -Infinity : v;
    }
    return cell.textContent.trim().toLowerCase();
  }
  function setup(table) {
    if (table.dataset.ready) return;
    table.dataset.ready = "1";
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      th.tabIndex = 0;
      var sort = function () {
        var numeric = th.dataset.type === "number";
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
          return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
        });
        rows.forEach(function (r) { body.appendChild(r); });
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
    });
    // The box sits in the table's .dl-table wrapper, outside the scroll container that holds the table itself.
    var wrapper = table.closest(".dl-table");
    var box = wrapper && wrapper.querySelector(".dl-filter");
    if (box) {
      box.addEventListener("input", function () {
        var q = box.value.trim().toLowerCase();
        var shown = 0;
        Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
          r.hidden = q !== "" && r.textContent.toLowerCase().indexOf(q) < 0;
          if (!r.hidden) shown += 1;
        });
        box.setAttribute("aria-description", shown + " of " + table.tBodies[0].rows.length + " rows shown");
      });
    }
  }
  function init() { document.querySelectorAll("table[data-sortable]").forEach(setup); }
  if (window.document$) { window.document$.subscribe(init); } else { document.addEventListener("DOMContentLoaded", init); }
})();
