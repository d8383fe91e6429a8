"""Modo automático (docs/turnos.md): the mode an AUTO agency is in on a date, how
fast its released days ran out, and the announcement of a switch."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import ngettext

from ..constants import AllocationMode, DrawStatus
from ..models import Agency, AgencyClosure, AgencyModeSwitch, Draw, Slot, Turn
from .calendar import (
    booking_window,
    release_next,
    released_at,
    slot_starts,
    working_day_is,
)

# How many release dates back the measure looks for its released days.
LOOKBACK_DAYS = 60


def agency_mode_configured(agency: Agency) -> str:
    """The agency's own mode, or the general one: ORDEN, SORTEO or AUTO."""
    return agency.allocation_mode or settings.TURNOS_ALLOCATION_MODE


def mode_switch_in_effect(
    *, agency: Agency, on: datetime.date
) -> AgencyModeSwitch | None:
    """The agency's latest switch that applies to the days released on `on`."""
    return (
        AgencyModeSwitch.objects.filter(agency=agency, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )


def mode_switch_latest(*, agency: Agency) -> AgencyModeSwitch | None:
    """The agency's latest switch, whether it applies yet or not."""
    return (
        AgencyModeSwitch.objects.filter(agency=agency)
        .order_by("-effective_from")
        .first()
    )


def agency_mode_on(agency: Agency, *, on: datetime.date | None = None) -> str:
    """ORDEN or SORTEO for the days the agency releases on `on` (by default, the
    date of the next release, the one draws_prepare prepares). An AUTO agency is
    in the mode of its switch in effect, ORDEN before its first one."""
    configured = agency_mode_configured(agency)
    if configured != AllocationMode.AUTO:
        return configured
    if on is None:
        on = timezone.localdate(release_next(now=timezone.now()).opens_at)
    switch = mode_switch_in_effect(agency=agency, on=on)
    return switch.mode if switch is not None else AllocationMode.ORDEN


@dataclass(frozen=True)
class DayMeasure:
    """One released day: its seats, and how many were taken so many minutes after
    it opened to order of arrival (its release, or the end of its draw)."""

    day: datetime.date
    opened_at: datetime.datetime
    seats: int
    taken_soon: int  # within TURNOS_AUTO_SOLD_OUT_MINUTES
    taken_later: int  # within TURNOS_AUTO_FREE_MINUTES

    @property
    def sold_out_fast(self) -> bool:
        return self.taken_soon >= self.seats

    @property
    def kept_free(self) -> bool:
        return self.taken_later < self.seats

    def as_figures(self) -> dict:
        return {
            "day": self.day.isoformat(),
            "opened_at": self.opened_at.isoformat(),
            "seats": self.seats,
            "taken_soon": self.taken_soon,
            "taken_later": self.taken_later,
        }


def released_days_measured(
    *, agency: Agency, now: datetime.datetime, since: datetime.date | None
) -> list[DayMeasure]:
    """The agency's last TURNOS_AUTO_DAYS released working days (newest first)
    whose measure is complete at `now` (TURNOS_AUTO_FREE_MINUTES after they
    opened) and, with `since`, released on that date or later."""
    later = datetime.timedelta(minutes=settings.TURNOS_AUTO_FREE_MINUTES)
    _first, last = booking_window(now=now - later)
    oldest = last - datetime.timedelta(days=LOOKBACK_DAYS)
    if since is not None:  # the first day a release on `since` opened
        ahead = datetime.timedelta(days=max(settings.TURNOS_DAYS_AHEAD, 1) - 1)
        oldest = max(oldest, since + ahead)
    if oldest > last:
        return []
    draws = {
        draw.day: draw
        for draw in Draw.objects.filter(agency=agency, day__range=(oldest, last)).only(
            "day", "status", "drawn_at"
        )
    }
    closed = set(
        AgencyClosure.objects.filter(
            agency=agency, date__range=(oldest, last)
        ).values_list("date", flat=True)
    )
    days, opened = [], {}
    day = last
    while day >= oldest and len(days) < settings.TURNOS_AUTO_DAYS:
        opens = _opened_at(day, draws.get(day))
        if (
            day not in closed
            and working_day_is(day=day)
            and opens is not None
            and opens + later <= now
        ):
            days.append(day)
            opened[day] = opens
        day -= datetime.timedelta(days=1)
    return _measure(agency, days, opened)


def _opened_at(day: datetime.date, draw: Draw | None) -> datetime.datetime | None:
    """When the day's seats went to order of arrival: at its release, or for a
    drawn day when its draw ended (None while it is not drawn)."""
    if draw is None:
        return released_at(day)
    if draw.status != DrawStatus.REALIZADO or draw.drawn_at is None:
        return None
    return draw.drawn_at


def _measure(
    agency: Agency, days: list[datetime.date], opened: dict
) -> list[DayMeasure]:
    if not days:
        return []
    tz = timezone.get_default_timezone()
    capacity = dict(
        Slot.objects.filter(_span(days, ""), agency=agency).values_list(
            "starts_at", "capacity"
        )
    )
    turns: dict[datetime.date, list] = {day: [] for day in days}
    for starts_at, created, updated, cancelled_at in Turn.objects.filter(
        _span(days, "slot__"), slot__agency=agency
    ).values_list("slot__starts_at", "created", "updated", "cancelled_at"):
        day = timezone.localtime(starts_at, tz).date()
        # A turn made before its day opened came by rescheduling: its row says
        # when it moved only in `updated`, true until the turn changes again.
        moment = created if created >= released_at(day) else updated
        turns[day].append((moment, cancelled_at))
    soon = datetime.timedelta(minutes=settings.TURNOS_AUTO_SOLD_OUT_MINUTES)
    later = datetime.timedelta(minutes=settings.TURNOS_AUTO_FREE_MINUTES)
    return [
        DayMeasure(
            day=day,
            opened_at=opened[day],
            seats=sum(
                capacity.get(start, agency.capacity_per_slot)
                for start in slot_starts(agency=agency, day=day)
            ),
            taken_soon=_taken(turns[day], opened[day] + soon),
            taken_later=_taken(turns[day], opened[day] + later),
        )
        for day in days
    ]


def _span(days: list[datetime.date], prefix: str) -> Q:
    """Starts on any of `days` (local), as a filter on `<prefix>starts_at`."""
    tz = timezone.get_default_timezone()
    span = Q()
    for day in days:
        starts = datetime.datetime.combine(day, datetime.time(), tzinfo=tz)
        span |= Q(
            **{
                f"{prefix}starts_at__gte": starts,
                f"{prefix}starts_at__lt": starts + datetime.timedelta(days=1),
            }
        )
    return span


def _taken(turns: list, at: datetime.datetime) -> int:
    """Seats held at `at`: turns made by then and not cancelled by then."""
    return sum(
        1
        for moment, cancelled_at in turns
        if moment <= at and (cancelled_at is None or cancelled_at > at)
    )


@dataclass(frozen=True)
class ModeNotice:
    """What the public pages say of an AUTO agency's switch."""

    agency: Agency
    mode: str
    effective_from: datetime.date
    reason: str

    @property
    def to_sorteo(self) -> bool:
        return self.mode == AllocationMode.SORTEO


def mode_switch_reason(switch: AgencyModeSwitch) -> str:
    """Why, in a clause that follows «porque»."""
    days = len(switch.figures.get("days", [])) or settings.TURNOS_AUTO_DAYS
    minutes = switch.figures.get("minutes", 0)
    if switch.mode == AllocationMode.SORTEO:
        text = ngettext(
            "su último día abierto se agotó en menos de %(minutes)s minutos",
            "sus últimos %(days)s días abiertos se agotaron en menos de "
            "%(minutes)s minutos cada uno",
            days,
        )
    else:
        text = ngettext(
            "a su último día abierto le quedaban lugares libres %(minutes)s minutos "
            "después de abrirse",
            "a sus últimos %(days)s días abiertos les quedaban lugares libres "
            "%(minutes)s minutos después de abrirse",
            days,
        )
    return text % {"days": days, "minutes": minutes}


def mode_notices(
    *, now: datetime.datetime, agency: Agency | None = None
) -> list[ModeNotice]:
    """The switches of AUTO agencies to announce at `now`: decided by then, from
    the day before they apply until every bookable day was released under them
    (TURNOS_DAYS_AHEAD days after), the latest one per agency."""
    today = timezone.localdate(now)
    shown_from = today - datetime.timedelta(days=max(settings.TURNOS_DAYS_AHEAD, 1))
    switches = (
        AgencyModeSwitch.objects.filter(
            decided_at__lte=now, effective_from__gt=shown_from, agency__is_active=True
        )
        .select_related("agency")
        .order_by("agency__name", "-effective_from")
    )
    if agency is not None:
        switches = switches.filter(agency=agency)
    notices, seen = [], set()
    for switch in switches:
        if switch.agency_id in seen:
            continue
        seen.add(switch.agency_id)
        if agency_mode_configured(switch.agency) != AllocationMode.AUTO:
            continue
        notices.append(
            ModeNotice(
                switch.agency,
                switch.mode,
                switch.effective_from,
                mode_switch_reason(switch),
            )
        )
    return notices


def mode_notice_get(*, agency: Agency, now: datetime.datetime) -> ModeNotice | None:
    return next(iter(mode_notices(now=now, agency=agency)), None)
