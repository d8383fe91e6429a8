"""Agencies, turns, who may hold one, and the signed links that manage them."""

import datetime
from dataclasses import dataclass

from django.core import signing
from django.db.models import Q, QuerySet
from django.utils import timezone

from clavepatronal.catalogue.constants import CLAVE_PATRONAL_CODE
from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.employers.models import Registration
from clavepatronal.employers.selectors import (
    registration_active_get,
    registration_named_person,
)
from clavepatronal.identity.models import Province
from clavepatronal.identity.validators import identification_compact

from ..constants import (
    TURN_ACTIVE_STATUSES,
    TURN_AHEAD_STATUSES,
    TURN_LINK_SALT,
    TurnStatus,
)
from ..models import Agency, Turn
from .calendar import local_time, working_day_next


def province_list() -> QuerySet[Province]:
    """Provinces with at least one active agency."""
    return Province.objects.filter(agencies__is_active=True).distinct()


def procedure_type_list() -> QuerySet[ProcedureType]:
    return ProcedureType.objects.filter(is_active=True)


def agency_list(
    *, province: Province, procedure_type: ProcedureType
) -> QuerySet[Agency]:
    """Active agencies of the province that handle the procedure."""
    return Agency.objects.filter(
        province=province, procedure_types=procedure_type, is_active=True
    )


def turn_active_conflicting(
    *, identification: str, procedure_type: ProcedureType, employer_identification: str
) -> Turn | None:
    """In one query: the person's active turn for the procedure or the employer's
    active clave patronal turn, whichever exists (what blocks a new booking)."""
    same = Q(
        identification=identification_compact(identification),
        procedure_type=procedure_type,
    )
    if employer_identification:
        same |= Q(employer_identification=employer_identification)
    # The check on its own table first: on PostgreSQL planning the joins took
    # longer than running it, and a booking almost always finds nothing.
    found = (
        Turn.objects.filter(same, status__in=TURN_ACTIVE_STATUSES)
        .order_by("pk")  # not the model's order, which joins the slot
        .values_list("pk", flat=True)
        .first()
    )
    if found is None:
        return None
    return Turn.objects.select_related("slot__agency", "procedure_type").get(pk=found)


@dataclass(frozen=True)
class TurnHolder:
    """Who a turn is for: the person and, for a clave turn, the employer and the
    role its registration names the person in."""

    registration: Registration | None = None
    employer_identification: str = ""
    role: str = ""
    names: str = ""


def turn_holder_get(
    *, procedure_type: ProcedureType, identification: str, employer_identification: str
) -> TurnHolder | None:
    """The holder of a turn this person may book, or None when they may not: a
    Clave patronal turn only for an employer with an active registration that names
    the person (legal representative, authorized person, apoderado with a power on
    file). Other procedures bind the verified person alone."""
    if procedure_type.code != CLAVE_PATRONAL_CODE:
        return TurnHolder()
    employer = identification_compact(employer_identification)
    registration = (
        registration_active_get(identification=employer) if employer else None
    )
    if registration is None:
        return None
    person = registration_named_person(
        registration=registration, identification=identification
    )
    if person is None:
        return None
    return TurnHolder(
        registration=registration,
        employer_identification=registration.employer_identification,
        role=person.role,
        names=person.names,
    )


def turn_link_token(*, turn: Turn) -> str:
    """Signed token of the turn's cancel/reschedule link.

    It names the slot too, so a link dies when the turn moves; `turn_from_link`
    also refuses it once the turn is no longer reserved or has started.
    """
    # No timestamp (plain Signer): the link's life is the turn's, not a clock's.
    return signing.Signer(salt=TURN_LINK_SALT).sign_object(
        [turn.code, turn.slot_id], compress=True
    )


def turn_from_link(*, token: str, now: datetime.datetime) -> Turn | None:
    try:
        code, slot_id = signing.Signer(salt=TURN_LINK_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return (
        Turn.objects.select_related("slot__agency__province", "procedure_type")
        .filter(
            code=code,
            slot_id=slot_id,
            status__in=TURN_AHEAD_STATUSES,
            slot__starts_at__gt=now,
        )
        .first()
    )


def turns_due_reminder(*, now: datetime.datetime) -> QuerySet[Turn]:
    """Reserved turns on the next working day (or the days before it), not yet
    reminded: a run on Friday reminds Monday's turns."""
    tz = timezone.get_default_timezone()
    today = local_time(now).date()
    until = working_day_next(day=today)
    return Turn.objects.filter(
        status=TurnStatus.RESERVADO,
        reminder_sent_at__isnull=True,
        slot__starts_at__gt=now,
        slot__starts_at__gte=datetime.datetime.combine(
            today + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
        ),
        slot__starts_at__lt=datetime.datetime.combine(
            until + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
        ),
    ).select_related("slot__agency", "procedure_type")
