// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to the error summary so screen-reader and keyboard users land on it.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  // Conditional questions: fields that matter only for one answer of a radio group
  // are hidden until that answer is chosen (without JavaScript they always show).
  document.querySelectorAll("form[data-reveal-field]").forEach(function (form) {
    var radios = form.querySelectorAll('input[name="' + form.dataset.revealField + '"]');
    var targets = form.dataset.revealTargets.split(" ").map(function (name) {
      var input = form.querySelector('[name="' + name + '"]');
      return input && input.closest(".field");
    }).filter(Boolean);
    function update() {
      var chosen = form.querySelector('input[name="' + form.dataset.revealField + '"]:checked');
      var show = chosen && chosen.value === form.dataset.revealValue;
      targets.forEach(function (field) { field.hidden = !show; });
    }
    radios.forEach(function (radio) { radio.addEventListener("change", update); });
    update();
  });
});
