"""The files a turn comes with: the confirmation PDF (QR of the turn code for the
officer to scan) and the calendar event (.ics)."""

import datetime
from io import BytesIO
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import ListFlowable, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus.tables import Table, TableStyle

from clavepatronal.documents.pdf import qr_image
from clavepatronal.procedures.constants import AppliesTo, Channel
from clavepatronal.procedures.selectors import requirement_list

from .models import Turn

QR_SIZE = 38 * mm


def turn_notes() -> list[str]:
    """The seed's notes for the day of the turn, plus arriving early."""
    return [
        _(
            "Presente los documentos originales; la suscripción de la solicitud y del "
            "acuerdo de forma manuscrita es imprescindible."
        ),
        _(
            "Llegue a la agencia con 15 minutos de anticipación y presente esta "
            "confirmación, impresa o en su teléfono."
        ),
        _(
            "Si el trámite lo presenta un tercero, el representante legal debe "
            "registrar la «Autorización de Retiro de Contraseña» en la Solicitud de "
            "entrega de clave; el tercero autorizado presentará su documento de "
            "identificación original (cédula, pasaporte o visa)."
        ),
        _(
            "Si el representante legal no puede realizar el trámite, puede otorgar un "
            "poder notarizado: el apoderado presentará el poder notarial original, "
            "validado y sellado por el delegado del área jurídica de la Dirección "
            "Provincial, y su documento de identificación (cédula, pasaporte o visa)."
        ),
    ]


def _requirement_label(requirement) -> str:
    if requirement.applies_to == AppliesTo.TODOS:
        return requirement.name
    return f"{requirement.name} ({requirement.get_applies_to_display()})"


def turn_when_label(turn: Turn) -> str:
    start = timezone.localtime(turn.slot.starts_at)
    return _("%(date)s, de %(start)s a %(end)s") % {
        "date": formats.date_format(start, "l j \\d\\e F \\d\\e Y"),
        "start": formats.time_format(start, "H:i"),
        "end": formats.time_format(timezone.localtime(turn.slot.ends_at), "H:i"),
    }


def turn_pdf(*, turn: Turn) -> bytes:
    """Confirmación del Turno en Línea as a one-page PDF."""
    styles = getSampleStyleSheet()
    buffer = BytesIO()
    title = _("Confirmación del Turno en Línea")
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author=_("Instituto Ecuatoriano de Seguridad Social"),
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    agency = turn.slot.agency
    rows = [
        (_("Código del turno"), turn.code_display),
        (_("Trámite"), turn.procedure_type.name),
        (_("Agencia"), agency.name),
        (_("Dirección"), agency.address),
        (_("Fecha y hora"), turn_when_label(turn)),
        (_("Identificación"), turn.identification),
    ]
    table = Table(
        [
            [
                Paragraph(f"<b>{escape(str(k))}</b>", styles["Normal"]),
                Paragraph(escape(str(v)), styles["Normal"]),
            ]
            for k, v in rows
        ],
        colWidths=[40 * mm, 90 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
            ]
        )
    )
    requirements = requirement_list(
        procedure_type=turn.procedure_type, channel=Channel.PRESENCIAL
    )
    story = [
        Paragraph(escape(title), styles["Title"]),
        Paragraph(
            escape(_("Instituto Ecuatoriano de Seguridad Social")), styles["Normal"]
        ),
        Spacer(1, 6 * mm),
        table,
        Spacer(1, 6 * mm),
    ]
    if requirements:
        story.append(Paragraph(escape(_("Requisitos")), styles["Heading2"]))
        story.append(
            ListFlowable(
                [
                    Paragraph(escape(_requirement_label(requirement)), styles["Normal"])
                    for requirement in requirements
                ],
                bulletType="1",
            )
        )
    story.append(Paragraph(escape(_("Notas")), styles["Heading2"]))
    story.append(
        ListFlowable(
            [Paragraph(escape(note), styles["Normal"]) for note in turn_notes()],
            bulletType="1",
        )
    )

    def draw_qr(canvas, doc) -> None:
        width, height = A4
        x = width - doc.rightMargin - QR_SIZE
        y = height - doc.topMargin - QR_SIZE - 14 * mm
        canvas.drawImage(qr_image(turn.code), x, y, QR_SIZE, QR_SIZE)
        canvas.setFont("Helvetica", 8)
        canvas.drawCentredString(x + QR_SIZE / 2, y - 4 * mm, turn.code_display)

    document.build(story, onFirstPage=draw_qr)
    return buffer.getvalue()


def turn_ics(*, turn: Turn) -> bytes:
    """The turn as a calendar event, with an alarm two hours before."""
    agency = turn.slot.agency
    calendar = Calendar()
    calendar.add("prodid", "-//IESS//Clave Patronal//ES")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    host = settings.PUBLIC_BASE_URL.split("://")[-1].split("/")[0]
    event.add("uid", f"turno-{turn.code}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(turn.slot.starts_at))
    event.add("dtend", timezone.localtime(turn.slot.ends_at))
    event.add(
        "summary",
        _("Turno IESS: %(procedure)s (%(code)s)")
        % {"procedure": turn.procedure_type.name, "code": turn.code_display},
    )
    event.add("location", f"{agency.name}, {agency.address}")
    event.add(
        "description",
        _(
            "Código del turno: %(code)s. Presente la Confirmación del Turno en Línea "
            "y los documentos originales."
        )
        % {"code": turn.code_display},
    )
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _("Turno IESS"))
    alarm.add("trigger", -datetime.timedelta(hours=2))
    event.add_component(alarm)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
