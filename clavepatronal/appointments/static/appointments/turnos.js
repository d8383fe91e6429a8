// Turnos en línea: progressive enhancement only. Every page works without this file.

// Step f: the agencies follow the province and the procedure type, so the person
// submits once («Siguiente»). Without JavaScript the «Ver agencias» button loads the
// same list first. The list is read from the same page the button would load.
function enhanceAgencySearch() {
  var search = document.querySelector("[data-agency-search]");
  var results = document.querySelector("[data-agency-results]");
  var status = document.querySelector("[data-agency-status]");
  if (!search || !results || !window.fetch || !window.DOMParser || !window.URLSearchParams) {
    return;
  }
  var button = search.querySelector("[data-agency-search-button]");
  var latest = 0;
  // What the person already wrote (the employer's RUC), by field name: it comes
  // back when a later list has that field again.
  var kept = {};

  function query() {
    var params = new URLSearchParams();
    search.querySelectorAll("select, input").forEach(function (field) {
      if (field.name) {
        params.append(field.name, field.value);
      }
    });
    return params;
  }

  function keep() {
    results.querySelectorAll("input[type='text']").forEach(function (input) {
      kept[input.name] = input.value;
    });
  }

  function show(fragment) {
    results.innerHTML = fragment ? fragment.innerHTML : "";
    results.querySelectorAll("input[type='text']").forEach(function (input) {
      if (kept[input.name]) {
        input.value = kept[input.name];
      }
    });
    var count = results.querySelector("[data-agency-count]");
    if (status) {
      status.textContent = count ? count.textContent.trim() : "";
    }
  }

  function update() {
    var params = query();
    var request = ++latest;
    if (!params.get("provincia")) {
      keep();
      show(null);
      history.replaceState(null, "", window.location.pathname);
      return;
    }
    var url = window.location.pathname + "?" + params.toString();
    keep();
    results.setAttribute("aria-busy", "true");
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok || response.redirected) {
          throw new Error("step f: " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        if (request !== latest) {
          return; // a newer choice is on its way
        }
        var page = new DOMParser().parseFromString(html, "text/html");
        show(page.querySelector("[data-agency-results]"));
        history.replaceState(null, "", url);
        results.removeAttribute("aria-busy");
      })
      .catch(function () {
        // Whatever went wrong, the page without JavaScript still works.
        search.submit();
      });
  }

  if (button) {
    button.hidden = true;
  }
  search.addEventListener("change", update);
  // A browser that restored the selects (back button) may show another list.
  var shown = new URLSearchParams(window.location.search);
  var chosen = query();
  if (
    chosen.get("provincia") &&
    (chosen.get("provincia") !== shown.get("provincia") ||
      chosen.get("tramite") !== shown.get("tramite"))
  ) {
    update();
  }
}

// Step g: the seed's confirmation window. Without JavaScript (or without <dialog>)
// each hour button opens a confirmation page with the same "Sí" button instead.
function enhanceSlotDialog() {
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
}

document.addEventListener("DOMContentLoaded", function () {
  enhanceAgencySearch();
  enhanceSlotDialog();
});
