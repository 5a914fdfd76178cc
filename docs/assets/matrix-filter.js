/* Decision matrix filter: narrows the table that follows a form[data-matrix-filter] to the rows
   whose cells match every chosen value. Without JavaScript the form stays hidden and the full
   table is shown. No library, no network. */
(function () {
  "use strict";

  // The text of a cell as the select options spell it: whitespace collapsed.
  function cellText(cell) {
    return (cell ? cell.textContent : "").replace(/\s+/g, " ").trim();
  }

  // The first table after the form in document order.
  function tableAfter(form) {
    var tables = document.querySelectorAll("table");
    for (var i = 0; i < tables.length; i++) {
      if (form.compareDocumentPosition(tables[i]) & Node.DOCUMENT_POSITION_FOLLOWING) return tables[i];
    }
    return null;
  }

  // Show the rows that match every select with a value; report how many are shown.
  function apply(form, table) {
    var selects = form.querySelectorAll("select[data-column]");
    var rows = table.tBodies[0].rows;
    var shown = 0;
    for (var r = 0; r < rows.length; r++) {
      var match = true;
      for (var s = 0; s < selects.length; s++) {
        var wanted = selects[s].value;
        if (wanted && cellText(rows[r].cells[Number(selects[s].dataset.column)]) !== wanted) match = false;
      }
      rows[r].hidden = !match;
      if (match) shown++;
    }
    var count = form.querySelector(".matrix-filter__count");
    if (count) count.textContent = "Showing " + shown + " of " + rows.length + " rows.";
  }

  function setUp(form) {
    var table = tableAfter(form);
    if (!table || !table.tBodies.length) return;
    form.hidden = false;
    form.addEventListener("change", function () { apply(form, table); });
    form.addEventListener("reset", function () { setTimeout(function () { apply(form, table); }, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply(form, table);
  }

  function start() {
    var forms = document.querySelectorAll("form[data-matrix-filter]");
    for (var i = 0; i < forms.length; i++) setUp(forms[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
