"""Step g in one Redis round trip (appointments.views.calendar_trip): its page
limits, the journey session, the calendar versions and the cached page come in one
script; the page stays as correct as the versioned cache made it. Without Redis
(the SQLite demo, the process's memory) the present path stays."""

# The turn tests' fixtures (agency, their settings) are imported by name: pytest
# finds them here, and each test's parameter of that name is the fixture.
# ruff: noqa: F811

import re

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clavepatronal.appointments.services import calendar_version_bump
from clavepatronal.appointments.services.calendar_version import (
    CALENDAR_VERSION_PREFIX,
)
from clavepatronal.appointments.views.calendar_trip import (
    page_key,
    page_suffix,
    wanted_day,
)
from clavepatronal.core.cache import RedisCache
from tests.appointments.conftest import _turn_settings, agency, journey_session  # noqa: F401
from tests.appointments.factories import AgencyFactory

pytestmark = pytest.mark.django_db

ON_REDIS = settings.CACHES["default"]["BACKEND"].endswith("core.cache.RedisCache")
redis_only = pytest.mark.skipif(
    not ON_REDIS, reason="sin REDIS_URL la caché es la memoria del proceso"
)
CACHE_SESSIONS = "django.contrib.sessions.backends.cache"


def schedule(client, **query) -> tuple[int, str]:
    response = client.get(reverse("appointments:schedule"), query)
    return response.status_code, response.content.decode()


@pytest.fixture
def round_trips(monkeypatch):
    """The commands sent to Redis, in order."""
    sent = []
    execute = redis.Redis.execute_command

    def counted(self, *args, **options):
        sent.append(args[0])
        return execute(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counted)
    return sent


@pytest.fixture
def viewer(settings, agency, clave):
    settings.SESSION_ENGINE = CACHE_SESSIONS  # as in production (scaleout)
    client = Client()
    journey_session(client, agency, clave)
    return client


@redis_only
def test_a_cached_step_g_is_one_redis_round_trip_and_no_query(
    viewer,
    agency,
    round_trips,
):
    status, first = schedule(viewer)
    assert status == 200
    round_trips.clear()
    with CaptureQueriesContext(connection) as queries:
        status, html = schedule(viewer)
    assert status == 200
    assert [query["sql"] for query in queries] == []
    assert round_trips == ["EVALSHA"]
    assert agency.name in html
    token = re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', html)[1]
    assert token in html and "csrf0placeholder" not in html


@redis_only
def test_the_page_limit_is_counted_once_per_request_in_the_trip(viewer, settings):
    settings.TURNOS_RATE_PAGES_PER_IP = "3/h"
    assert [schedule(viewer)[0] for _ in range(4)] == [200, 200, 200, 429]


@redis_only
def test_another_agency_chosen_in_the_session_shows_its_own_calendar(
    viewer,
    agency,
    clave,
):
    assert agency.name in schedule(viewer)[1]
    other = AgencyFactory(name="Agencia de prueba Guayaquil Sur", capacity_per_slot=2)
    journey_session(viewer, other, clave)  # step f again: another agency
    html = schedule(viewer)[1]
    assert other.name in html and agency.name not in html


@redis_only
def test_a_rolled_back_change_has_bumped_the_counter_inside_its_transaction(
    viewer,
    agency,
):
    schedule(viewer)
    key = f"{CALENDAR_VERSION_PREFIX}{agency.pk}"
    trip = cache.page_trip(
        timeouts={},
        session_key=None,
        pointer_key="turnos-paso-g:prueba",
        pointer=f"{agency.pk}:1",
        pointer_seconds=60,
        catalogue_key="turnos-calendario-catalogo",
        owner_prefix=CALENDAR_VERSION_PREFIX,
        page_prefix="turnos-calendario:",
        page_suffix=":x",
    )
    before = int(trip.versions.split(":")[0])
    with pytest.raises(RuntimeError), transaction.atomic():
        calendar_version_bump(agency_id=agency.pk)
        raise RuntimeError("the booking's audit insert failed")
    after = int(cache._cache.get_client().get(cache.make_key(key)))
    assert after > before  # bumped inside: a page computed meanwhile is not kept


@redis_only
def test_a_committed_change_bumps_the_version_again_after_the_commit(
    agency,
    django_capture_on_commit_callbacks,
):
    client = cache._cache.get_client()
    made = cache.make_key(f"{CALENDAR_VERSION_PREFIX}{agency.pk}")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        calendar_version_bump(agency_id=agency.pk)
    inside = int(client.get(made))
    for callback in callbacks:
        callback()
    assert int(client.get(made)) == inside + 1


@redis_only
def test_a_lost_version_counter_comes_back_above_its_old_values(agency):
    client = cache._cache.get_client()
    made = cache.make_key(f"{CALENDAR_VERSION_PREFIX}{agency.pk}")
    calendar_version_bump(agency_id=agency.pk)
    old = int(client.get(made))
    client.delete(made)  # evicted, or Redis restarted empty
    calendar_version_bump(agency_id=agency.pk)
    assert int(client.get(made)) > old


@redis_only
def test_the_trip_builds_the_page_key_the_view_stores_under(viewer, agency, clave):
    schedule(viewer, dia="2026-12-09")
    suffix = page_suffix(
        wanted_day(type("R", (), {"GET": {"dia": " 2026-12-09 "}})()),
        "appointments/schedule.html",
        reverse("appointments:schedule_confirm"),
    )
    stored = [
        key.decode()
        for key in cache._cache.get_client().keys(
            cache.make_key(f"turnos-calendario:{agency.pk}:{clave.pk}:*")
        )
    ]
    assert len(stored) == 1 and stored[0].endswith(suffix)
    versions = stored[0].split(":")[-3:-1]
    assert stored[0] == cache.make_key(
        page_key(f"{agency.pk}:{clave.pk}", ":".join(versions), suffix)
    )


@pytest.mark.skipif(ON_REDIS, reason="con Redis el paso g hace su viaje único")
def test_without_redis_step_g_keeps_its_present_path(viewer, agency):
    assert not isinstance(cache, RedisCache)
    response = viewer.get(reverse("appointments:schedule"))
    assert response.status_code == 200
    assert not hasattr(response.wsgi_request, "calendar_trip")
    with CaptureQueriesContext(connection) as queries:
        viewer.get(reverse("appointments:schedule"))
    sql = [query["sql"] for query in queries]
    assert len(sql) == 1 and "appointments_agencycalendar" in sql[0]


def test_wanted_day_reads_dia_as_the_day_form_does():
    class Request:
        def __init__(self, value):
            self.GET = {"dia": value} if value is not None else {}

    assert str(wanted_day(Request(" 2026-12-09 "))) == "2026-12-09"
    assert wanted_day(Request("ayer")) is None
    assert wanted_day(Request("")) is None
    assert wanted_day(Request(None)) is None
