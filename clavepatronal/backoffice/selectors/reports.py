"""Administrators' reports: counts the database aggregates, over a period of local
(America/Guayaquil) days."""

import datetime
import statistics
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clavepatronal.appointments.constants import TurnStatus
from clavepatronal.procedures.constants import TramiteStatus
from clavepatronal.procedures.models import StatusChange

from .scope import StaffScope, scoped_tramites, scoped_turns

# The default period: the last 30 local days, today included.
DEFAULT_PERIOD_DAYS = 30


def period_default(*, today: datetime.date | None = None) -> tuple:
    """(first day, last day) of the last DEFAULT_PERIOD_DAYS days, both included."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=DEFAULT_PERIOD_DAYS - 1), today


def period_bounds(
    *, start: datetime.date | None, end: datetime.date | None
) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """Local days → [first instant, instant after the last day): a half-open range
    of aware datetimes, so a filter uses the indexed column, not a date cast."""
    zone = timezone.get_default_timezone()

    def midnight(day: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)

    return (
        midnight(start) if start else None,
        midnight(end + datetime.timedelta(days=1)) if end else None,
    )


def _name_key(name: str) -> str:
    """Sort names as a reader expects: Cañar before Carchi, Bolívar before Carchi."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@dataclass(frozen=True)
class MatrixRow:
    label: str
    counts: list[int]
    total: int


@dataclass(frozen=True)
class TramiteMatrix:
    """Trámites received in the period, by province (rows) and current state."""

    statuses: list[tuple[str, str]]
    rows: list[MatrixRow]
    totals: list[int]
    total: int


def report_tramites_by_province(
    *, scope: StaffScope, start: datetime.datetime, end: datetime.datetime
) -> TramiteMatrix:
    counted = (
        scoped_tramites(scope=scope)
        .filter(created__gte=start, created__lt=end)
        .order_by()
        .values("province__name", "status")
        .annotate(n=Count("id"))
    )
    statuses = list(TramiteStatus.choices)
    by_province: dict[str, dict[str, int]] = {}
    for item in counted:
        by_province.setdefault(item["province__name"], {})[item["status"]] = item["n"]
    rows = []
    for province in sorted(by_province, key=_name_key):
        counts = [by_province[province].get(value, 0) for value, _label in statuses]
        rows.append(MatrixRow(label=province, counts=counts, total=sum(counts)))
    totals = [sum(row.counts[i] for row in rows) for i in range(len(statuses))]
    return TramiteMatrix(statuses=statuses, rows=rows, totals=totals, total=sum(totals))


@dataclass(frozen=True)
class AgencyTurns:
    agency: str
    province: str
    booked: int  # every turn not cancelled: attended, missed or still reserved
    attended: int
    missed: int
    cancelled: int


@dataclass(frozen=True)
class TurnReport:
    rows: list[AgencyTurns]
    totals: AgencyTurns


def report_turns_by_agency(
    *, scope: StaffScope, start: datetime.datetime, end: datetime.datetime
) -> TurnReport:
    """Turns whose appointment (the slot's start) falls in the period, by agency."""
    counted = (
        scoped_turns(scope=scope)
        .filter(slot__starts_at__gte=start, slot__starts_at__lt=end)
        .order_by()
        .values("slot__agency__name", "slot__agency__province__name")
        .annotate(
            booked=Count("id", filter=~Q(status=TurnStatus.CANCELADO)),
            attended=Count("id", filter=Q(status=TurnStatus.ATENDIDO)),
            missed=Count("id", filter=Q(status=TurnStatus.NO_ASISTIO)),
            cancelled=Count("id", filter=Q(status=TurnStatus.CANCELADO)),
        )
    )
    rows = [
        AgencyTurns(
            agency=item["slot__agency__name"],
            province=item["slot__agency__province__name"],
            booked=item["booked"],
            attended=item["attended"],
            missed=item["missed"],
            cancelled=item["cancelled"],
        )
        for item in counted
    ]
    rows.sort(key=lambda row: (_name_key(row.province), _name_key(row.agency)))
    totals = AgencyTurns(
        agency=_("Total"),
        province="",
        booked=sum(r.booked for r in rows),
        attended=sum(r.attended for r in rows),
        missed=sum(r.missed for r in rows),
        cancelled=sum(r.cancelled for r in rows),
    )
    return TurnReport(rows=rows, totals=totals)


def duration_words(seconds: float) -> str:
    """A duration as a person says it: '2 días y 3 horas', '5 horas y 10 minutos',
    '40 minutos'; rounded to the minute."""
    minutes = round(seconds / 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if days:
        parts.append(ngettext("%(n)d día", "%(n)d días", days) % {"n": days})
    if hours:
        parts.append(ngettext("%(n)d hora", "%(n)d horas", hours) % {"n": hours})
    if minutes and not days:
        parts.append(
            ngettext("%(n)d minuto", "%(n)d minutos", minutes) % {"n": minutes}
        )
    if not parts:
        return _("menos de un minuto")
    if len(parts) == 1:
        return parts[0]
    return _("%(first)s y %(last)s") % {
        "first": ", ".join(parts[:-1]),
        "last": parts[-1],
    }


@dataclass(frozen=True)
class IssueTime:
    """The median time from reception to key issuance of n trámites."""

    label: str
    n: int
    median_seconds: float | None

    @property
    def median_hours(self) -> float | None:
        if self.median_seconds is None:
            return None
        return round(self.median_seconds / 3600, 1)

    @property
    def median_words(self) -> str:
        if self.median_seconds is None:
            return ""
        return duration_words(self.median_seconds)


@dataclass(frozen=True)
class IssueTimes:
    overall: IssueTime
    by_province: list[IssueTime] = field(default_factory=list)


def _issue_time(label: str, durations: list[float]) -> IssueTime:
    return IssueTime(
        label=label,
        n=len(durations),
        median_seconds=statistics.median(durations) if durations else None,
    )


def report_issue_times(
    *, scope: StaffScope, start: datetime.datetime, end: datetime.datetime
) -> IssueTimes:
    """Median from RECIBIDO (the trámite's creation) to CLAVE_EMITIDA (its history
    row), for trámites whose key was issued in the period."""
    issued = (
        StatusChange.objects.filter(
            to_status=TramiteStatus.CLAVE_EMITIDA,
            tramite__in=scoped_tramites(scope=scope),
        )
        .order_by()
        .values("tramite_id", "tramite__province__name", "tramite__created")
        .annotate(issued=Min("created"))
        .filter(issued__gte=start, issued__lt=end)
    )
    overall: list[float] = []
    by_province: dict[str, list[float]] = {}
    for item in issued:
        seconds = (item["issued"] - item["tramite__created"]).total_seconds()
        overall.append(seconds)
        by_province.setdefault(item["tramite__province__name"], []).append(seconds)
    return IssueTimes(
        overall=_issue_time(_("Todas las provincias"), overall),
        by_province=[
            _issue_time(province, by_province[province])
            for province in sorted(by_province, key=_name_key)
        ],
    )
