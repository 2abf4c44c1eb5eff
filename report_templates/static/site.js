// peerscan: progressive enhancement of the results table (sort by column, filter by name and status).
// Everything works without this file; it only adds buttons and controls.
(function () {
  "use strict";

  function sortValue(cell, type) {
    var raw = cell.getAttribute("data-sort");
    if (raw === null) raw = cell.textContent.trim();
    if (type === "number") {
      var n = parseFloat(raw);
      return isNaN(n) ? -Infinity : n;
    }
    return raw.toLowerCase();
  }

  function makeSortable(table) {
    var headers = table.tHead.rows[0].cells;
    var body = table.tBodies[0];
    Array.prototype.forEach.call(headers, function (th, index) {
      var type = th.getAttribute("data-type") || "text";
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) button.appendChild(th.firstChild);
      // A header holding a link keeps the link usable: the link goes inside the cell, the button sorts.
      var link = button.querySelector("a");
      if (link) {
        th.appendChild(link);
        button.textContent = "↕";
        button.setAttribute("aria-label", "Sort by " + link.textContent);
      }
      th.insertBefore(button, th.firstChild);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = sortValue(a.cells[index], type);
          var y = sortValue(b.cells[index], type);
          var order = x < y ? -1 : x > y ? 1 : 0;
          if (order === 0) order = sortValue(a.cells[0], "text") < sortValue(b.cells[0], "text") ? -1 : 1;
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function makeFilterable(table) {
    var panel = document.getElementById("filters");
    if (!panel) return;
    var text = document.getElementById("filter-text");
    var status = document.getElementById("filter-status");
    var count = document.getElementById("filter-count");
    var rows = table.tBodies[0].rows;
    function apply() {
      var needle = text.value.trim().toLowerCase();
      var wanted = status.value;
      var shown = 0;
      Array.prototype.forEach.call(rows, function (row) {
        var name = (row.getAttribute("data-name") || "").toLowerCase();
        var codes = (row.getAttribute("data-status") || "").split(" ");
        var visible = name.indexOf(needle) !== -1 && (!wanted || codes.indexOf(wanted) !== -1);
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      count.textContent = "Showing " + shown + " of " + rows.length + " jurisdictions";
    }
    text.addEventListener("input", apply);
    status.addEventListener("change", apply);
    panel.hidden = false;
    apply();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var tables = document.querySelectorAll("table.sortable");
    Array.prototype.forEach.call(tables, function (table) {
      makeSortable(table);
      // The filter panel belongs to the jurisdictions table; other tables only sort.
      if (table.id === "results") { makeFilterable(table); }
    });
  });
})();
