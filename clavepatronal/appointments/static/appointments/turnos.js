// Step g: the seed's confirmation window. Without JavaScript (or without <dialog>)
// each hour button opens a confirmation page with the same "Sí" button instead.
document.addEventListener("DOMContentLoaded", function () {
  var dialog = document.querySelector("[data-confirm-dialog]");
  var form = document.querySelector("[data-slot-form]");
  if (!dialog || !form || typeof dialog.showModal !== "function") {
    return;
  }
  var input = dialog.querySelector("[data-confirm-input]");
  var when = dialog.querySelector("[data-confirm-when]");
  var opener = null;
  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[name='inicio']");
    if (!button) {
      return;
    }
    event.preventDefault();
    opener = button;
    input.value = button.value;
    when.textContent = button.getAttribute("data-when");
    dialog.showModal();
  });
  dialog.querySelector("[data-confirm-cancel]").addEventListener("click", function () {
    dialog.close();
  });
  dialog.addEventListener("close", function () {
    if (opener) {
      opener.focus();
    }
  });
});
