"""Alertas de capacidad (docs/turnos.md): for the administrators, per agency and
procedure, how long until a free seat, how many applications each drawn seat had
lately, how many people wait on its waiting list and how many turns were missed;
an alert when an agency has no free seat
within TURNOS_CAPACITY_HORIZON_DAYS or its draws are asked more than
TURNOS_CAPACITY_DEMAND_ALERT times per seat."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone

from ..constants import WAITLIST_LIVE_STATUSES, DrawStatus, TurnStatus
from ..models import Agency, Draw, Turn, WaitlistEntry
from .calendar import slot_calendar


@dataclass(frozen=True)
class Capacity:
    agency: Agency
    procedure: str
    days_to_free_seat: int | None  # None: no free seat in the horizon
    applications_per_seat: float | None
    no_show_rate: float | None
    waiting_list: int = 0  # people on the agency's waiting list for the procedure

    @property
    def no_free_seat(self) -> bool:
        return self.days_to_free_seat is None

    @property
    def high_demand(self) -> bool:
        demand = self.applications_per_seat
        return demand is not None and demand > settings.TURNOS_CAPACITY_DEMAND_ALERT

    @property
    def alert(self) -> bool:
        return self.no_free_seat or self.high_demand


def _days_to_free_seat(agency: Agency, now: datetime.datetime) -> int | None:
    """Days from today to the first day with a free seat the public can take or
    apply for, within the horizon (the booking window is the farthest anyone
    sees)."""
    today = timezone.localdate(now)
    horizon = today + datetime.timedelta(days=settings.TURNOS_CAPACITY_HORIZON_DAYS)
    for day in slot_calendar(agency=agency, now=now):
        if day.date <= horizon:
            return (day.date - today).days
    return None


def _demand(since: datetime.date) -> dict[int, float]:
    rows = (
        Draw.objects.filter(day__gte=since, status=DrawStatus.REALIZADO)
        .values("agency_id")
        .annotate(asked=Sum("applications"), seats=Sum("seats"))
        .order_by()
    )
    return {
        row["agency_id"]: round(row["asked"] / row["seats"], 2)
        for row in rows
        if row["seats"]
    }


def _no_shows(since: datetime.datetime, now: datetime.datetime) -> dict:
    rows = (
        Turn.objects.filter(slot__starts_at__range=(since, now))
        .values("slot__agency_id", "procedure_type_id")
        .annotate(
            missed=Count("pk", filter=Q(status=TurnStatus.NO_ASISTIO)),
            closed=Count(
                "pk", filter=Q(status__in=(TurnStatus.NO_ASISTIO, TurnStatus.ATENDIDO))
            ),
        )
        .order_by()
    )
    return {
        (row["slot__agency_id"], row["procedure_type_id"]): round(
            row["missed"] / row["closed"], 2
        )
        for row in rows
        if row["closed"]
    }


def _waiting_lists() -> dict:
    rows = (
        WaitlistEntry.objects.filter(status__in=WAITLIST_LIVE_STATUSES)
        .values("agency_id", "procedure_type_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {(row["agency_id"], row["procedure_type_id"]): row["count"] for row in rows}


def capacity_overview(*, now: datetime.datetime) -> list[Capacity]:
    """Every active agency × procedure it serves, alerts first."""
    lookback = datetime.timedelta(days=settings.TURNOS_CAPACITY_LOOKBACK_DAYS)
    demand = _demand(timezone.localdate(now) - lookback)
    no_shows = _no_shows(now - lookback, now)
    waiting = _waiting_lists()
    rows = []
    agencies = Agency.objects.filter(is_active=True).select_related("province")
    for agency in agencies.prefetch_related("procedure_types"):
        days = _days_to_free_seat(agency, now)
        for procedure in agency.procedure_types.all():
            rows.append(
                Capacity(
                    agency=agency,
                    procedure=procedure.name,
                    days_to_free_seat=days,
                    applications_per_seat=demand.get(agency.pk),
                    no_show_rate=no_shows.get((agency.pk, procedure.pk)),
                    waiting_list=waiting.get((agency.pk, procedure.pk), 0),
                )
            )
    return sorted(rows, key=lambda row: not row.alert)


def capacity_alerts(*, now: datetime.datetime) -> list[Capacity]:
    return [row for row in capacity_overview(now=now) if row.alert]
