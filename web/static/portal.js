// Linka citizen portal: small enhancements only; every page works without
// script. Loaded with defer; no inline script (CSP).
(function () {
  "use strict";
  // Move focus to the error summary so screen readers announce it.
  var summary = document.getElementById("errors");
  if (summary) { summary.focus(); }

  // Check the chosen files before sending, so a too-large upload is
  // refused before it travels (the server refuses it anyway).
  var input = document.getElementById("f-attachments");
  if (!input || !input.form) { return; }
  var error = document.getElementById("f-attachments-error");
  function problem() {
    var files = input.files || [], total = 0;
    for (var i = 0; i < files.length; i++) { total += files[i].size; }
    if (files.length > Number(input.dataset.maxFiles)) { return input.dataset.tooMany; }
    if (total > Number(input.dataset.maxBytes)) { return input.dataset.tooLarge; }
    return "";
  }
  function show() {
    var msg = problem();
    error.textContent = msg;
    error.hidden = msg === "";
    if (msg) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
    return msg;
  }
  input.addEventListener("change", show);
  input.form.addEventListener("submit", function (ev) {
    if (show()) { ev.preventDefault(); input.focus(); }
  });
})();
