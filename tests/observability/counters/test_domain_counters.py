"""Each business counter moves exactly once per event, and only when it commits."""

import pytest
from django.db import transaction

from clavepatronal.appointments.services import (
    application_file,
    draw_run,
    turn_book,
    turn_verification_start,
)
from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.employers.sri.client import SriClient
from tests.appointments.conftest import local, verified_person

from ..metrics_fixtures import sample

pytestmark = pytest.mark.django_db


TUESDAY_8 = local(2026, 12, 8, 8, 0)
NOW = local(2026, 12, 7, 9, 0)
DURING = local(2026, 12, 8, 10, 0)
DRAW_TIME = local(2026, 12, 8, 19, 0)


def book(agency, procedure_type, person=None):
    return turn_book(
        **(person or verified_person()),
        agency=agency,
        procedure_type=procedure_type,
        starts_at=TUESDAY_8,
        now=NOW,
    )


def booked(agency, procedure="clave-patronal"):
    return sample(
        "clavepatronal_turns_booked_total", agency=str(agency.pk), procedure=procedure
    )


def refused(agency, reason):
    return sample(
        "clavepatronal_turns_refused_total", agency=str(agency.pk), reason=reason
    )


def test_a_booking_counts_once_when_it_commits(
    agency, clave, django_capture_on_commit_callbacks
):
    before = booked(agency, clave.code)
    with django_capture_on_commit_callbacks(execute=True):
        book(agency, clave)
    assert booked(agency, clave.code) == before + 1


def test_a_rolled_back_booking_is_not_counted(
    agency, clave, django_capture_on_commit_callbacks
):
    before = booked(agency, clave.code)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            book(agency, clave)
            raise RuntimeError("the caller's transaction fails after the booking")
    assert booked(agency, clave.code) == before
    assert callbacks == []


def test_a_refused_booking_counts_its_reason(
    agency, clave, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        book(agency, clave)
        book(agency, clave)  # two seats: the slot is full
    full_before = refused(agency, "sin_disponibilidad")
    booked_before = booked(agency, clave.code)
    with pytest.raises(ApplicationError):
        book(agency, clave)
    assert refused(agency, "sin_disponibilidad") == full_before + 1
    assert booked(agency, clave.code) == booked_before

    other = ProcedureType.objects.get(code="reclamos-aportes")
    not_served = refused(agency, "not_bookable")
    with pytest.raises(ApplicationError):
        book(agency, other)
    assert refused(agency, "not_bookable") == not_served + 1


@pytest.mark.cache
def test_a_code_sent_counts_once_and_a_refused_one_counts_its_reason(
    settings, django_capture_on_commit_callbacks
):
    settings.VERIFICATION_MAX_CODES_PER_HOUR = 1
    sent = sample("clavepatronal_codes_sent_total", purpose="TURNO")
    failed = sample(
        "clavepatronal_codes_failed_total", purpose="TURNO", reason="resend_limit"
    )
    with django_capture_on_commit_callbacks(execute=True):
        turn_verification_start(identification="1710034065", email="a@correo.ec")
    assert sample("clavepatronal_codes_sent_total", purpose="TURNO") == sent + 1
    with pytest.raises(ApplicationError):
        turn_verification_start(identification="1710034065", email="a@correo.ec")
    assert sample("clavepatronal_codes_sent_total", purpose="TURNO") == sent + 1
    assert (
        sample(
            "clavepatronal_codes_failed_total", purpose="TURNO", reason="resend_limit"
        )
        == failed + 1
    )


def test_applications_and_draws_count_with_their_duration(
    sorteo, agency, clave, django_capture_on_commit_callbacks
):
    label = {"agency": str(agency.pk)}
    filed = sample("clavepatronal_draw_applications_total", **label)
    runs = sample("clavepatronal_draws_run_total", **label)
    timed = sample("clavepatronal_draw_duration_seconds_count", **label)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            application_file(
                **verified_person(now=DURING),
                agency=agency,
                procedure_type=clave,
                day=sorteo.day,
                hours=["08:00"],
                any_hour=False,
                now=DURING,
            )
    assert sample("clavepatronal_draw_applications_total", **label) == filed + 3
    with django_capture_on_commit_callbacks(execute=True):
        assert draw_run(draw_id=sorteo.pk, now=DRAW_TIME) is not None
        assert draw_run(draw_id=sorteo.pk, now=DRAW_TIME) is None  # already drawn
    assert sample("clavepatronal_draws_run_total", **label) == runs + 1
    assert sample("clavepatronal_draw_duration_seconds_count", **label) == timed + 1
    assert sample("clavepatronal_draw_last_finished_timestamp_seconds", **label) > 1e9


@pytest.mark.cache
def test_an_sri_lookup_counts_its_result_and_reason():
    client = SriClient(base_url="http://127.0.0.1:9", breaker_failures=100)
    labels = {"result": "unavailable", "reason": "connection", "cached": "false"}
    before = sample("clavepatronal_sri_lookups_total", **labels)
    assert client.taxpayer_by_ruc("1790011674001").is_unavailable
    assert sample("clavepatronal_sri_lookups_total", **labels) == before + 1
