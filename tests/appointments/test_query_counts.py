"""The availability page (computed, not from the cache) and *Confirmar* cost the
same number of queries whether the agency has 10 or 1,000 turns booked: nothing is
fetched row by row."""

import datetime
import itertools

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clavepatronal.appointments.models import Agency, Slot, Turn
from clavepatronal.appointments.selectors import slot_calendar, slot_starts

from .conftest import cedula, journey_session
from .factories import SlotFactory, TurnFactory

pytestmark = pytest.mark.django_db
_people = itertools.count(700_000)


def _grow(agency: Agency, clave, rows: int) -> None:
    """`rows` more booked turns at the agency, past and in the booking window."""
    taken = set(Slot.objects.filter(agency=agency).values_list("starts_at", flat=True))
    starts = []
    day = timezone.localdate() - datetime.timedelta(days=20)
    while len(starts) < rows:
        starts += [
            start for start in slot_starts(agency=agency, day=day) if start not in taken
        ]
        day += datetime.timedelta(days=1)
    slots = Slot.objects.bulk_create(
        SlotFactory.build(agency=agency, starts_at=start, booked=1)
        for start in starts[:rows]
    )
    Turn.objects.bulk_create(
        TurnFactory.build(
            slot=slot,
            procedure_type=clave,
            identification=cedula(next(_people)),
            email="otra@correo.ec",
        )
        for slot in slots
    )


def _free_start(agency: Agency) -> datetime.datetime:
    """A start with a free seat whose row exists (someone booked there before): the
    first booking of a slot also inserts its row, the same for 10 or 1,000 turns."""
    start = slot_calendar(agency=agency, now=timezone.now())[-1].slots[-1].starts_at
    SlotFactory(agency=agency, starts_at=start)
    return start


def _count(call, *, status: int, location: str = "") -> int:
    # The whole work each time: the calendar's cache would hide its queries (and the
    # rows grown here bypass the services that bump its version).
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code == status
    assert location in response.get("Location", "")
    return len(queries)


@pytest.mark.parametrize("page", ["availability", "booking"])
def test_the_turn_pages_run_the_same_queries_with_10_and_1000_turns(
    client, agency, clave, page
):
    counts = []
    for rows in (10, 1000):
        _grow(agency, clave, rows - Turn.objects.count())
        assert Turn.objects.count() == rows
        if page == "availability":
            journey_session(client, agency, clave)
            day = _free_start(agency).date().isoformat()
            url = reverse("appointments:schedule") + f"?dia={day}"
            counts.append(_count(lambda url=url: client.get(url), status=200))
        else:
            journey_session(client, agency, clave, starts_at=_free_start(agency))
            url = reverse("appointments:summary")
            counts.append(
                _count(lambda url=url: client.post(url), status=302, location="/turno/")
            )
    assert counts[0] == counts[1], counts
