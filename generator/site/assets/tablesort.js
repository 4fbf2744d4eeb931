/* Sort the tables inside `.sop-urut` by clicking a column heading.
   Shipped with the site (no CDN). A cell's `data-sort` value, when present,
   is its sort key (e.g. minutes for a duration); numbers sort as numbers. */
(function () {
  "use strict";

  function key(cell) {
    var marked = cell.hasAttribute("data-sort") ? cell : cell.querySelector("[data-sort]");
    var text = marked ? marked.getAttribute("data-sort") : cell.textContent.trim();
    var number = Number(text.replace(",", "."));
    return text !== "" && !isNaN(number) ? number : text.toLocaleLowerCase("id");
  }

  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), "id", { numeric: true });
  }

  function sortBy(table, column, heading) {
    var body = table.tBodies[0];
    if (!body) return;
    var ascending = heading.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    var keyed = rows.map(function (row, index) {
      return { row: row, key: key(row.cells[column]), index: index };
    });
    keyed.sort(function (x, y) {
      var order = compare(x.key, y.key) || x.index - y.index;
      return ascending ? order : -order;
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    keyed.forEach(function (item) { body.appendChild(item.row); });
  }

  function setUp() {
    document.querySelectorAll(".sop-urut table").forEach(function (table) {
      if (!table.tHead || table.dataset.sopSortable) return;
      table.dataset.sopSortable = "1";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (heading, column) {
        heading.setAttribute("tabindex", "0");
        heading.addEventListener("click", function () { sortBy(table, column, heading); });
        heading.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") {
            event.preventDefault();
            sortBy(table, column, heading);
          }
        });
      });
    });
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setUp); // Material's instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
