// «Исправить значение» on the commission's card page: a yes/no indicator gets the да/нет choice, a number the text field.
(function () {
  var select = document.getElementById("correct_key");
  if (!select) return;
  function sync() {
    var option = select.options[select.selectedIndex];
    var isFlag = Boolean(option && option.dataset.kind === "bool");
    document.querySelectorAll("[data-kind-field]").forEach(function (box) {
      box.hidden = (box.dataset.kindField === "bool") !== isFlag;
    });
  }
  select.addEventListener("change", sync);
  sync();
})();
