"""Anonymising turns, draw applications and waiting-list entries past their
retention period (called by privacy.purge, `manage.py depurar_datos`): the row stays
for the statistics (agency, day, procedure, state), the person goes (names,
identification, e-mail, mobile, and the employer it was for).

Only closed rows are touched: the database's one-active-turn constraints are about
active turns and pending applications, so blanking a closed row never collides."""

from django.db import transaction
from django.db.models import Q, QuerySet

from ..constants import (
    TURN_ACTIVE_STATUSES,
    WAITLIST_LIVE_STATUSES,
    ApplicationStatus,
    TurnStatus,
)
from ..models import Turn, TurnApplication, WaitlistEntry

TURN_OPEN_STATUSES = (*TURN_ACTIVE_STATUSES, TurnStatus.POR_CONFIRMAR)
APPLICATION_OPEN_STATUSES = (
    ApplicationStatus.PENDIENTE,
    ApplicationStatus.POR_CONFIRMAR,
)
_PERSON = Q(
    ~Q(identification="")
    | ~Q(email="")
    | ~Q(mobile="")
    | ~Q(holder_names="")
    | ~Q(employer_identification="")
    | Q(registration__isnull=False)
)
_BLANK = {
    "identification": "",
    "email": "",
    "mobile": "",
    "holder_names": "",
    "holder_role": "",
    "employer_identification": "",
    "registration": None,
}


def turns_anonymise_due(*, day_before) -> QuerySet[Turn]:
    """Closed turns whose slot started before `day_before` that still name someone."""
    return (
        Turn.objects.filter(slot__starts_at__lt=day_before)
        .exclude(status__in=TURN_OPEN_STATUSES)
        .filter(_PERSON)
        .order_by("pk")
    )


def applications_anonymise_due(*, day_before) -> QuerySet[TurnApplication]:
    """Closed applications for a day before `day_before` that still name someone."""
    return (
        TurnApplication.objects.filter(day__lt=day_before)
        .exclude(status__in=APPLICATION_OPEN_STATUSES)
        .filter(_PERSON)
        .order_by("pk")
    )


@transaction.atomic
def turns_anonymise(*, turn_ids: list[int]) -> int:
    """Blank the person in these turns (still closed: checked again here)."""
    return (
        Turn.objects.filter(pk__in=turn_ids)
        .exclude(status__in=TURN_OPEN_STATUSES)
        .update(**_BLANK)
    )


@transaction.atomic
def applications_anonymise(*, application_ids: list[int]) -> int:
    """Blank the person in these applications (still closed: checked again)."""
    return (
        TurnApplication.objects.filter(pk__in=application_ids)
        .exclude(status__in=APPLICATION_OPEN_STATUSES)
        .update(**_BLANK)
    )


def waitlist_anonymise_due(*, day_before) -> QuerySet[WaitlistEntry]:
    """Entries out of the list that waited for days before `day_before` and still
    name someone."""
    return (
        WaitlistEntry.objects.filter(until__lt=day_before)
        .exclude(status__in=WAITLIST_LIVE_STATUSES)
        .filter(_PERSON)
        .order_by("pk")
    )


@transaction.atomic
def waitlist_anonymise(*, entry_ids: list[int]) -> int:
    """Blank the person in these entries (still out of the list: checked again)."""
    return (
        WaitlistEntry.objects.filter(pk__in=entry_ids)
        .exclude(status__in=WAITLIST_LIVE_STATUSES)
        .update(**_BLANK)
    )
