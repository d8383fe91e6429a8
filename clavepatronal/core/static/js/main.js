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

  // A form whose answer takes a while (the SRI lookup) shows it is working: its
  // button says so and cannot be pressed twice. Coming back with the browser's back
  // button gives the button back.
  document.querySelectorAll("form[data-busy-label]").forEach(function (form) {
    var button = form.querySelector('button[type="submit"]');
    if (!button) { return; }
    var idle = button.textContent;
    form.addEventListener("submit", function () {
      button.disabled = true;
      button.textContent = form.dataset.busyLabel;
      form.setAttribute("aria-busy", "true");
    });
    window.addEventListener("pageshow", function () {
      button.disabled = false;
      button.textContent = idle;
      form.removeAttribute("aria-busy");
    });
  });

  // A name the SRI gave for one RUC is not another RUC's: changing the RUC empties
  // it and lets the person write it (the server does the same on its side).
  document.querySelectorAll("input[data-sri-name-for]").forEach(function (name) {
    var ruc = document.getElementById(name.dataset.sriNameFor);
    if (!ruc || !name.readOnly) { return; }
    var answered = ruc.value;
    ruc.addEventListener("input", function () {
      if (ruc.value.replace(/\s/g, "") === answered.replace(/\s/g, "")) { return; }
      name.value = "";
      name.readOnly = false;
    });
  });
});
