// The commission's work list: «отметить все» checks every card's box in the form, and the number of checked cards is
// shown next to the buttons. Without the script the boxes and the buttons work as they are.
(function () {
  document.querySelectorAll("form[data-bulk]").forEach(function (form) {
    var all = form.querySelector("[data-bulk-all]");
    var count = form.querySelector("[data-bulk-count]");
    var boxes = Array.prototype.slice.call(form.querySelectorAll('input[type="checkbox"][name="ids"]'));

    function sync() {
      var checked = boxes.filter(function (box) { return box.checked; }).length;
      if (all) {
        all.checked = checked > 0 && checked === boxes.length;
        all.indeterminate = checked > 0 && checked < boxes.length;
      }
      if (count) count.textContent = count.dataset.label + " " + checked;
    }

    if (all) {
      all.hidden = false;
      all.addEventListener("change", function () {
        boxes.forEach(function (box) { box.checked = all.checked; });
        sync();
      });
    }
    boxes.forEach(function (box) { box.addEventListener("change", sync); });
    if (count) count.hidden = false;
    sync();
  });
})();
