// Small behaviours every page may use, declared in the markup instead of inline handlers (the Content-Security-Policy
// allows no inline script): listeners on the document, so content that htmx swaps in works too.
//   <form data-confirm="Удалить файл?">  asks before the form is sent; «Отмена» sends nothing;
//   <button data-print>                  opens the print dialog;
//   <input data-select-on-click>         selects its whole text on a click (a link to copy).
// Without the script the forms are sent without asking and the page prints from the browser's menu.
(function () {
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form instanceof HTMLFormElement ? form.dataset.confirm : undefined;
    if (question && !window.confirm(question)) event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    if (target.closest("[data-print]")) {
      window.print();
      return;
    }
    var field = target.closest("[data-select-on-click]");
    if (field && typeof field.select === "function") field.select();
  });
})();
