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
  // A text field with a limit counts down as you type; past the limit it says by how much.
  // Nothing is cut: the server sends an over-long text back with a message. Line breaks
  // count as two characters, as the browser sends them.
  function characters(text) { return Array.from(text.replace(/\r?\n/g, "\r\n")).length; }
  document.querySelectorAll("[data-count-for]").forEach(function (counter) {
    var input = document.getElementById(counter.getAttribute("data-count-for"));
    var live = document.getElementById(counter.id + "_live");
    if (!input || !input.hasAttribute("data-maxlength")) return;
    var limit = parseInt(input.getAttribute("data-maxlength"), 10);
    var timer = null;
    function update() {
      var left = limit - characters(input.value);
      var n = Math.abs(left);
      var key = (left < 0 ? "over" : "left") + (n === 1 ? "One" : "Other");
      counter.textContent = counter.dataset[key].replace("{n}", String(n));
      counter.classList.toggle("field__count--over", left < 0);
      clearTimeout(timer);
      // Screen readers hear the count once typing pauses, not at every key.
      timer = setTimeout(function () { if (live) live.textContent = counter.textContent; }, 1000);
    }
    counter.hidden = false;
    input.addEventListener("input", update);
    update();
  });
  // A quick pick that fills a text field to edit: <input type="radio" data-fills="#id_note">.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.checked || !input.hasAttribute("data-fills")) return;
    var target = document.querySelector(input.getAttribute("data-fills"));
    if (target) target.value = input.value;
  });
  // A question that matters only with some answers is shown once one of them is chosen:
  // <fieldset data-show-when="pain" data-show-from="1"> shows when the chosen "pain" is 1 or
  // more. Without this file it is always shown; a question with an error stays in view.
  function showWhen(form) {
    form.querySelectorAll("[data-show-when]").forEach(function (part) {
      var chosen = form.querySelector("[name='" + part.getAttribute("data-show-when") + "']:checked");
      var shown = chosen && Number(chosen.value) >= Number(part.getAttribute("data-show-from"));
      part.hidden = !shown && !part.classList.contains("field--error");
    });
  }
  document.querySelectorAll("form").forEach(showWhen);
  document.addEventListener("change", function (event) {
    if (event.target.form) showWhen(event.target.form);
  });
  // "The same as yesterday" fills the answers at once instead of asking the server, then
  // gives its place to the note saying so (focused, so screen readers say it):
  // <button data-answers='{"sleep": "good"}' data-answers-note="id-of-a-hidden-note">.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-answers]");
    if (!button || !button.form) return;
    var answers;
    try { answers = JSON.parse(button.getAttribute("data-answers")); } catch (e) { return; }
    event.preventDefault();
    Object.keys(answers).forEach(function (name) {
      var value = answers[name] === null ? "" : String(answers[name]);
      button.form.querySelectorAll("[name='" + name + "']").forEach(function (input) {
        if (input.type === "radio" || input.type === "checkbox") input.checked = input.value === value;
        else input.value = value;
      });
    });
    showWhen(button.form);
    var note = document.getElementById(button.getAttribute("data-answers-note"));
    if (!note) return;
    note.hidden = false;
    button.hidden = true;
    note.focus();
  });
})();
