"""Regla de inasistencia: two turns missed (desk «No asistió») within 90 days put a
person after everyone else in the draws, not out of them; cancelled turns, older
misses and a single miss do not count; draws published before the rule still
verify; the rule is published on the confirmation and in its e-mail."""

import datetime

import pytest

from clavepatronal.appointments.allocation import Entry, allocate, draw_order
from clavepatronal.appointments.constants import ApplicationStatus
from clavepatronal.appointments.selectors.draws import (
    application_pseudonym,
    draw_verify,
)
from clavepatronal.appointments.selectors.no_shows import no_show_demoted
from clavepatronal.appointments.services import draw_run, draws_prepare

from .conftest import NOW, local, verified_person
from .factories import TurnFactory
from .test_draws import DRAW_TIME, apply

pytestmark = pytest.mark.django_db

SEED = "3c" * 32


def test_the_order_puts_priority_first_and_the_no_show_rule_last():
    entries = [
        Entry(f"p{n}", tier, False, ("08:00",))
        for n, tier in enumerate([0, -1, 1, 0, -1, 1, 0])
    ]
    tiers = [entry.priority for entry in draw_order(SEED, entries)]
    assert tiers == [1, 1, 0, 0, 0, -1, -1]


def test_a_draw_published_with_true_and_false_recomputes_the_same():
    published = [["a", True, False, ["08:00"]], ["b", False, False, ["08:00"]]]
    entries = [Entry.from_list(item) for item in published]
    assert [e.priority for e in entries] == [1, 0]
    assert allocate(SEED, entries, [("2026-12-21T08:00", 1)]) == {
        "a": "2026-12-21T08:00"
    }


def _missed(agency, identification, *days):
    for day in days:
        TurnFactory(
            agency=agency,
            starts_at=local(day.year, day.month, day.day, 9, 0),
            identification=identification,
            no_asistio=True,
        )


@pytest.fixture
def sorteo(agency):
    agency.allocation_mode = "SORTEO"
    agency.save()
    (draw,) = draws_prepare(now=NOW)
    return draw


def test_two_misses_in_90_days_put_the_person_after_the_others(sorteo, agency, clave):
    late = verified_person(now=DRAW_TIME)
    _missed(
        agency,
        late["identification"],
        datetime.date(2026, 11, 10),
        datetime.date(2026, 11, 24),
    )
    demoted = apply(agency, clave, person=late)
    others = [apply(agency, clave) for _ in range(2)]  # the 08:00 slot has 2 seats
    draw = draw_run(draw_id=sorteo.pk, now=DRAW_TIME)
    tiers = {pseudonym: tier for pseudonym, tier, *_ in draw.result["entries"]}
    assert tiers[application_pseudonym(demoted.pk)] == -1
    assert all(tiers[application_pseudonym(a.pk)] == 0 for a in others)
    demoted.refresh_from_db()
    assert demoted.status == ApplicationStatus.PENDIENTE  # still in, not banned
    for application in others:
        application.refresh_from_db()
        assert application.status == ApplicationStatus.ASIGNADA
    assert draw_verify(draw).ok


@pytest.mark.parametrize(
    "missed",
    [
        pytest.param([datetime.date(2026, 11, 24)], id="one miss"),
        pytest.param(
            [datetime.date(2026, 8, 3), datetime.date(2026, 11, 24)],
            id="one of them older than 90 days",
        ),
    ],
)
def test_fewer_misses_in_the_window_change_nothing(agency, missed):
    person = verified_person(now=DRAW_TIME)["identification"]
    _missed(agency, person, *missed)
    assert person not in no_show_demoted(now=DRAW_TIME)


def test_cancelled_turns_never_count(agency):
    person = verified_person(now=DRAW_TIME)["identification"]
    for day in (10, 17, 24):
        TurnFactory(
            agency=agency,
            starts_at=local(2026, 11, day, 9, 0),
            identification=person,
            cancelado=True,
        )
    assert person not in no_show_demoted(now=DRAW_TIME)


def test_the_rule_can_be_switched_off(agency, settings):
    person = verified_person(now=DRAW_TIME)["identification"]
    _missed(agency, person, datetime.date(2026, 11, 10), datetime.date(2026, 11, 24))
    assert person in no_show_demoted(now=DRAW_TIME)
    settings.TURNOS_NO_SHOW_LIMIT = 0
    assert not no_show_demoted(now=DRAW_TIME)
