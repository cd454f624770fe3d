// Progressive enhancement only: every page works without this file.
// A form disables its submit buttons once sent, so that a second click does
// not send it twice (the server makes a second send harmless anyway), and a
// refused form's summary takes the focus so that a screen reader reads it.
"use strict";
document.addEventListener("submit", function (e) {
  var f = e.target;
  if (f.dataset.sent === "1") { e.preventDefault(); return; }
  f.dataset.sent = "1";
  window.setTimeout(function () {
    f.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
  }, 0);
});
document.addEventListener("DOMContentLoaded", function () {
  var s = document.querySelector(".summary[tabindex]");
  if (s) { s.focus(); }
  document.querySelectorAll("button[data-print]").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });
});
