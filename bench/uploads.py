"""Benchmark (not a test): time to validate and signature-check a 1 MB signed PDF and
to validate (decode, re-encode) a 1 MB JPG, as the Ventanilla virtual does per upload.

Prints median and p95 per case and, because shared machines are noisy, the ratio to a
baseline measured in the same run: SHA-256 of the same bytes. `make bench-uploads`.
"""

import hashlib
import os
import statistics
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("CLAVEPATRONAL_VAR_DIR", tempfile.mkdtemp(prefix="bench-"))

import django  # noqa: E402

django.setup()

from PIL import Image  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.utils import ImageReader  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from clavepatronal.documents.constants import SIGNATURE_FIELD_NAME  # noqa: E402
from clavepatronal.documents.inspection import upload_inspect  # noqa: E402
from clavepatronal.documents.models import GeneratedDocument  # noqa: E402
from clavepatronal.documents.pdf import signature_field_append  # noqa: E402
from clavepatronal.documents.pki import (  # noqa: E402
    demo_ca_load_or_create,
    pdf_sign,
    signer_create,
)
from clavepatronal.documents.signatures import signature_verify  # noqa: E402

MB = 1024 * 1024
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))
CEDULA = "0926687856"


def noise_jpeg(side: int, quality: int = 92) -> bytes:
    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    output = BytesIO()
    image.save(output, format="JPEG", quality=quality)
    return output.getvalue()


def jpeg_near(limit: int) -> bytes:
    side, best = 200, b""
    while True:
        data = noise_jpeg(side)
        if len(data) > limit:
            return best
        best, side = data, side + 20


def generated_pdf(photo: bytes) -> bytes:
    """A page with a photo and the empty signature field, as the registration makes."""
    output = BytesIO()
    page = canvas.Canvas(output, pagesize=A4)
    page.drawString(72, 800, "Solicitud de entrega de clave patronal (benchmark)")
    page.drawImage(ImageReader(BytesIO(photo)), 72, 300, width=450, height=450)
    page.save()
    return signature_field_append(output.getvalue(), page=0, box=(72, 72, 272, 142))


def phone_photo(limit: int) -> bytes:
    """A 3-megapixel photo of a document, at the best JPEG quality under `limit`."""
    image = Image.merge(
        "RGB", [Image.effect_noise((2048, 1536), sigma) for sigma in (18, 20, 22)]
    )
    for quality in range(90, 20, -5):
        output = BytesIO()
        image.save(output, format="JPEG", quality=quality)
        if len(output.getvalue()) <= limit:
            return output.getvalue()
    raise RuntimeError("no quality fits")


def timed(function, rounds: int = ROUNDS) -> list[float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def main() -> None:
    ca = demo_ca_load_or_create(Path(os.environ["CLAVEPATRONAL_VAR_DIR"]) / "demo-ca")
    signer = signer_create(ca=ca, holder_name="BENCH", identification=CEDULA)
    target = int(MB * 0.8)
    while True:  # reportlab wraps the photo in ASCII85: shrink until the PDF fits
        original = generated_pdf(jpeg_near(target))
        signed = pdf_sign(
            original, signer=signer, ca=ca, field_name=SIGNATURE_FIELD_NAME
        )
        if len(signed) <= MB:
            break
        target = int(target * 0.97)
    document = GeneratedDocument(
        code="BENCH0000000000",
        kind="SOLICITUD_CLAVE",
        sha256=hashlib.sha256(original).hexdigest(),
        size=len(original),
    )
    photo = phone_photo(MB)
    assert len(signed) <= MB and len(photo) <= MB, (len(signed), len(photo))

    def check_pdf():
        checked = upload_inspect(name="solicitud.pdf", data=signed)
        signature_verify(
            data=checked.content, document=document, identification=CEDULA, ruc=""
        )

    def check_jpg():
        upload_inspect(name="foto.jpg", data=photo)

    check_pdf(), check_jpg()  # warm up: imports, caches
    rows = []
    for name, size, function in (
        ("PDF firmado: validar + verificar firma", len(signed), check_pdf),
        ("JPG 2048×1536: decodificar + re-codificar", len(photo), check_jpg),
    ):
        data = signed if "PDF" in name else photo
        baseline = timed(lambda d=data: hashlib.sha256(d).digest(), ROUNDS * 10)
        samples = timed(function)
        rows.append((name, size, samples, statistics.median(baseline)))
    print(f"bench-uploads: {ROUNDS} rondas por caso (mediana y p95 en ms)")
    for name, size, samples, base in rows:
        median = statistics.median(samples)
        print(
            f"  {name:44} {size / MB:5.2f} MB  mediana {median:7.1f} ms  "
            f"p95 {p95(samples):7.1f} ms  = {median / base:,.0f}× SHA-256 del archivo "
            f"({base:.2f} ms)"
        )


if __name__ == "__main__":
    main()
