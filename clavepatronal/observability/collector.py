"""Gauges read from the database when /metricas/ is scraped, at most once per
METRICS_COLLECTOR_CACHE_SECONDS per process: a scrape every few seconds, from
several Prometheus servers, costs a handful of queries each cache window.

The tables belong to other apps and are read by app label (apps.get_model), so
this app imports none of them. A domain app may add a gauge of its own with
gauge_source_register (employers: the SRI breaker, which lives in the cache).
"""

import datetime
import logging
import threading
import time
from collections.abc import Callable, Iterable

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count, F, Min, Q
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily

from .metrics import PREFIX

logger = logging.getLogger(__name__)

# name → (help, reader); a reader returns the value, or {agency: value} for a
# gauge labelled by agency.
Reader = Callable[[], float | dict[str, float]]
_sources: dict[str, tuple[str, Reader]] = {}


def gauge_source_register(name: str, documentation: str, reader: Reader) -> None:
    """A gauge computed when scraped (inside the collector's cache window)."""
    _sources[f"{PREFIX}_{name}"] = (documentation, reader)


def _age(oldest) -> float:
    return max(0.0, (timezone.now() - oldest).total_seconds()) if oldest else 0.0


def _outbox() -> dict[str, float]:
    outbox = apps.get_model("notifications", "OutboxEmail")
    waiting = outbox.objects.filter(status__in=("PENDIENTE", "ENVIANDO")).aggregate(
        count=Count("pk"), oldest=Min("created")
    )
    return {
        "outbox_pending": waiting["count"],
        "outbox_oldest_age_seconds": _age(waiting["oldest"]),
    }


def _tasks() -> dict[str, float]:
    """READY rows are waiting (the oldest by when it became due: a task set to run
    later is not late before then); FAILED rows are the current failures."""
    task = apps.get_model("django_tasks_database", "DBTaskResult")
    now = timezone.now()
    counts = task.objects.aggregate(
        pending=Count("pk", filter=Q(status="READY")),
        failed=Count("pk", filter=Q(status="FAILED")),
        oldest=Min("run_after", filter=Q(status="READY", run_after__lte=now)),
    )
    return {
        "tasks_pending": counts["pending"],
        "tasks_failed": counts["failed"],
        "tasks_oldest_pending_age_seconds": _age(counts["oldest"]),
    }


def _draw_pending() -> dict[str, float]:
    application = apps.get_model("appointments", "TurnApplication")
    rows = (
        application.objects.filter(status="PENDIENTE")
        .values("agency_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {str(row["agency_id"]): row["count"] for row in rows}


def _overbooked() -> float:
    """Slots from yesterday on whose seats taken pass their capacity, by the
    counter or by the turns that hold a seat (every status but cancelled). The
    database's CHECK should keep this at 0; above it is a bug to look at at once."""
    slot = apps.get_model("appointments", "Slot")
    since = timezone.now() - datetime.timedelta(days=1)  # past days cannot change
    return (
        slot.objects.filter(starts_at__gte=since)
        .annotate(holding=Count("turns", filter=~Q(turns__status="CANCELADO")))
        .filter(Q(booked__gt=F("capacity")) | Q(holding__gt=F("capacity")))
        .count()
    )


_HELP = {
    "outbox_pending": "E-mails waiting in the outbox (pending or being sent).",
    "outbox_oldest_age_seconds": "Age of the oldest e-mail waiting in the outbox.",
    "tasks_pending": "Background tasks waiting to run (READY).",
    "tasks_failed": "Background task rows that failed (FAILED), now.",
    "tasks_oldest_pending_age_seconds": "How long the oldest due task has waited.",
    "overbooked_slots": "Slots with more turns than seats (should be 0).",
}


def _families() -> list[GaugeMetricFamily]:
    values = {**_outbox(), **_tasks(), "overbooked_slots": _overbooked()}
    families = [
        GaugeMetricFamily(f"{PREFIX}_{name}", _HELP[name], value=value)
        for name, value in values.items()
    ]
    pending = GaugeMetricFamily(
        f"{PREFIX}_draw_pending_applications",
        "Applications waiting for their draw, by agency.",
        labels=["agency"],
    )
    for agency, count in sorted(_draw_pending().items()):
        pending.add_metric([agency], count)
    families.append(pending)
    families.extend(_registered())
    return families


def _registered() -> Iterable[GaugeMetricFamily]:
    for name, (documentation, reader) in sorted(_sources.items()):
        value = reader()
        if isinstance(value, dict):
            family = GaugeMetricFamily(name, documentation, labels=["agency"])
            for key, item in sorted(value.items()):
                family.add_metric([key], item)
        else:
            family = GaugeMetricFamily(name, documentation, value=value)
        yield family


class DatabaseGaugesCollector:
    """A prometheus_client collector with its own short cache, per process."""

    def __init__(self, *, seconds: float | None = None, clock=time.monotonic) -> None:
        self.seconds = seconds
        self.clock = clock
        self._lock = threading.Lock()
        self._cached: tuple[float, list] | None = None

    def collect(self):
        seconds = self.seconds
        if seconds is None:
            seconds = settings.METRICS_COLLECTOR_CACHE_SECONDS
        with self._lock:
            now = self.clock()
            if self._cached is None or now - self._cached[0] >= seconds:
                self._cached = (now, self._read())
            families = self._cached[1]
        yield from families

    def clear(self) -> None:
        with self._lock:
            self._cached = None

    def _read(self) -> list:
        up = GaugeMetricFamily(
            f"{PREFIX}_db_gauges_up",
            "1 when the database gauges could be read at the last refresh.",
        )
        try:
            families = _families()
        except DatabaseError:
            logger.exception("metrics: the database gauges could not be read")
            up.add_metric([], 0)
            return [up]
        up.add_metric([], 1)
        return [*families, up]


DATABASE_GAUGES = DatabaseGaugesCollector()
