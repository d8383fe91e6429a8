// Ventanilla virtual uploads, progressively enhanced: each file's size is shown as
// soon as it is chosen, a file over the limit is stopped before sending, and a photo
// over the limit can be shrunk in the browser. Without JavaScript the server checks all.
(function () {
  "use strict";

  function sizeLabel(bytes) {
    if (bytes < 1024 * 1024) return Math.max(1, Math.round(bytes / 1024)) + " KB";
    return (bytes / (1024 * 1024)).toFixed(1).replace(".", ",") + " MB";
  }

  function statusFor(input) {
    var id = input.id + "_estado";
    var status = document.getElementById(id);
    if (!status) {
      status = document.createElement("p");
      status.id = id;
      status.className = "field__hint upload-status";
      status.setAttribute("aria-live", "polite");
      input.insertAdjacentElement("afterend", status);
      var described = (input.getAttribute("aria-describedby") || "").trim();
      input.setAttribute("aria-describedby", (described + " " + id).trim());
    }
    return status;
  }

  // Redraw the photo smaller and re-encode it until it fits: first lower quality,
  // then fewer pixels.
  function shrink(file, maxBytes) {
    return new Promise(function (resolve, reject) {
      var image = new Image();
      image.onload = function () {
        URL.revokeObjectURL(image.src);
        var canvas = document.createElement("canvas");
        var longest = 2000;
        var quality = 0.85;
        (function attempt() {
          var scale = Math.min(1, longest / Math.max(image.width, image.height));
          canvas.width = Math.round(image.width * scale);
          canvas.height = Math.round(image.height * scale);
          canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
          canvas.toBlob(function (blob) {
            if (!blob) return reject();
            if (blob.size <= maxBytes) {
              var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
              return resolve(new File([blob], name, { type: "image/jpeg" }));
            }
            if (quality > 0.5) { quality -= 0.15; } else { longest = Math.round(longest * 0.75); }
            if (longest < 300) return reject();
            attempt();
          }, "image/jpeg", quality);
        })();
      };
      image.onerror = reject;
      image.src = URL.createObjectURL(file);
    });
  }

  function check(input) {
    var status = statusFor(input);
    var max = parseInt(input.dataset.maxBytes, 10);
    var old = input.parentNode.querySelector(".upload-shrink");
    if (old) old.remove();
    input.dataset.tooBig = "";
    var file = input.files && input.files[0];
    if (!file) { status.textContent = ""; return; }
    if (file.size <= max) {
      status.textContent = file.name + " — " + sizeLabel(file.size);
      status.classList.remove("field__error");
      return;
    }
    input.dataset.tooBig = "1";
    status.classList.add("field__error");
    status.textContent = file.name + " pesa " + sizeLabel(file.size) +
      "; el máximo es " + input.dataset.maxLabel + ". Elija un archivo más liviano.";
    if (/^image\//.test(file.type) && window.DataTransfer) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button--secondary upload-shrink";
      button.textContent = "Reducir la foto a menos de " + input.dataset.maxLabel;
      button.addEventListener("click", function () {
        button.disabled = true;
        shrink(file, max).then(function (smaller) {
          var transfer = new DataTransfer();
          transfer.items.add(smaller);
          input.files = transfer.files;
          check(input);
          input.focus();
        }, function () {
          status.textContent = "No pudimos reducir la foto en este navegador. Redúzcala en su teléfono o computadora.";
          button.remove();
        });
      });
      status.insertAdjacentElement("afterend", button);
    }
  }

  document.querySelectorAll("form[data-uploads]").forEach(function (form) {
    var inputs = form.querySelectorAll("input[type=file][data-max-bytes]");
    inputs.forEach(function (input) {
      input.addEventListener("change", function () { check(input); });
    });
    form.addEventListener("submit", function (event) {
      var tooBig = Array.prototype.find.call(inputs, function (i) { return i.dataset.tooBig; });
      if (tooBig) {
        event.preventDefault();
        tooBig.focus();
        return;
      }
      var button = form.querySelector("[data-prevent-double-click]");
      if (button) {
        if (button.dataset.sent) { event.preventDefault(); return; }
        button.dataset.sent = "1";
        button.setAttribute("aria-disabled", "true");
        button.textContent = "Enviando…";
      }
    });
  });
})();
