"""Reads of the turnos asistidos: what each officer booked (turns) and filed (draw
applications) for people at the counter or on the phone line, counted by local day
(America/Guayaquil) for the daily limit and the administrators' report."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from ..constants import ASSISTED_CHANNELS, TurnChannel
from ..models import Turn, TurnApplication
from .calendar import local_time

# The report's periods: today, and the last 7 and 30 local days (today included).
PERIOD_DAYS = {"today": 1, "week": 7, "month": 30}


def local_day_start(now: datetime.datetime, days: int = 1) -> datetime.datetime:
    """Midnight in Guayaquil `days - 1` days before `now`'s local date."""
    day = local_time(now).date() - datetime.timedelta(days=days - 1)
    return datetime.datetime.combine(
        day, datetime.time.min, tzinfo=timezone.get_default_timezone()
    )


def _made(officer_field: str, model) -> QuerySet:
    """An officer's turns or applications; a turn won by the officer's
    application counts once, as the application."""
    made = model.objects.filter(**{f"{officer_field}__isnull": False})
    return made.filter(application__isnull=True) if model is Turn else made


def assisted_made_today(*, officer, now: datetime.datetime) -> int:
    """Turns booked and applications filed by `officer` since midnight today (the
    service counts them inside its transaction, after locking the officer)."""
    since = local_day_start(now)
    turns = _made("booked_by", Turn).filter(booked_by=officer, created__gte=since)
    applications = TurnApplication.objects.filter(filed_by=officer, created__gte=since)
    return turns.order_by().count() + applications.order_by().count()


@dataclass
class OfficerCounts:
    """One officer's turns and applications, by channel and period (PERIOD_DAYS):
    counts[("turns" | "applications", channel, period)]."""

    officer_id: int
    counts: dict = field(default_factory=dict)

    def get(self, kind: str, channel: str, period: str) -> int:
        return self.counts.get((kind, channel, period), 0)

    @property
    def today(self) -> int:
        """What the daily limit counts: both kinds, every channel, today."""
        return sum(
            n for (_k, _c, period), n in self.counts.items() if period == "today"
        )

    @property
    def channels(self) -> list[str]:
        return [c for c in ASSISTED_CHANNELS if any(k[1] == c for k in self.counts)]


def _periods(now: datetime.datetime) -> dict:
    return {
        period: Count("pk", filter=Q(created__gte=local_day_start(now, days)))
        for period, days in PERIOD_DAYS.items()
    }


def assisted_counts(*, now: datetime.datetime) -> dict[int, OfficerCounts]:
    """Every officer who booked or filed in the last 30 days: officer id → counts
    (two grouped queries, however many officers)."""
    since = local_day_start(now, PERIOD_DAYS["month"])
    by_officer: dict[int, OfficerCounts] = {}
    for kind, model, officer_field in (
        ("turns", Turn, "booked_by"),
        ("applications", TurnApplication, "filed_by"),
    ):
        rows = (
            _made(officer_field, model)
            .filter(created__gte=since)
            .order_by()
            .values(officer_field, "channel")
            .annotate(**_periods(now))
        )
        for row in rows:
            officer_id = row[officer_field]
            entry = by_officer.setdefault(officer_id, OfficerCounts(officer_id))
            for period in PERIOD_DAYS:
                channel = TurnChannel(row["channel"])
                entry.counts[(kind, channel, period)] = row[period]
    return by_officer


def assisted_turn_get(*, officer, code: str) -> Turn | None:
    """A turn this officer booked for a person (its result page and printout)."""
    return (
        Turn.objects.select_related("slot__agency", "procedure_type")
        .filter(booked_by=officer, code=code)
        .first()
    )


def assisted_application_get(*, officer, pk: int) -> TurnApplication | None:
    """A draw application this officer filed for a person (its result page)."""
    return (
        TurnApplication.objects.select_related("agency", "procedure_type")
        .filter(filed_by=officer, pk=pk)
        .first()
    )
