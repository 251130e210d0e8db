// Small behaviours every page may use, declared in the markup instead of inline handlers (the Content-Security-Policy
// allows no inline script): listeners on the document, so content that htmx swaps in works too.
//   <form data-confirm="Удалить файл?">  asks before the form is sent; «Отмена» sends nothing;
//   <button data-print>                  opens the print dialog;
//   <input data-select-on-click>         selects its whole text on a click (a link to copy);
//   <button data-a11y-toggle>            switches «Версия для слабовидящих» (the class portal-a11y on <html>) and keeps
//                                        the choice for a year in the cookie portal_a11y, which the server reads;
// and, after a form came back with errors, focus goes to the error summary or else the first invalid field, so a
// keyboard or screen-reader user hears what went wrong (WCAG 3.3.1).
// Without the script the forms are sent without asking and the page prints from the browser's menu.
(function () {
  var A11Y_COOKIE = "portal_a11y";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form instanceof HTMLFormElement ? form.dataset.confirm : undefined;
    if (question && !window.confirm(question)) event.preventDefault();
  });

  function setA11y(on) {
    document.documentElement.classList.toggle("portal-a11y", on);
    document.cookie =
      A11Y_COOKIE + "=" + (on ? "1" : "0") + "; path=/; max-age=" + (on ? 31536000 : 0) + "; SameSite=Lax";
    document.querySelectorAll("[data-a11y-toggle]").forEach(function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    if (target.closest("[data-print]")) {
      window.print();
      return;
    }
    if (target.closest("[data-a11y-toggle]")) {
      setA11y(!document.documentElement.classList.contains("portal-a11y"));
      return;
    }
    var field = target.closest("[data-select-on-click]");
    if (field && typeof field.select === "function") field.select();
  });

  // The error summary a page shows after a failed submit: [data-error-summary] or the «Проверьте поля…» banner
  // (data-testid="form-errors"), an error alert inside a form, or an error message of the page; else the first field
  // marked invalid. Other red alerts (a removed participant, a void decision) are statements, not errors: left alone.
  var SUMMARY =
    "[data-error-summary], [data-testid=form-errors], [data-testid=editor-errors], form .alert-danger, " +
    ".portal-messages .alert-danger";
  var INVALID = "form .is-invalid:not([type=hidden]), form [aria-invalid=true]:not([type=hidden])";

  function focusFirstError() {
    var main = document.getElementById("content");
    if (!main || (document.activeElement && document.activeElement !== document.body)) return;
    var summary = main.querySelector(SUMMARY);
    var target = summary || main.querySelector(INVALID);
    if (!target) return;
    if (summary && !summary.hasAttribute("tabindex")) summary.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "center" });
  }

  // A table wider than its box scrolls inside .table-responsive; a keyboard user can scroll it only if the box takes
  // the focus (WCAG 2.1.1). Each such box becomes focusable and named after its table's caption or heading.
  function scrollBoxes() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.dataset.portalScrollBox = "";
        var table = box.querySelector("table");
        var caption = table && table.querySelector("caption");
        var section = box.closest("section[aria-labelledby]");
        if (caption) {
          if (!caption.id) caption.id = "table-caption-" + Math.random().toString(36).slice(2);
          box.setAttribute("aria-labelledby", caption.id);
          box.setAttribute("role", "region");
        } else if (table && table.getAttribute("aria-label")) {
          box.setAttribute("aria-label", table.getAttribute("aria-label"));
          box.setAttribute("role", "region");
        } else if (section) {
          box.setAttribute("aria-labelledby", section.getAttribute("aria-labelledby"));
          box.setAttribute("role", "region");
        }
      } else if (!scrolls && box.dataset.portalScrollBox !== undefined) {
        ["tabindex", "role", "aria-labelledby", "aria-label", "data-portal-scroll-box"].forEach(function (name) {
          box.removeAttribute(name);
        });
      }
    });
  }

  function ready() {
    scrollBoxes();
    focusFirstError();
  }

  var resizing;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(scrollBoxes, 150);
  });
  document.addEventListener("htmx:afterSettle", scrollBoxes);

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
