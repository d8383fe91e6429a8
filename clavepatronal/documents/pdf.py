"""The one way we draw PDFs: a page frame with code, date and QR, the body, and the
legal representative's signature block with an empty PAdES signature field."""

import threading
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

import segno
from django.utils import timezone
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.fields import SigFieldSpec, append_signature_field
from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    ListFlowable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from .constants import SIGNATURE_FIELD_NAME

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
QR_SIZE = 30 * mm
SIGNATURE_BOX = (80 * mm, 20 * mm)

# DejaVu Sans (embedded, subset) writes every Latin, Greek and Cyrillic name as typed;
# the PDF standard fonts would print "■ukasz" for a foreign representative's Łukasz.
_FONTS = Path(__file__).parent / "fonts"
FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"
# reportlab keeps each TrueType font's subsets in the shared font object: two
# documents built at once in one process (threads: the test server, gunicorn with
# GUNICORN_THREADS > 1, a thread pool) can corrupt each other's subset ("KeyError"
# in makeSubset). One build at a time per process.
_BUILD_LOCK = threading.Lock()
pdfmetrics.registerFont(TTFont(FONT, _FONTS / "DejaVuSans.ttf"))
pdfmetrics.registerFont(TTFont(FONT_BOLD, _FONTS / "DejaVuSans-Bold.ttf"))
pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)

_base = getSampleStyleSheet()


def _style(name: str, size: float, leading: float, **kwargs) -> ParagraphStyle:
    kwargs.setdefault("parent", _base["BodyText"])
    kwargs.setdefault("fontName", FONT)
    return ParagraphStyle(name, fontSize=size, leading=leading, **kwargs)


STYLES = {
    "title": _style(
        "title", 15, 19, parent=_base["Title"], fontName=FONT_BOLD, spaceAfter=4
    ),
    "heading": _style(
        "heading",
        11,
        13.5,
        parent=_base["Heading2"],
        fontName=FONT_BOLD,
        spaceBefore=5,
        spaceAfter=2,
    ),
    "body": _style("body", 9.5, 13, alignment=TA_JUSTIFY),
    "cell": _style("cell", 9, 11, spaceBefore=0),
    "label": _style("label", 8.5, 10.5, spaceBefore=0, textColor="#333333"),
    "small": _style("small", 7.5, 9),
}


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


def paragraph(text: str, style: str = "body") -> Paragraph:
    """A paragraph of plain text: markup characters are escaped, never interpreted."""
    return Paragraph(escape(str(text)), STYLES[style])


def data_table(rows: list[tuple[str, str]]) -> Table:
    """Label/value rows, as on a paper form."""
    table = Table(
        [
            [paragraph(label, "label"), paragraph(value or "—", "cell")]
            for label, value in rows
        ],
        colWidths=[55 * mm, PAGE_WIDTH - 2 * MARGIN - 55 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9a9a9a")),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f1f1f1")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


def numbered_list(items: list[str]) -> ListFlowable:
    return ListFlowable(
        [paragraph(item, "cell") for item in items],
        bulletType="1",
        bulletFontName=FONT,
        bulletFontSize=9,
    )


@dataclass
class _SignaturePlacement:
    page: int | None = None
    box: tuple[float, float, float, float] | None = None


class _SignatureBox(Flowable):
    """The dashed box where the electronic signature appears; remembers where it was
    drawn so the signature field lands exactly on it."""

    def __init__(self, placement: _SignaturePlacement, caption: str) -> None:
        super().__init__()
        self.width, self.height = SIGNATURE_BOX
        self.placement = placement
        self.caption = caption

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setDash(3, 2)
        canvas.setStrokeColor(colors.HexColor("#555555"))
        canvas.rect(0, 0, self.width, self.height)
        canvas.setFont(FONT, 7)
        canvas.drawString(2 * mm, self.height - 4 * mm, self.caption)
        canvas.restoreState()
        x, y = canvas.absolutePosition(0, 0)
        self.placement.page = canvas.getPageNumber() - 1
        self.placement.box = (x, y, x + self.width, y + self.height)


@dataclass
class Signer:
    """Who signs the document: shown under the signature lines."""

    role: str
    name: str
    identification: str
    lines: list[str] = field(default_factory=list)


def signature_block(placement: _SignaturePlacement, signer: Signer) -> KeepTogether:
    electronic = _SignatureBox(
        placement, "Firma electrónica (PAdES) del representante legal"
    )
    handwritten = Table(
        [
            [paragraph("", "cell")],
            [paragraph("Firma manuscrita", "label")],
        ],
        colWidths=[80 * mm],
        rowHeights=[14 * mm, None],
    )
    handwritten.setStyle(TableStyle([("LINEBELOW", (0, 0), (0, 0), 0.8, colors.black)]))
    details = [
        paragraph(signer.name, "cell"),
        paragraph(signer.identification, "cell"),
        paragraph(signer.role, "label"),
        *[paragraph(line, "label") for line in signer.lines],
    ]
    return KeepTogether(
        [
            Spacer(1, 3 * mm),
            Table(
                [[electronic, handwritten], [details, ""]],
                colWidths=[(PAGE_WIDTH - 2 * MARGIN) / 2] * 2,
                style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]),
            ),
        ]
    )


@dataclass(frozen=True)
class _PageFrame:
    """What every page carries: the institution, the document's code and date, the
    footer; the first page also the QR."""

    stamp: str
    generated: str
    qr_data: str
    footer: str

    def draw(self, canvas, doc, *, first: bool) -> None:
        canvas.saveState()
        canvas.setFont(FONT_BOLD, 10)
        canvas.drawString(
            MARGIN, PAGE_HEIGHT - MARGIN, "INSTITUTO ECUATORIANO DE SEGURIDAD SOCIAL"
        )
        canvas.setFont(FONT, 8.5)
        canvas.drawString(MARGIN, PAGE_HEIGHT - MARGIN - 12, self.stamp)
        canvas.drawString(MARGIN, PAGE_HEIGHT - MARGIN - 23, self.generated)
        if first:
            canvas.drawImage(
                qr_image(self.qr_data),
                PAGE_WIDTH - MARGIN - QR_SIZE,
                PAGE_HEIGHT - MARGIN - QR_SIZE + 6 * mm,
                QR_SIZE,
                QR_SIZE,
            )
        canvas.setFont(FONT, 7.5)
        canvas.drawString(MARGIN, MARGIN - 8 * mm, self.footer)
        canvas.drawRightString(
            PAGE_WIDTH - MARGIN, MARGIN - 8 * mm, f"Página {doc.page}"
        )
        canvas.restoreState()


def render_pdf(
    *,
    title: str,
    code_label: str,
    code_display: str,
    qr_data: str,
    body: list[Flowable],
    signer: Signer | None = None,
    footer: str = "",
    generated_at: datetime | None = None,
) -> bytes:
    """The one way we draw a PDF: a frame on every page (institution, code, date,
    `footer`), the QR of `qr_data` on the first page, the body and, when the
    document is signed by a representative, the signature block with the empty
    PAdES field *FirmaRepresentanteLegal*.
    """
    generated_at = timezone.localtime(generated_at or timezone.now())
    placement = _SignaturePlacement()
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 16 * mm,
        bottomMargin=MARGIN,
        title=title,
        author="Instituto Ecuatoriano de Seguridad Social",
        subject=f"{code_label} {code_display}",
        creator="Clave Patronal",
    )
    frame = _PageFrame(
        stamp=f"{code_label}: {code_display}",
        generated=f"Generado el {generated_at:%d/%m/%Y a las %H:%M} (hora de Ecuador)",
        qr_data=qr_data,
        footer=footer,
    )
    story = [Spacer(1, 4 * mm), Paragraph(escape(title), STYLES["title"]), *body]
    if signer is not None:
        story.append(signature_block(placement, signer))
    with _BUILD_LOCK:
        document.build(
            story,
            onFirstPage=lambda c, d: frame.draw(c, d, first=True),
            onLaterPages=lambda c, d: frame.draw(c, d, first=False),
        )
    if signer is None:
        return buffer.getvalue()
    return signature_field_append(
        buffer.getvalue(), page=placement.page, box=placement.box
    )
