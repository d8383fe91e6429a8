"""Shared pieces of the PDFs we generate: QR images and the empty signature field."""

from io import BytesIO

import segno
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.fields import SigFieldSpec, append_signature_field
from reportlab.lib.utils import ImageReader

from .constants import SIGNATURE_FIELD_NAME


def qr_image(data: str) -> ImageReader:
    """A QR code as an image reportlab can draw (PNG, quiet zone included)."""
    buffer = BytesIO()
    segno.make(data, error="m").save(buffer, kind="png", scale=6, border=4)
    buffer.seek(0)
    return ImageReader(buffer)


def signature_field_append(
    pdf: bytes,
    *,
    page: int,
    box: tuple[float, float, float, float],
    field_name: str = SIGNATURE_FIELD_NAME,
) -> bytes:
    """Add an empty PAdES signature field, as FirmaEC and other signers expect."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    append_signature_field(
        writer, SigFieldSpec(sig_field_name=field_name, on_page=page, box=box)
    )
    output = BytesIO()
    writer.write(output)
    return output.getvalue()
