// Pusterom: a few enhancements; every page works without this file.
(function () {
  "use strict";
  // One submit per form: a double tap or an impatient second press sends nothing more.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-once")) return;
    if (form.dataset.submitted === "1") { event.preventDefault(); return; }
    form.dataset.submitted = "1";
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.setAttribute("aria-disabled", "true"); });
  });
  // Move focus to an error summary so screen readers announce it.
  var summary = document.querySelector("[data-focus]");
  if (summary) summary.focus();
  // Quick picks fill a number field: <button data-fill="#id_duration_min" data-value="20">.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-fill]");
    if (!button) return;
    var input = document.querySelector(button.getAttribute("data-fill"));
    if (!input) return;
    event.preventDefault();
    input.value = button.getAttribute("data-value");
    input.dispatchEvent(new Event("change", { bubbles: true }));
  });
})();
