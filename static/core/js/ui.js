/* Small behaviours every page may use, declared in the markup (no inline script: the CSP forbids it).
   data-confirm="Question?" on a form: ask before submitting.
   data-disable-on-submit on a form: disable its buttons once submitted (no double submission).
   data-print on a button: print the page.    data-autosubmit on a select: submit its form on change.
   data-back on a link: go back in history (the link's href is the fallback).
   data-bg="#RRGGBB" / data-fg="#RRGGBB": a data-driven colour (a badge category's band), set through the
   CSSOM because the CSP refuses style attributes. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) { return; }
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); return; }
    if (form.hasAttribute("data-disable-on-submit")) {
      form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    }
  });
  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) { return; }
    if (target.closest("[data-print]")) { window.print(); return; }
    var back = target.closest("a[data-back]");
    if (back && window.history.length > 1) { event.preventDefault(); window.history.back(); }
  });
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
      target.form.submit();
    }
  });
  function paint(root) {
    var colour = /^#[0-9a-fA-F]{3,8}$/;
    root.querySelectorAll("[data-bg], [data-fg]").forEach(function (el) {
      var bg = el.getAttribute("data-bg"), fg = el.getAttribute("data-fg");
      if (bg && colour.test(bg)) { el.style.backgroundColor = bg; }
      if (fg && colour.test(fg)) { el.style.color = fg; }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { paint(document); });
  } else {
    paint(document);
  }
})();
