/* Refused forms are announced: an error summary (role="alert") that links to each invalid field, and the
   focus moved to it. No inline script: this file is loaded by the base layout (strict CSP is coming). */
(function () {
  "use strict";

  function labelFor(field) {
    if (field.id) {
      var label = document.querySelector('label[for="' + field.id + '"]');
      if (label) return label.textContent.replace(/\*/g, "").trim();
    }
    return field.getAttribute("aria-label") || field.name || "";
  }

  function messageFor(field) {
    var holder = field.closest(".mb-3, .form-group, div") || field.parentNode;
    var feedback = holder ? holder.querySelector(".invalid-feedback, .errorlist") : null;
    return feedback ? feedback.textContent.trim() : "";
  }

  function summarise(form) {
    var invalid = Array.prototype.slice.call(form.querySelectorAll(".is-invalid, [aria-invalid='true']"));
    var general = Array.prototype.slice.call(
      form.querySelectorAll(".alert-danger, .alert-block, .errorlist.nonfield")
    );
    if (!invalid.length && !general.length) return null;
    if (form.previousElementSibling && form.previousElementSibling.classList.contains("error-summary")) {
      return form.previousElementSibling;
    }
    var box = document.createElement("div");
    box.className = "alert alert-danger error-summary";
    box.setAttribute("role", "alert");
    box.setAttribute("tabindex", "-1");
    var title = document.createElement("h2");
    title.className = "h6";
    title.textContent = form.getAttribute("data-error-title") || document.documentElement.getAttribute("data-error-title") || "There is a problem";
    box.appendChild(title);
    var list = document.createElement("ul");
    list.className = "mb-0";
    general.forEach(function (node) {
      var item = document.createElement("li");
      item.textContent = node.textContent.trim();
      list.appendChild(item);
    });
    invalid.forEach(function (field) {
      if (!field.id) return;
      field.setAttribute("aria-invalid", "true");
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + field.id;
      link.textContent = labelFor(field) + (messageFor(field) ? ": " + messageFor(field) : "");
      link.addEventListener("click", function (event) {
        event.preventDefault();
        field.focus();
      });
      item.appendChild(link);
      list.appendChild(item);
    });
    box.appendChild(list);
    form.parentNode.insertBefore(box, form);
    return box;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var first = null;
    Array.prototype.forEach.call(document.querySelectorAll("main form"), function (form) {
      var box = summarise(form);
      if (box && !first) first = box;
    });
    if (first) first.focus();
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
