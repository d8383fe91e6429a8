"""Races, with real separate connections (threads): the database keeps the rules.

Runs on SQLite (WAL, IMMEDIATE transactions) and on PostgreSQL (DATABASE_URL).
"""

import threading

import pytest
from django.db import connections

from clavepatronal.appointments.constants import TurnStatus
from clavepatronal.appointments.models import Slot, Turn
from clavepatronal.appointments.services import (
    ActiveTurnError,
    NoAvailabilityError,
    turn_book,
    turn_reschedule,
)
from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.core.exceptions import ApplicationError
from tests.employers.factories import RegistrationFactory

from .conftest import NOW, cedula, for_employer, local, verified_person

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def race(jobs) -> list:
    """Start every job at once, each in its own thread and connection."""
    start = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        try:
            start.wait()
            results[index] = job()
        except BaseException as error:  # noqa: B036 - reported to the main thread
            results[index] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(index, job))
        for index, job in enumerate(jobs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


def _booking(agency, clave, person, starts_at):
    return lambda: turn_book(
        **person, agency=agency, procedure_type=clave, starts_at=starts_at, now=NOW
    )


def test_fifty_people_racing_for_a_slot_of_two_get_exactly_two_turns(agency, clave):
    starts_at = local(2026, 12, 8, 10, 0)
    people = [verified_person() for _ in range(50)]
    results = race([_booking(agency, clave, person, starts_at) for person in people])

    booked = [r for r in results if isinstance(r, Turn)]
    refused = [r for r in results if isinstance(r, NoAvailabilityError)]
    assert len(booked) == 2, results
    assert len(refused) == 48, [r for r in results if not isinstance(r, Turn)]
    assert all("sin disponibilidad" in error.message for error in refused)
    slot = Slot.objects.get(agency=agency, starts_at=starts_at)
    assert slot.booked == 2
    assert Turn.objects.filter(slot=slot, status=TurnStatus.RESERVADO).count() == 2


def test_one_cedula_racing_itself_gets_one_turn(agency, clave):
    person = verified_person()
    starts = [local(2026, 12, 9, 8 + i // 3, 20 * (i % 3)) for i in range(12)]
    results = race([_booking(agency, clave, person, start) for start in starts])

    booked = [r for r in results if isinstance(r, Turn)]
    refused = [r for r in results if isinstance(r, ActiveTurnError)]
    assert len(booked) == 1, results
    assert len(refused) == 11, [r for r in results if not isinstance(r, Turn)]
    assert all("Ya existe un turno" in error.message for error in refused)
    assert Turn.objects.count() == 1
    # No seat is left taken by the attempts that lost.
    assert sum(Slot.objects.values_list("booked", flat=True)) == 1


def test_a_reschedule_racing_a_booking_for_the_last_seat_keeps_capacity(agency, clave):
    for round_ in range(8):
        hour = 8 + round_
        origin = local(2026, 12, 10, hour, 0)
        target = local(2026, 12, 10, hour, 20)
        moving = turn_book(
            **verified_person(),
            agency=agency,
            procedure_type=clave,
            starts_at=origin,
            now=NOW,
        )
        # The target slot has one seat left.
        turn_book(
            **verified_person(),
            agency=agency,
            procedure_type=clave,
            starts_at=target,
            now=NOW,
        )
        newcomer = verified_person()
        results = race(
            [
                lambda moving=moving, target=target: turn_reschedule(
                    turn=moving, starts_at=target, now=NOW
                ),
                _booking(agency, clave, newcomer, target),
            ]
        )
        winners = [r for r in results if isinstance(r, Turn)]
        losers = [r for r in results if isinstance(r, NoAvailabilityError)]
        assert len(winners) == 1 and len(losers) == 1, results
        target_slot = Slot.objects.get(agency=agency, starts_at=target)
        origin_slot = Slot.objects.get(agency=agency, starts_at=origin)
        assert target_slot.booked == 2
        assert (
            target_slot.booked
            == target_slot.turns.filter(status=TurnStatus.RESERVADO).count()
        )
        assert (
            origin_slot.booked
            == origin_slot.turns.filter(status=TurnStatus.RESERVADO).count()
        )
        moving.refresh_from_db()
        assert moving.slot_id in (origin_slot.pk, target_slot.pk)


def test_crossing_reschedules_neither_deadlock_nor_lose_seats(agency, clave):
    a_start, b_start = local(2026, 12, 11, 8, 0), local(2026, 12, 11, 8, 20)
    in_a = [
        turn_book(
            **verified_person(),
            agency=agency,
            procedure_type=clave,
            starts_at=a_start,
            now=NOW,
        )
        for _ in range(2)
    ]
    in_b = [
        turn_book(
            **verified_person(),
            agency=agency,
            procedure_type=clave,
            starts_at=b_start,
            now=NOW,
        )
        for _ in range(1)
    ]
    results = race(
        [
            lambda: turn_reschedule(turn=in_a[0], starts_at=b_start, now=NOW),
            lambda: turn_reschedule(turn=in_b[0], starts_at=a_start, now=NOW),
        ]
    )
    assert all(isinstance(r, Turn | ApplicationError) for r in results), results
    for slot in Slot.objects.filter(agency=agency):
        assert slot.booked <= slot.capacity
        assert slot.booked == slot.turns.filter(status=TurnStatus.RESERVADO).count()


def test_reminder_runs_racing_each_other_send_each_reminder_once(agency, clave):
    from django.core import mail

    from clavepatronal.appointments.services import turn_reminders_send

    for minute in (0, 20, 40):
        turn_book(
            **verified_person(),
            agency=agency,
            procedure_type=clave,
            starts_at=local(2026, 12, 14, 9, minute),
            now=NOW,
        )
    mail.outbox = []
    friday = local(2026, 12, 11, 18, 0)
    results = race([lambda: turn_reminders_send(now=friday) for _ in range(6)])
    assert sum(results) == 3, results
    reminders = [m for m in mail.outbox if m.subject.startswith("Recordatorio")]
    assert len(reminders) == 3
    assert Turn.objects.filter(reminder_sent_at=friday).count() == 3


def test_one_number_typed_as_four_document_types_gets_one_turn(agency):
    """The number is the person: CEDULA, PASAPORTE, VISA and CODIGO_IESS with the
    same digits race for a procedure that binds no employer."""
    other = ProcedureType.objects.exclude(code="clave-patronal").first()
    agency.procedure_types.add(other)
    number = cedula(8080)
    people = [
        verified_person(identification=number, identification_type=kind, employer=False)
        for kind in ("CEDULA", "PASAPORTE", "VISA", "CODIGO_IESS")
    ]
    starts = [local(2026, 12, 9, 9, 20 * i) for i in range(3)] + [
        local(2026, 12, 9, 10, 0)
    ]
    results = race(
        [
            _booking(agency, other, person, start)
            for person, start in zip(people, starts, strict=True)
        ]
    )
    booked = [r for r in results if isinstance(r, Turn)]
    assert len(booked) == 1, results
    assert all(isinstance(r, ActiveTurnError) for r in results if r not in booked)
    assert Turn.objects.filter(identification=number).count() == 1
    assert sum(Slot.objects.values_list("booked", flat=True)) == 1


def test_two_people_of_one_employer_racing_get_one_clave_turn(agency, clave):
    """The legal representative and the authorized person book for the same
    employer at the same moment: one active clave turn per employer."""
    registration = RegistrationFactory()
    people = [
        for_employer(
            verified_person(
                identification=registration.rep_identification, employer=False
            ),
            registration,
        ),
        for_employer(
            verified_person(
                identification=registration.authorized_identification,
                identification_type=registration.authorized_id_type,
                employer=False,
            ),
            registration,
        ),
    ]
    starts = [local(2026, 12, 9, 11, 0), local(2026, 12, 9, 11, 20)]
    results = race(
        [
            lambda person=person, start=start: turn_book(
                **person,
                agency=agency,
                procedure_type=clave,
                starts_at=start,
                now=NOW,
            )
            for person, start in zip(people, starts, strict=True)
        ]
    )
    booked = [r for r in results if isinstance(r, Turn)]
    assert len(booked) == 1, results
    assert all(isinstance(r, ActiveTurnError) for r in results if r not in booked)
    assert (
        Turn.objects.filter(
            employer_identification=registration.employer_identification
        ).count()
        == 1
    )
    assert sum(Slot.objects.values_list("booked", flat=True)) == 1
