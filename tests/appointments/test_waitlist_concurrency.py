"""The waiting list under races, with real separate connections (threads): two
clicks on one offer give one turn, and two seats freed at once go to two different
entries. Runs on SQLite (WAL, IMMEDIATE transactions) and on PostgreSQL."""

import pytest
from django.utils import timezone

from clavepatronal.appointments.constants import OfferStatus, TurnStatus
from clavepatronal.appointments.models import Slot, Turn, WaitlistEntry, WaitlistOffer
from clavepatronal.appointments.services import turn_cancel
from clavepatronal.appointments.services.waitlist_answers import waitlist_offer_take
from clavepatronal.core.exceptions import ApplicationError

from .test_concurrency import race
from .test_waitlist import ahead_day, at, book, join, quito  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_clicks_on_one_offer_give_one_turn(quito, clave):  # noqa: F811
    starts_at = at(ahead_day())
    holder = book(quito, clave, starts_at)
    entry = join(quito, clave)
    turn_cancel(turn=holder)
    offer = WaitlistOffer.objects.get(status=OfferStatus.ABIERTA)
    results = race([lambda: waitlist_offer_take(offer=offer) for _ in range(2)])

    turns = [r for r in results if isinstance(r, Turn)]
    refused = [r for r in results if isinstance(r, ApplicationError)]
    assert len(turns) == 1 and len(refused) == 1, results
    assert refused[0].extra["code"] == "offer_taken"
    assert (
        Turn.objects.filter(
            identification=entry.identification, status=TurnStatus.RESERVADO
        ).count()
        == 1
    )
    assert Slot.objects.get(agency=quito, starts_at=starts_at).booked == 1
    offer.refresh_from_db()
    assert (offer.status, offer.turn_id) == (OfferStatus.TOMADA, turns[0].pk)


def test_two_seats_freed_at_once_go_to_two_entries(quito, clave):  # noqa: F811
    day = ahead_day()
    holders = [book(quito, clave, at(day, 10)), book(quito, clave, at(day, 11))]
    entries = [join(quito, clave), join(quito, clave)]
    results = race(
        [
            lambda turn=turn: turn_cancel(turn=turn, now=timezone.now())
            for turn in holders
        ]
    )
    assert all(isinstance(r, Turn) for r in results), results
    offers = WaitlistOffer.objects.filter(status=OfferStatus.ABIERTA)
    assert sorted(o.entry_id for o in offers) == sorted(e.pk for e in entries)
    assert WaitlistEntry.objects.filter(status="OFRECIDO").count() == 2
    assert sum(Slot.objects.filter(agency=quito).values_list("booked", flat=True)) == 2


def test_three_seats_freed_at_once_for_one_entry_free_the_other_two(
    quito,  # noqa: F811
    clave,
):
    day = ahead_day()
    holders = [book(quito, clave, at(day, hour)) for hour in (9, 10, 11)]
    entry = join(quito, clave)
    race([lambda turn=turn: turn_cancel(turn=turn) for turn in holders])
    (offer,) = WaitlistOffer.objects.all()
    assert offer.entry_id == entry.pk
    seats = dict(Slot.objects.filter(agency=quito).values_list("pk", "booked"))
    assert seats.pop(offer.slot_id) == 1
    assert set(seats.values()) == {0}
