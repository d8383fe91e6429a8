"""Step g's calendar from the shared cache, keyed by the agency's calendar version:
every seat change bumps the version in its own transaction, so the next request
sees it, and a rolled-back change leaves version and page as they were."""

import datetime
import re

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clavepatronal.appointments.constants import SLOT_START_FORMAT
from clavepatronal.appointments.models import AgencyCalendar, AgencyClosure, Slot
from clavepatronal.appointments.selectors import slot_calendar
from clavepatronal.appointments.services import (
    NoAvailabilityError,
    booking_statement,
    draw_run,
    draws_prepare,
    turn_book,
    turn_cancel,
    turn_reschedule,
    turn_writes,
)
from clavepatronal.appointments.views.calendar import CSRF_PLACEHOLDER
from clavepatronal.core.cache import RedisCache

from ..staff import verified_login
from .conftest import NOW, journey_session, verified_person

pytestmark = pytest.mark.django_db


def version(agency) -> int:
    row = AgencyCalendar.objects.filter(agency=agency).first()
    return row.version if row else 0


def starts(agency) -> list[datetime.datetime]:
    return [
        slot.starts_at
        for day in slot_calendar(agency=agency, now=timezone.now())
        for slot in day.slots
    ]


def page(client, start: datetime.datetime) -> str:
    day = timezone.localtime(start).date().isoformat()
    response = client.get(reverse("appointments:schedule") + f"?dia={day}")
    assert response.status_code == 200
    return response.content.decode()


def free_at(html: str, start: datetime.datetime) -> int | None:
    """The free seats step g shows under that hour, or None if it is not offered."""
    value = timezone.localtime(start).strftime(SLOT_START_FORMAT)
    found = re.search(
        rf'value="{re.escape(value)}"[^>]*>.*?slot-list__free">(\d+) lugar',
        html,
        re.S,
    )
    return int(found.group(1)) if found else None


def book(agency, clave, start):
    return turn_book(
        **verified_person(now=timezone.now()),
        agency=agency,
        procedure_type=clave,
        starts_at=start,
    )


@pytest.fixture
def viewer(client, agency, clave):
    journey_session(client, agency, clave)
    return client


def test_the_next_request_after_a_booking_shows_the_seat_taken(viewer, agency, clave):
    start = starts(agency)[3]
    assert free_at(page(viewer, start), start) == 2
    before = version(agency)
    book(agency, clave, start)
    assert version(agency) == before + 1
    assert free_at(page(viewer, start), start) == 1
    book(agency, clave, start)
    html = page(viewer, start)
    assert free_at(html, start) is None  # full: the hour is no longer offered
    assert "lugares libres" in html


def test_a_cancellation_and_a_reschedule_are_seen_at_once(viewer, agency, clave):
    first, second = starts(agency)[3:5]
    turn = book(agency, clave, first)
    assert free_at(page(viewer, first), first) == 1
    turn = turn_reschedule(turn=turn, starts_at=second)
    html = page(viewer, first)
    assert (free_at(html, first), free_at(page(viewer, second), second)) == (2, 1)
    turn_cancel(turn=turn)
    assert free_at(page(viewer, second), second) == 2


def test_a_rolled_back_booking_leaves_the_version_and_the_page_as_they_were(
    viewer, agency, clave, monkeypatch
):
    start = starts(agency)[3]
    book(agency, clave, start)
    assert free_at(page(viewer, start), start) == 1
    before = version(agency)

    def fails(**kwargs):
        raise RuntimeError("a write after the seat failed")

    # The seat is taken (and the version bumped) inside the transaction, then a
    # later write fails: the audit insert on the ORM path (SQLite), the task after
    # the one statement on PostgreSQL. Everything goes back.
    monkeypatch.setattr(turn_writes, "audit_event_record", fails)
    monkeypatch.setattr(booking_statement, "turn_confirmation_enqueue", fails)
    with pytest.raises(RuntimeError):
        book(agency, clave, start)
    assert version(agency) == before
    assert Slot.objects.get(agency=agency, starts_at=start).booked == 1
    assert free_at(page(viewer, start), start) == 1


def test_a_refused_booking_does_not_bump_the_version(viewer, agency, clave):
    start = starts(agency)[3]
    book(agency, clave, start)
    book(agency, clave, start)
    before = version(agency)
    with pytest.raises(NoAvailabilityError):
        book(agency, clave, start)
    assert version(agency) == before


def test_a_cached_calendar_reads_no_seats(viewer, agency, clave):
    start = starts(agency)[3]
    page(viewer, start)
    with CaptureQueriesContext(connection) as queries:
        assert free_at(page(viewer, start), start) == 2
    sql = [query["sql"] for query in queries if "django_session" not in query["sql"]]
    if isinstance(caches["default"], RedisCache):
        assert sql == []  # versions and page come with step g's one Redis trip
    else:
        assert len(sql) == 1, sql  # the agency's version and the procedure's name
        assert "appointments_agencycalendar" in sql[0]


def test_an_agency_closed_meanwhile_is_not_served_from_the_cache(viewer, agency, clave):
    start = starts(agency)[3]
    page(viewer, start)
    agency.is_active = False
    agency.save()  # no bump: the page still is not served
    day = timezone.localtime(start).date().isoformat()
    response = viewer.get(reverse("appointments:schedule") + f"?dia={day}")
    assert response.status_code == 404


def test_an_hour_passing_its_lead_time_leaves_a_cached_calendar(
    viewer, agency, clave, monkeypatch
):
    first = starts(agency)[0]
    assert free_at(page(viewer, first), first) == 2
    lead = datetime.timedelta(minutes=settings.TURNOS_LEAD_MINUTES)
    later = first - lead + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    # Late in the day the first hour is tomorrow's: by then the person's e-mail code
    # has expired, so they verify again (their journey is not what is tested).
    journey_session(viewer, agency, clave)
    assert free_at(page(viewer, first), first) is None


def test_each_person_gets_their_own_csrf_token_in_the_cached_page(
    viewer, agency, clave
):
    start = starts(agency)[3]
    other = Client()
    journey_session(other, agency, clave)
    tokens = []
    for client in (viewer, other):
        html = page(client, start)
        assert CSRF_PLACEHOLDER not in html
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', html)[1])
        assert settings.CSRF_COOKIE_NAME in client.cookies
    assert tokens[0] != tokens[1]


def test_closures_and_capacity_changed_in_the_admin_are_seen_at_once(
    viewer, agency, clave, django_user_model
):
    start = starts(agency)[3]
    assert free_at(page(viewer, start), start) == 2
    admin = verified_login(
        Client(),
        django_user_model.objects.create_superuser(
            "admin-calendario", "admin@iess.gob.ec", "una-clave-larga-123"
        ),
    )
    change = reverse("admin:appointments_agency_change", args=[agency.pk])
    day = timezone.localtime(start).date()
    form = {
        "province": agency.province.pk,
        "name": agency.name,
        "address": agency.address,
        "slot_minutes": agency.slot_minutes,
        "capacity_per_slot": 5,
        "procedure_types": [clave.pk],
        "is_active": "on",
        "closures-TOTAL_FORMS": "0",
        "closures-INITIAL_FORMS": "0",
    }
    assert admin.post(change, form).status_code == 302
    assert free_at(page(viewer, start), start) == 5
    add = reverse("admin:appointments_agencyclosure_add")
    assert (
        admin.post(
            add, {"agency": agency.pk, "date": day.isoformat(), "reason": "Obras"}
        ).status_code
        == 302
    )
    assert free_at(page(viewer, start), start) is None  # the day is closed
    closure = AgencyClosure.objects.get(agency=agency, date=day)
    delete = reverse("admin:appointments_agencyclosure_delete", args=[closure.pk])
    assert admin.post(delete, {"post": "yes"}).status_code == 302
    assert free_at(page(viewer, start), start) == 5


def test_a_message_for_one_person_is_never_in_anyone_elses_page(viewer, agency, clave):
    start = starts(agency)[3]
    page(viewer, start)  # computed and cached
    other = Client()
    journey_session(other, agency, clave)
    refused = other.get(reverse("appointments:schedule_confirm") + "?inicio=ayer")
    assert refused.status_code == 302
    notice = "Elija el día y la hora."
    assert notice in page(other, start)  # theirs, once
    assert notice not in page(other, start)
    assert notice not in page(viewer, start)


def test_publishing_and_running_a_draw_bump_the_version(agency, clave):
    agency.allocation_mode = "SORTEO"
    agency.save()
    before = version(agency)
    (draw,) = draws_prepare(now=NOW)
    assert version(agency) == before + 1  # its day now takes applications
    draw_run(draw_id=draw.pk, now=draw.closes_at)
    assert version(agency) == before + 2  # drawn: what is left is bookable
