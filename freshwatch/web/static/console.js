// freshwatch console: table sorting and filtering, quarter picker, confirm, refresh. Pages work without it.
(function () {
  "use strict";
  function cellValue(row, index, numeric) {
    var text = row.cells[index] ? row.cells[index].textContent.trim() : "";
    if (!numeric) return text;
    var value = parseFloat(text.replace("+", ""));
    return isNaN(value) ? (text === "持平" ? 0 : -Infinity) : value;
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, index) {
      if (!th.dataset.sort) return;
      th.tabIndex = 0;
      th.addEventListener("click", function () {
        var numeric = th.dataset.sort === "num";
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
          var order = numeric ? x - y : String(x).localeCompare(String(y), "zh-CN");
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
  document.querySelectorAll("input[data-filter]").forEach(function (input) {
    var table = document.querySelector(input.dataset.filter);
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        row.hidden = needle !== "" && row.textContent.toLowerCase().indexOf(needle) < 0;
      });
    });
  });
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  var refresh = document.querySelector("[data-refresh]");
  if (refresh) setTimeout(function () { window.location.reload(); }, 1000 * parseInt(refresh.dataset.refresh, 10));
})();
