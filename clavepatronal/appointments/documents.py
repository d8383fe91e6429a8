"""The files a turn comes with: the confirmation PDF (QR of the turn code for the
officer to scan) and the calendar event (.ics)."""

import datetime

import segno
from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from clavepatronal.catalogue.constants import AppliesTo, Channel
from clavepatronal.catalogue.selectors import requirement_list
from clavepatronal.documents.pdf import (
    data_table,
    numbered_list,
    paragraph,
    render_pdf,
)

from .constants import TurnChannel
from .models import Turn


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


def when_label(starts_at: datetime.datetime, ends_at: datetime.datetime) -> str:
    """«lunes 7 de diciembre de 2026, de 08:00 a 08:20», in Ecuador's time."""
    start = timezone.localtime(starts_at)
    return _("%(date)s, de %(start)s a %(end)s") % {
        "date": formats.date_format(start, "l j \\d\\e F \\d\\e Y"),
        "start": formats.time_format(start, "H:i"),
        "end": formats.time_format(timezone.localtime(ends_at), "H:i"),
    }


def turn_when_label(turn: Turn) -> str:
    return when_label(turn.slot.starts_at, turn.slot.ends_at)


def turn_pdf(*, turn: Turn) -> bytes:
    """Confirmación del Turno en Línea: one page, with a QR of the turn code for the
    officer to scan at the desk. A turn an officer booked (the counter prints it
    for the person) says where it was booked instead of «en línea»."""
    agency = turn.slot.agency
    online = turn.channel == TurnChannel.EN_LINEA
    body = [
        paragraph(
            _("Presente esta confirmación en la agencia, impresa o en su teléfono.")
        ),
        data_table(
            [
                (_("Código del turno"), turn.code_display),
                (_("Trámite"), turn.procedure_type.name),
                (_("Agencia"), agency.name),
                (_("Dirección"), agency.address),
                (_("Fecha y hora"), turn_when_label(turn)),
                (_("Identificación"), turn.identification),
                *([] if online else [(_("Reservado"), turn.get_channel_display())]),
            ]
        ),
    ]
    requirements = requirement_list(
        procedure_type=turn.procedure_type, channel=Channel.PRESENCIAL
    )
    if requirements:
        body += [
            paragraph(_("Requisitos"), "heading"),
            numbered_list([_requirement_label(r) for r in requirements]),
        ]
    body += [
        paragraph(_("Notas"), "heading"),
        numbered_list(turn_notes()),
    ]
    return render_pdf(
        title=(
            _("Confirmación del Turno en Línea")
            if online
            else _("Confirmación del Turno")
        ),
        code_label=_("Código del turno"),
        code_display=turn.code_display,
        qr_data=turn.code,
        body=body,
    )


def turn_qr_data_uri(*, turn: Turn) -> str:
    """The QR the PDF carries (the turn code), as an image a page can show."""
    return segno.make(turn.code, error="m").svg_data_uri(scale=4)


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
