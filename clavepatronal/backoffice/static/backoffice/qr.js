// Reads a turn's QR with the camera where the browser offers BarcodeDetector;
// typing the code always works, so nothing depends on this.
(function () {
  "use strict";
  var form = document.querySelector("[data-qr-form]");
  if (!form || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  var start = form.querySelector("[data-qr-start]");
  var video = form.querySelector("[data-qr-video]");
  var status = form.querySelector("[data-qr-status]");
  var input = form.querySelector("input[name=codigo]");
  start.hidden = false;
  start.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" } })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        video.play();
        status.textContent = "Apunte la cámara al código QR de la confirmación.";
        var scan = function () {
          detector.detect(video).then(function (codes) {
            if (codes.length) {
              stream.getTracks().forEach(function (t) { t.stop(); });
              input.value = codes[0].rawValue;
              status.textContent = "Código leído.";
              form.submit();
            } else {
              window.requestAnimationFrame(scan);
            }
          }).catch(function () { window.requestAnimationFrame(scan); });
        };
        scan();
      })
      .catch(function () {
        status.textContent = "No se pudo usar la cámara. Escriba el código.";
      });
  });
})();
