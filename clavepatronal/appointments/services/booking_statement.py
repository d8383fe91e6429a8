"""*Confirmar* on PostgreSQL in one statement: every rule of turn_book checked and the
seat, the turn, its audit event and the calendar version written by data-modifying
CTEs, which return either the new turn or the name of the rule that refused.

Computed in Python first, without the database: the compact identification, the
mailbox key of the typed address, the turn's code, the hour's own rules
(slot_unbookable_reason with the day's facts set aside: the statement reads the
closure and the draw), the audit payload, the client's address and the request id.
Left to separate statements in the same transaction, each for a reason: the
confirmation task (django-tasks' enqueue builds its own row), the employer's notice
(email_send: only when the person does not read the employer's mailbox), and a
booking that must first cancel the employer's turns waiting for confirmation
(rare: the statement names it «displace» and booking.py takes the ORM path).
"""

import datetime
import functools
import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, transaction
from django.utils import timezone

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.context import client_ip
from clavepatronal.audit.models import AuditEvent
from clavepatronal.catalogue.constants import CLAVE_PATRONAL_CODE
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.core.request_id import request_id_current
from clavepatronal.documents.codes import random_code
from clavepatronal.employers.constants import (
    PowerStatus,
    RecipientRole,
    RegistrationStatus,
)
from clavepatronal.employers.models import (
    EmployerAccount,
    PowerOfAttorney,
    Registration,
)
from clavepatronal.identity.validators import identification_compact
from clavepatronal.notifications.constants import VerificationPurpose
from clavepatronal.notifications.mailboxes import (
    DOMAIN_ALIASES,
    DOT_BLIND_DOMAINS,
    mailbox_key,
)
from clavepatronal.notifications.models import EmailVerification
from clavepatronal.observability import record

from ..constants import TURN_ACTIVE_STATUSES, TURN_CODE_LENGTH, DrawStatus, TurnStatus
from ..models import (
    Agency,
    AgencyCalendar,
    AgencyClosure,
    Draw,
    EmployerBlock,
    Slot,
    Turn,
)
from ..selectors import DayFacts, slot_unbookable_reason
from ..selectors.calendar import local_time
from .calendar_version import CALENDAR_VERSION_PREFIX, calendar_cache_bump
from .mail import turn_confirmation_enqueue, turn_employer_notice
from .seats import no_availability
from .transitions import citizen_actor
from .verification import verification_require

_SLOT_FIELDS = ("created", "updated", "ends_at", "capacity", "booked", "held")
_SQL_PATH = Path(__file__).resolve().parent.parent / "sql" / "booking.sql"


@functools.cache
def _statement() -> str:
    tables = {
        "registration": Registration,
        "power": PowerOfAttorney,
        "account": EmployerAccount,
        "user": get_user_model(),
        "verification": EmailVerification,
        "block": EmployerBlock,
        "turn": Turn,
        "served": Agency.procedure_types.through,
        "closure": AgencyClosure,
        "draw": Draw,
        "slot": Slot,
        "audit": AuditEvent,
        "calendar": AgencyCalendar,
    }
    names = {key: model._meta.db_table for key, model in tables.items()}
    return _SQL_PATH.read_text(encoding="utf-8").format(**names)


def booking_statement_run(params: dict) -> dict:
    """One round trip: the rules, and the writes when none refused. Its answer by
    column: `reason` names the rule that refused (None when booked)."""
    with connections[Turn.objects.db].cursor() as cursor:
        cursor.execute(_statement(), params)
        columns = [column.name for column in cursor.description]
        answer = dict(zip(columns, cursor.fetchone(), strict=True))
    if answer["reason"] is None and answer["turn_id"] is None:
        answer["reason"] = "sin_disponibilidad"
    return answer


def booking_params(
    *, person: dict, agency: Agency, procedure_type, starts_at, now, extra: dict
) -> dict:
    """The statement's parameters: `person` (identification compact, e-mail,
    identification_type, mobile, code), `extra` (verification_id, employer,
    proof_id, pending, day, unbookable_open/closed, written, data, actor_label)."""
    since = now - datetime.timedelta(minutes=settings.TURNOS_VERIFIED_MINUTES)
    hold = datetime.timedelta(hours=settings.TURNOS_EMPLOYER_CONFIRM_HOURS)
    aliases = sorted(DOMAIN_ALIASES.items())
    return {
        **person,
        **extra,
        "email_key": mailbox_key(person["email"]),
        "clave": procedure_type.code == CLAVE_PATRONAL_CODE,
        "agency": agency.pk,
        "procedure": procedure_type.pk,
        "starts_at": starts_at,
        "ends_at": agency.slot_end(starts_at),
        "capacity": agency.capacity_per_slot,
        "now": now,
        "since": since,
        "confirm_until": min(now + hold, starts_at),
        "reg_active": RegistrationStatus.ACTIVO.value,
        "power_rejected": PowerStatus.RECHAZADO.value,
        "power_pending": PowerStatus.PENDIENTE.value,
        "power_sealed": PowerStatus.SELLADO.value,
        "role_rep": RecipientRole.REPRESENTANTE_LEGAL.value,
        "role_auth": RecipientRole.TERCERO_AUTORIZADO.value,
        "role_power": RecipientRole.APODERADO.value,
        "dot_blind": sorted(DOT_BLIND_DOMAINS),
        "alias_from": [source for source, _target in aliases],
        "alias_to": [target for _source, target in aliases],
        "proof_purpose": VerificationPurpose.EMPLEADOR_TURNO.value,
        "verification_purpose": VerificationPurpose.TURNO.value,
        "active": [str(status) for status in TURN_ACTIVE_STATUSES],
        "unconfirmed": TurnStatus.POR_CONFIRMAR.value,
        "reserved": TurnStatus.RESERVADO.value,
        "draw_done": DrawStatus.REALIZADO.value,
        "action": AuditAction.TURNO_RESERVADO.value,
        "ip": client_ip(),
        "target_type": Turn._meta.label_lower,
        "request_id": request_id_current(),
        "data": json.dumps(extra["data"]),
    }


def statement_path_on() -> bool:
    """PostgreSQL books in one statement unless TURNOS_BOOKING_STATEMENT is False
    (the tests compare both paths); SQLite keeps the ORM path."""
    return (
        connections[Turn.objects.db].vendor == "postgresql"
        and settings.TURNOS_BOOKING_STATEMENT
    )


def turn_book_statement(*, booking: dict):
    """turn_book's booking (its arguments, `now` set, the number compact) by one
    statement on PostgreSQL, or None when turn_book takes the ORM path: SQLite or
    TURNOS_BOOKING_STATEMENT False, an hour without a time zone, an empty number,
    fields full_clean refuses (the ORM path says so after the rules, in its order),
    the employer's turns waiting for confirmation to cancel first («displace»), or
    a partial unique index that refused the insert (the ORM path reads the winner).
    """
    if not statement_path_on():
        return None
    agency, procedure_type = booking["agency"], booking["procedure_type"]
    now = booking["now"]
    prepared = _prepared(
        agency=agency, procedure_type=procedure_type, booking=booking, now=now
    )
    if prepared is None:
        return None
    params, turn, reasons = prepared
    try:
        with transaction.atomic():
            outcome = booking_statement_run(params)
            if outcome["reason"] == "displace":
                return None
            if outcome["reason"] is not None:
                raise _refusal(outcome, reasons)
            _turn_filled(turn, outcome, params=params, agency=agency)
            _after_insert(turn, agency=agency, mailbox=outcome["mailbox"])
    except IntegrityError:
        # The last guard (a concurrent booking committed first): the ORM path
        # reads the winner and words the refusal as it does (integrity_refusal).
        return None
    return turn


def _prepared(*, agency: Agency, procedure_type, booking: dict, now):
    """The statement's parameters and the unsaved turn, from what Python knows
    without the database; None for what the ORM path must say itself."""
    starts_at = booking["starts_at"]
    identification = booking["identification"]
    if timezone.is_naive(starts_at) or not identification:
        return None
    email = booking["email"].strip().lower()
    turn = Turn(
        code=random_code(TURN_CODE_LENGTH),
        identification_type=booking["identification_type"],
        identification=identification,
        email=email,
        mobile=booking["mobile"],
        procedure_type=procedure_type,
    )
    try:
        turn.full_clean(
            exclude=["slot", "procedure_type", "registration"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError:
        return None
    person = {
        "identification": identification,
        "identification_type": turn.identification_type,
        "email": email,
        "mobile": turn.mobile,
        "code": turn.code,
    }
    extra = _extra(
        agency=agency, procedure_type=procedure_type, booking=booking, now=now
    )
    reasons = extra.pop("reasons")
    params = booking_params(
        person=person,
        agency=agency,
        procedure_type=procedure_type,
        starts_at=starts_at,
        now=now,
        extra=extra,
    )
    return params, turn, reasons


def _extra(*, agency: Agency, procedure_type, booking: dict, now) -> dict:
    starts_at = booking["starts_at"]
    reasons = {
        key: slot_unbookable_reason(
            agency=agency, starts_at=starts_at, now=now, day_facts=facts
        )
        for key, facts in _DAYS.items()
    }
    return {
        "verification_id": booking["verification_id"],
        "employer": identification_compact(booking["employer_identification"]),
        "proof_id": booking["employer_proof_id"],
        "pending": bool(booking["employer_pending"]),
        "day": local_time(starts_at).date(),
        "unbookable_open": reasons["open"] is not None,
        "unbookable_closed": reasons["closed"] is not None,
        "reasons": reasons,
        "written": timezone.now(),
        "actor_label": citizen_actor(booking["identification"]),
        "data": {
            "agency": agency.pk,
            "procedure_type": procedure_type.code,
            "starts_at": starts_at.isoformat(),
        },
    }


# The day's facts the statement reads, set aside or stated: the hour's reasons for
# an open day, a closed one, and a day whose draw has not run (its message).
_DAYS = {
    "open": DayFacts(closed=False, draw=None),
    "closed": DayFacts(closed=True, draw=None),
    "draw": DayFacts(
        closed=False,
        draw=Draw(
            status=DrawStatus.ABIERTO,
            closes_at=datetime.datetime.max.replace(tzinfo=datetime.UTC),
        ),
    ),
}


def _refusal(outcome: dict, reasons: dict) -> ApplicationError:
    """Today's exception for the rule the statement named (the first two raised by
    the functions of the ORM path that word them)."""
    from . import booking, employer

    reason = outcome["reason"]
    if reason == "not_verified":
        verification_require(
            verification_id=None, identification="", email="", now=None, verified=False
        )
    if reason == "not_served":
        booking.procedure_served_require(agency=None, procedure_type=None, served=False)
    unbookable = {
        "unbookable_open": reasons["open"],
        "unbookable_closed": reasons["closed"],
        "draw": reasons["draw"],
    }
    if reason in unbookable:
        return ApplicationError(unbookable[reason], extra={"code": "not_bookable"})
    if reason == "active_turn":
        return booking.active_turn_error(
            Turn.objects.select_related("slot__agency", "procedure_type").get(
                pk=outcome["conflict"]
            )
        )
    return {
        "not_named": booking.not_named_error,
        "employer_proof": employer.employer_proof_error,
        "representative_proof": employer.representative_proof_error,
        "employer_blocked": employer.employer_blocked_error,
        "sin_disponibilidad": no_availability,
    }[reason]()


def _turn_filled(turn: Turn, outcome: dict, *, params: dict, agency: Agency) -> None:
    """The turn as the ORM path returns it: saved, its slot and holder set."""
    turn.pk = outcome["turn_id"]
    turn._state.adding, turn._state.db = False, Turn.objects.db
    turn.status = outcome["status"]
    turn.registration_id = outcome["registration_id"]
    turn.employer_identification = outcome["employer_identification"] or ""
    turn.holder_role = outcome["role"] or ""
    turn.holder_names = outcome["names"] or ""
    if turn.status == TurnStatus.POR_CONFIRMAR:
        turn.employer_confirm_until = params["confirm_until"]
    slot = Slot(
        id=outcome["slot_id"],
        agency=agency,
        starts_at=params["starts_at"],
        **{field: outcome[field] for field in _SLOT_FIELDS},
    )
    slot._state.adding, slot._state.db = False, Slot.objects.db
    turn.slot = slot
    turn.created = turn.updated = params["written"]


def _after_insert(turn: Turn, *, agency: Agency, mailbox: str | None) -> None:
    """What stays outside the statement, in its transaction: the metric (counted
    on commit), the confirmation task (django-tasks builds its own row), the
    employer's notice (email_send) and the Redis counters of step g."""
    record.turn_booked(agency=agency, procedure=turn.procedure_type.code)
    if turn.status == TurnStatus.RESERVADO:
        turn_confirmation_enqueue(turn_id=turn.pk)
    turn_employer_notice(turn=turn, event="reservado", mailbox=mailbox)
    calendar_cache_bump(keys=[f"{CALENDAR_VERSION_PREFIX}{agency.pk}"])
