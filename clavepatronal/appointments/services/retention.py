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


# What each kind of row keeps its person in: its open (or live) states.
_OPEN = {
    Turn: TURN_OPEN_STATUSES,
    TurnApplication: APPLICATION_OPEN_STATUSES,
    WaitlistEntry: WAITLIST_LIVE_STATUSES,
}


def _closed(model) -> QuerySet:
    return model.objects.exclude(status__in=_OPEN[model])


def _due(model, **before) -> QuerySet:
    """Closed rows of `model` past `before` that still name someone."""
    return _closed(model).filter(**before).filter(_PERSON).order_by("pk")


@transaction.atomic
def _blank(model, ids: list[int]) -> int:
    """Blank the person in these rows (still closed: checked again here)."""
    return _closed(model).filter(pk__in=ids).update(**_BLANK)


def turns_anonymise_due(*, day_before) -> QuerySet[Turn]:
    """Closed turns whose slot started before `day_before`."""
    return _due(Turn, slot__starts_at__lt=day_before)


def applications_anonymise_due(*, day_before) -> QuerySet[TurnApplication]:
    """Closed applications for a day before `day_before`."""
    return _due(TurnApplication, day__lt=day_before)


def waitlist_anonymise_due(*, day_before) -> QuerySet[WaitlistEntry]:
    """Entries out of the list that waited for days before `day_before`."""
    return _due(WaitlistEntry, until__lt=day_before)


def turns_anonymise(*, turn_ids: list[int]) -> int:
    return _blank(Turn, turn_ids)


def applications_anonymise(*, application_ids: list[int]) -> int:
    return _blank(TurnApplication, application_ids)


def waitlist_anonymise(*, entry_ids: list[int]) -> int:
    return _blank(WaitlistEntry, entry_ids)
