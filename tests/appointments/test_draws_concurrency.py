"""A draw and a cancellation at the same moment, on real separate connections:
the draw locks the pending applications, so the cancellation waits for it and
then finds the application decided, instead of being overwritten by the draw.

Runs on SQLite (IMMEDIATE transactions) and on PostgreSQL (DATABASE_URL)."""

import threading

import pytest
from django.db import connections

from clavepatronal.appointments.constants import ApplicationStatus
from clavepatronal.appointments.models import Turn, TurnApplication
from clavepatronal.appointments.selectors.draws import (
    application_draws_lost,
    application_pseudonym,
    draw_verify,
)
from clavepatronal.appointments.services import (
    application_cancel,
    application_file,
    draw_run,
    draws_prepare,
    draws_run_due,
)
from clavepatronal.appointments.services import draws as draw_services
from clavepatronal.core.exceptions import ApplicationError

from .conftest import NOW, verified_person
from .factories import AgencyFactory
from .test_draws import DAY, DRAW_TIME, DURING

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_cancellation_during_the_draw_waits_and_is_not_overwritten(
    agency, clave, monkeypatch
):
    agency.allocation_mode = "SORTEO"
    agency.save()
    (draw,) = draws_prepare(now=NOW)
    application = application_file(
        **verified_person(now=DURING),
        agency=agency,
        procedure_type=clave,
        day=DAY,
        hours=["08:00"],
        any_hour=False,
        now=DURING,
    )
    outcome: dict = {}

    def cancel():
        try:
            outcome["cancel"] = application_cancel(application=application)
        except ApplicationError as error:
            outcome["cancel"] = error
        finally:
            connections.close_all()

    allocate = draw_services.allocate

    def allocate_while_the_applicant_cancels(*args):
        # The pending applications are read (and locked) by now.
        outcome["thread"] = threading.Thread(target=cancel)
        outcome["thread"].start()
        outcome["thread"].join(timeout=1)
        outcome["waited"] = outcome["thread"].is_alive()
        return allocate(*args)

    monkeypatch.setattr(draw_services, "allocate", allocate_while_the_applicant_cancels)
    draw_run(draw_id=draw.pk, now=DRAW_TIME)
    outcome["thread"].join(timeout=30)
    application.refresh_from_db()
    assert outcome["waited"]
    assert isinstance(outcome["cancel"], ApplicationError)
    assert application.status == ApplicationStatus.ASIGNADA
    assert application.turn_id is not None
    assert TurnApplication.objects.get(pk=application.pk).turn.identification == (
        application.identification
    )


def test_two_draws_of_one_agency_at_once_run_one_after_the_other(
    agency, clave, monkeypatch, settings
):
    """The second counts the first among the draws its applications lost: who
    lost the first has priority in the second, as it would one after the other."""
    settings.TURNOS_DRAW_PRIORITY_AFTER = 1
    agency.allocation_mode = "SORTEO"
    agency.save()
    (first,) = draws_prepare(now=NOW)
    for _ in range(3):  # 2 seats at 08:00: one loses
        application_file(
            **verified_person(now=DURING),
            agency=agency,
            procedure_type=clave,
            day=DAY,
            hours=["08:00"],
            any_hour=False,
            now=DURING,
        )
    (second,) = draws_prepare(now=DRAW_TIME)
    for _ in range(4):
        application_file(
            **verified_person(now=second.opens_at),
            agency=agency,
            procedure_type=clave,
            day=second.day,
            hours=["08:00"],
            any_hour=False,
            now=second.opens_at,
        )
    outcome: dict = {}

    def second_draw():
        try:
            outcome["second"] = draw_run(draw_id=second.pk, now=second.closes_at)
        finally:
            connections.close_all()

    allocate = draw_services.allocate

    def allocate_while_the_next_draw_starts(*args):
        if "thread" not in outcome:
            outcome["thread"] = threading.Thread(target=second_draw)
            outcome["thread"].start()
            outcome["thread"].join(timeout=1)
            outcome["waited"] = outcome["thread"].is_alive()
        return allocate(*args)

    monkeypatch.setattr(draw_services, "allocate", allocate_while_the_next_draw_starts)
    draw_run(draw_id=first.pk, now=DRAW_TIME)
    outcome["thread"].join(timeout=30)
    assert outcome["waited"]
    (veteran,) = [
        application
        for application in TurnApplication.objects.filter(day=DAY)
        if application_draws_lost(application=application) == [first]
    ]
    priority = {p: ahead for p, ahead, *_ in outcome["second"].result["entries"]}
    assert priority.pop(application_pseudonym(veteran.pk)) == 1
    assert not any(priority.values())


def test_due_draws_of_two_agencies_run_together_each_agency_in_order(
    agency, clave, settings
):
    """On PostgreSQL the two agencies' draws run at the same time; each agency's
    second draw still counts its first among the draws its loser lost."""
    settings.TURNOS_DRAW_PRIORITY_AFTER = 1
    other = AgencyFactory(
        name="Agencia de prueba Quito Sur", procedure_types=[clave], slot_minutes=20
    )
    for each in (agency, other):
        each.allocation_mode = "SORTEO"
        each.save()
    first = draws_prepare(now=NOW)
    second = draws_prepare(now=DRAW_TIME)
    for draws, count in ((first, 3), (second, 4)):  # 2 seats at 08:00 each
        for draw in draws:
            for _ in range(count):
                application_file(
                    **verified_person(now=draw.opens_at),
                    agency=draw.agency,
                    procedure_type=clave,
                    day=draw.day,
                    hours=["08:00"],
                    any_hour=False,
                    now=draw.opens_at,
                )
    drawn = draws_run_due(now=second[0].closes_at)
    assert [d.pk for d in drawn] == [
        d.pk for d in sorted(first + second, key=lambda d: (d.closes_at, d.pk))
    ]
    for draw in first:
        (veteran,) = [
            application
            for application in TurnApplication.objects.filter(
                agency=draw.agency_id, day=draw.day
            )
            if application_draws_lost(application=application) == [draw]
        ]
        assert veteran.status == ApplicationStatus.ASIGNADA  # first in the second
    assert Turn.objects.count() == 8
    assert all(draw_verify(draw).ok for draw in drawn)
