"""The gauges read from the database: right on a seeded database, and read once
per cache window however often Prometheus scrapes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from clavepatronal.appointments.models import Slot
from clavepatronal.appointments.services import application_file
from clavepatronal.notifications.constants import OutboxStatus
from clavepatronal.notifications.models import OutboxEmail
from clavepatronal.observability.collector import DatabaseGaugesCollector
from tests.appointments.conftest import local, verified_person

pytestmark = pytest.mark.django_db


DURING = local(2026, 12, 8, 10, 0)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def values(collector) -> dict:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in collector.collect()
        for sample in family.samples
    }


def _task(status, enqueued_ago):
    row = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="clavepatronal.notifications.tasks.email_deliver_task",
        backend_name="default",
        run_after=timezone.now() - enqueued_ago,
        status=status,
    )
    return row


def _seed(agency, clave, sorteo):
    for _ in range(2):
        application_file(
            **verified_person(now=DURING),
            agency=agency,
            procedure_type=clave,
            day=sorteo.day,
            hours=["08:00"],
            any_hour=False,
            now=DURING,
        )
    OutboxEmail.objects.update(status=OutboxStatus.ENVIADO)  # the receipts: sent
    for index, status in enumerate(
        [OutboxStatus.PENDIENTE, OutboxStatus.ENVIANDO, OutboxStatus.ENVIADO]
    ):
        mail = OutboxEmail.objects.create(
            to="x@correo.ec", subject="s", body="b", status=status
        )
        ago = timezone.now() - datetime.timedelta(minutes=10 - index)
        OutboxEmail.objects.filter(pk=mail.pk).update(created=ago)
    _task(TaskResultStatus.READY, datetime.timedelta(minutes=5))
    _task(TaskResultStatus.READY, datetime.timedelta(seconds=1))
    _task(TaskResultStatus.FAILED, datetime.timedelta(hours=1))
    _task(TaskResultStatus.SUCCESSFUL, datetime.timedelta(hours=1))


@pytest.mark.cache
def test_the_gauges_on_a_seeded_database(sorteo, agency, clave):
    _seed(agency, clave, sorteo)
    got = values(DatabaseGaugesCollector(seconds=15, clock=Clock()))
    assert got[("clavepatronal_outbox_pending", ())] == 2
    assert 540 <= got[("clavepatronal_outbox_oldest_age_seconds", ())] < 700
    assert got[("clavepatronal_tasks_pending", ())] == 2
    assert got[("clavepatronal_tasks_failed", ())] == 1
    assert 290 <= got[("clavepatronal_tasks_oldest_pending_age_seconds", ())] < 400
    agency_label = (("agency", str(agency.pk)),)
    assert got[("clavepatronal_draw_pending_applications", agency_label)] == 2
    assert got[("clavepatronal_overbooked_slots", ())] == 0
    assert got[("clavepatronal_sri_breaker_open", ())] == 0
    assert got[("clavepatronal_db_gauges_up", ())] == 1


@pytest.mark.cache
def test_an_overbooked_slot_is_counted(agency):
    start = timezone.now() + datetime.timedelta(days=2)
    Slot.objects.create(
        agency=agency,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=20),
        capacity=2,
    )
    got = values(DatabaseGaugesCollector(seconds=15, clock=Clock()))
    assert got[("clavepatronal_overbooked_slots", ())] == 0
    # The CHECK forbids booked > capacity; a counter that drifted from the turns
    # the slot holds (two turns, one seat) is the overbooking this gauge finds.
    from tests.appointments.factories import TurnFactory

    slot = Slot.objects.get(agency=agency, starts_at=start)
    TurnFactory(slot=slot)
    TurnFactory(slot=slot)
    Slot.objects.filter(pk=slot.pk).update(booked=0, capacity=1)
    got = values(DatabaseGaugesCollector(seconds=15, clock=Clock()))
    assert got[("clavepatronal_overbooked_slots", ())] == 1


@pytest.mark.cache
def test_a_second_scrape_within_the_window_does_not_query():
    clock = Clock()
    collector = DatabaseGaugesCollector(seconds=15, clock=clock)
    with CaptureQueriesContext(connection) as first:
        values(collector)
    assert len(first) >= 4
    clock.now += 14
    with CaptureQueriesContext(connection) as second:
        values(collector)
    assert len(second) == 0
    clock.now += 1  # the window has passed
    with CaptureQueriesContext(connection) as third:
        values(collector)
    assert len(third) == len(first)


@pytest.mark.cache
def test_a_database_error_reports_down_instead_of_failing_the_scrape(monkeypatch):
    from django.db import DatabaseError

    from clavepatronal.observability import collector as module

    def broken():
        raise DatabaseError("down")

    monkeypatch.setattr(module, "_outbox", broken)
    got = values(DatabaseGaugesCollector(seconds=15, clock=Clock()))
    assert got == {("clavepatronal_db_gauges_up", ()): 0}
