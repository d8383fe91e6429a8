"""Joining the waiting list (docs/turnos.md, «Lista de espera»): a person whose
verified journey found no seat waits for a freed one at that agency, for that
procedure, on the days and hours they name (or any).

The same rules as a booking: the e-mail code, the agency serving the procedure, the
employer's registration naming the person (Clave patronal), no active turn, and the
proof that the registration's mailbox backs it, as a RESERVADO turn needs; there is
no entry «por confirmar», since a seat it takes is reserved at once. One live entry
per person and procedure, and per employer: the database's partial unique indexes.
"""

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.core.addresses import public_url
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.identity.validators import identification_compact
from clavepatronal.notifications.services import email_send

from ..models import Agency, WaitlistEntry
from ..selectors import (
    TurnHolder,
    booking_window,
    employer_mailbox,
    employer_mailbox_proven,
    employer_notice_mailbox,
)
from ..selectors.calendar import local_time
from ..selectors.waitlist import (
    EMPLOYER_LINK,
    ENTRY_LINK,
    waitlist_days,
    waitlist_link_token,
    waitlist_preferences_label,
    waitlist_priority,
    waitlist_rank,
    waitlist_starts,
)
from .booking import holder_free_require, procedure_served_require
from .transitions import citizen_actor
from .verification import verification_require


def waitlist_proof_error() -> ApplicationError:
    """Plainly how: the code of the registration's mailbox (or its own address)."""
    return ApplicationError(
        _(
            "Para entrar en la lista de espera a nombre del empleador debe probar "
            "que el empleador está de acuerdo: escriba el código que enviamos al "
            "correo de su registro (en «Confirmación del empleador», botón «Enviar "
            "el código»), o verifique en el paso de contacto ese mismo correo. La "
            "lista de espera no admite inscripciones por confirmar, porque el turno "
            "que le toque se reserva a su nombre de inmediato."
        ),
        extra={"code": "employer_proof"},
    )


def waitlist_exists_error() -> ApplicationError:
    return ApplicationError(
        _(
            "Ya está en la lista de espera para este trámite (o alguien más ya "
            "espera un turno de Clave patronal para este empleador). Solo se puede "
            "estar una vez; el enlace para verla o salir de ella llegó al correo con "
            "el que se inscribió."
        ),
        extra={"code": "waitlist_exists"},
    )


def _preferences_clean(
    *, agency: Agency, now: datetime.datetime, days: Sequence[str], hours: Sequence[str]
) -> tuple[list[str], list[str]]:
    """ISO days of the booking window the agency opens, and its own hours; empty
    lists mean any day, any hour."""
    open_days = waitlist_days(agency=agency, now=now)
    grid = set(waitlist_starts(agency=agency, day=local_time(now).date()))
    chosen_days = sorted(set(days))
    chosen_hours = sorted(set(hours))
    known_days = {day.isoformat() for day in open_days}
    if not set(chosen_days) <= known_days or not set(chosen_hours) <= grid:
        raise ApplicationError(
            _("Elija días y horas de la lista, o «Cualquier día y hora»."),
            extra={"code": "preferences"},
        )
    if not open_days:
        raise ApplicationError(
            _("Esta agencia no atiende en los días abiertos. Elija otra agencia."),
            extra={"code": "preferences"},
        )
    return chosen_days, chosen_hours


def _proof_require(
    holder: TurnHolder, person: dict, proof_id: int | None, now
) -> str | None:
    """The registration's mailbox (read once: the proof and the notice use it),
    after checking that it backs the person (employer_mailbox_proven)."""
    if holder.registration is None:
        return None
    mailbox = employer_mailbox(holder.registration)
    if not employer_mailbox_proven(
        registration=holder.registration,
        email=person["email"],
        proof_id=proof_id,
        now=now,
        identification=person["identification"],
        mailbox=mailbox,
    ):
        raise waitlist_proof_error()
    return mailbox


def waitlist_join(
    *,
    verification_id: int | None,
    identification_type: str,
    identification: str,
    email: str,
    mobile: str,
    agency: Agency,
    procedure_type: ProcedureType,
    days: Sequence[str] = (),
    hours: Sequence[str] = (),
    employer_identification: str = "",
    employer_proof_id: int | None = None,
    now: datetime.datetime | None = None,
) -> WaitlistEntry:
    """«Unirme a la lista de espera»: the entry, in the published order (the
    no-show tier, then the drawn rank), waiting until the last day of the booking
    window; or refused, with nothing written."""
    now = now or timezone.now()
    identification = identification_compact(identification)
    person = {
        "identification_type": identification_type,
        "identification": identification,
        "email": email.strip().lower(),
        "mobile": mobile,
    }
    verification_require(
        verification_id=verification_id,
        identification=identification,
        email=email,
        now=now,
    )
    procedure_served_require(agency=agency, procedure_type=procedure_type)
    days, hours = _preferences_clean(agency=agency, now=now, days=days, hours=hours)
    holder = holder_free_require(
        procedure_type=procedure_type,
        identification=identification,
        employer_identification=employer_identification,
    )
    mailbox = _proof_require(holder, person, employer_proof_id, now)
    entry = _entry_new(
        agency=agency,
        procedure_type=procedure_type,
        holder=holder,
        person=person,
        preferences=(days, hours),
        now=now,
    )
    _entry_insert(entry=entry, mailbox=mailbox)
    return entry


def _entry_new(
    *, agency, procedure_type, holder: TurnHolder, person: dict, preferences, now
) -> WaitlistEntry:
    days, hours = preferences
    entry = WaitlistEntry(
        agency=agency,
        procedure_type=procedure_type,
        **person,
        registration=holder.registration,
        employer_identification=holder.employer_identification,
        holder_role=holder.role,
        holder_names=holder.names,
        days=days,
        hours=hours,
        until=booking_window(now=now)[1],
        priority=waitlist_priority(identification=person["identification"], now=now),
        rank=waitlist_rank(
            agency_id=agency.pk,
            procedure_type_id=procedure_type.pk,
            identification=person["identification"],
            day=local_time(now).date(),
        ),
    )
    entry.full_clean(
        exclude=["agency", "procedure_type", "registration"],
        validate_unique=False,
        validate_constraints=False,
    )
    return entry


def _entry_insert(*, entry: WaitlistEntry, mailbox: str | None) -> None:
    """The entry, its audit event and its mails, in one transaction; the database
    keeps one live entry per person and procedure, and per employer."""
    try:
        with transaction.atomic():
            entry.save()
            audit_event_record(
                action=AuditAction.ESPERA_INSCRITA,
                target=entry,
                actor_label=citizen_actor(entry.identification),
                data={
                    "agency": entry.agency_id,
                    "procedure_type": entry.procedure_type.code,
                    "days": entry.days,
                    "hours": entry.hours,
                    "priority": entry.priority,
                    "rank": entry.rank,
                },
            )
            _joined_mail(entry)
            _employer_notice(entry, mailbox)
    except IntegrityError:
        raise waitlist_exists_error() from None


def _joined_mail(entry: WaitlistEntry) -> None:
    email_send(
        to=entry.email,
        subject=_("Está en la lista de espera — IESS"),
        template_name="lista_espera_inscripcion",
        context={
            "entry": entry,
            "preferences": waitlist_preferences_label(entry=entry),
            "hold_minutes": settings.TURNOS_WAITLIST_HOLD_MINUTES,
            "entry_url": public_url(
                "appointments:waitlist_entry",
                token=waitlist_link_token(kind=ENTRY_LINK, pk=entry.pk),
            ),
        },
    )


def _employer_notice(entry: WaitlistEntry, mailbox: str | None) -> None:
    """The registration's mailbox hears of it, with «No fui yo», unless the person
    reads that mailbox (their own mail says it)."""
    mailbox = employer_notice_mailbox(made=entry, mailbox=mailbox)
    if not mailbox:
        return
    email_send(
        to=mailbox,
        subject=_(
            "Aviso: una inscripción en la lista de espera a nombre de su empresa"
        ),
        template_name="lista_espera_aviso_empleador",
        context={
            "entry": entry,
            "registration": entry.registration,
            "employer_url": public_url(
                "appointments:waitlist_employer",
                token=waitlist_link_token(kind=EMPLOYER_LINK, pk=entry.pk),
            ),
        },
    )
