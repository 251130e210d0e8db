// The card form: a field the user changes no longer holds last year's value, so its «значение прошлого года» mark goes
// (removed, not hidden: the mark is part of the field's aria-describedby description).
(function () {
  var form = document.getElementById("card-form");
  if (!form) return;
  function unmark(event) {
    var name = event.target && event.target.name;
    if (!name) return;
    form.querySelectorAll("[data-last-year-for]").forEach(function (badge) {
      if (badge.dataset.lastYearFor === name) badge.remove();
    });
  }
  form.addEventListener("input", unmark);
  form.addEventListener("change", unmark);
})();
