// Linka staff UI: small progressive enhancements; every page works without
// JavaScript. Loaded as a static file, as the CSP forbids inline scripts.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  // After a failed submission, move the focus to the first field in error
  // so that keyboard and screen-reader users land on the problem.
  var invalid = document.querySelector("[aria-invalid=true]");
  if (invalid) {
    invalid.focus();
    return;
  }
  var alert = document.querySelector("main [role=alert]");
  if (alert) {
    alert.setAttribute("tabindex", "-1");
    alert.focus();
  }
});
