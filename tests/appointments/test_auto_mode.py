"""Issue 27 (3), «Modo automático»: an AUTO agency switches itself to the draw when
its released days sell out within TURNOS_AUTO_SOLD_OUT_MINUTES, back to order of
arrival when they keep free seats TURNOS_AUTO_FREE_MINUTES after opening, changes
nothing on mixed figures, records each switch in the audit trail, announces it
the day before, and applies it to the days released from the next day on."""

import datetime

import pytest
from django.utils import timezone

from clavepatronal.appointments.allocation import seed_hash
from clavepatronal.appointments.constants import AllocationMode, DrawStatus
from clavepatronal.appointments.models import AgencyModeSwitch, Draw, Turn
from clavepatronal.appointments.selectors import release_next
from clavepatronal.appointments.selectors.draws import agency_mode
from clavepatronal.appointments.selectors.modes import mode_notices
from clavepatronal.appointments.services import draws_prepare
from clavepatronal.appointments.services.modes import (
    agency_mode_decide,
    agency_modes_decide,
)
from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.models import AuditEvent

from .conftest import NOW, local
from .factories import AgencyFactory, TurnFactory

pytestmark = pytest.mark.django_db

# At NOW (Monday 7 December 2026, 09:00), with 14 days ahead and the release at
# 07:00, the last released working days are Friday 18, Thursday 17 and Wednesday
# 16 December (the weekend after is released too, but nobody is served then),
# released on the 5th, 4th and 3rd at 07:00.
DAYS = [datetime.date(2026, 12, 18), datetime.date(2026, 12, 17)]
DAYS.append(datetime.date(2026, 12, 16))
TOMORROW = datetime.date(2026, 12, 8)
STARTS = ((8, 0), (12, 0))  # 240-minute turns: two a day


@pytest.fixture(autouse=True)
def _auto_settings(settings):
    settings.TURNOS_ALLOCATION_MODE = "AUTO"
    settings.TURNOS_AUTO_DAYS = 3
    settings.TURNOS_AUTO_SOLD_OUT_MINUTES = 30
    settings.TURNOS_AUTO_FREE_MINUTES = 60


@pytest.fixture
def small():
    """An AUTO agency (the general mode) with two seats a day: 08:00 and 12:00."""
    return AgencyFactory(slot_minutes=240, capacity_per_slot=1)


def opened(day: datetime.date) -> datetime.datetime:
    """When `day` was released: 13 days before, at 07:00."""
    return local(*(day - datetime.timedelta(days=13)).timetuple()[:3], 7, 0)


def book(agency, day, minutes, *, cancelled_after=None):
    """A turn on every seat of `day`, each made `minutes` after the day opened."""
    for hour, minute in STARTS:
        turn = TurnFactory(
            agency=agency, starts_at=local(*day.timetuple()[:3], hour, minute)
        )
        made = opened(day) + datetime.timedelta(minutes=minutes)
        Turn.objects.filter(pk=turn.pk).update(created=made, updated=made)


def book_one(agency, day, minutes):
    """One turn of the day's two seats, `minutes` after it opened."""
    turn = TurnFactory(agency=agency, starts_at=local(*day.timetuple()[:3], 8, 0))
    made = opened(day) + datetime.timedelta(minutes=minutes)
    Turn.objects.filter(pk=turn.pk).update(created=made, updated=made)


def test_the_agency_switches_to_the_draw_after_its_days_sell_out_fast(small):
    for day in DAYS:
        book(small, day, minutes=10)
    (switch,) = agency_modes_decide(now=NOW)
    assert switch.agency == small and switch.mode == AllocationMode.SORTEO
    # Decided today, it applies to the days released from tomorrow on.
    assert switch.effective_from == TOMORROW and switch.decided_at == NOW
    assert [d["day"] for d in switch.figures["days"]] == [d.isoformat() for d in DAYS]
    assert all(d["seats"] == 2 and d["taken_soon"] == 2 for d in switch.figures["days"])
    assert agency_mode(small, on=NOW.date()) == AllocationMode.ORDEN
    assert agency_mode(small, on=TOMORROW) == AllocationMode.SORTEO


def test_each_switch_is_an_audit_event_with_its_figures(small):
    for day in DAYS:
        book(small, day, minutes=10)
    switch = agency_mode_decide(agency_id=small.pk, now=NOW)
    event = AuditEvent.objects.get(action=AuditAction.AGENCIA_MODO_CAMBIADO)
    assert event.target_type == "appointments.agency"
    assert event.target_id == str(small.pk)
    assert event.data["switch"] == switch.pk and event.data["mode"] == "SORTEO"
    assert event.data["effective_from"] == "2026-12-08"
    assert event.data["from"] == "ORDEN" and event.data["minutes"] == 30
    assert len(event.data["days"]) == 3


def test_a_switch_still_to_apply_is_not_decided_twice(small):
    for day in DAYS:
        book(small, day, minutes=10)
    assert agency_mode_decide(agency_id=small.pk, now=NOW) is not None
    later = NOW + datetime.timedelta(hours=5)
    assert agency_mode_decide(agency_id=small.pk, now=later) is None
    assert AgencyModeSwitch.objects.count() == 1
    assert (
        AuditEvent.objects.filter(action=AuditAction.AGENCIA_MODO_CAMBIADO).count() == 1
    )


@pytest.mark.parametrize(
    "last_day",
    [
        pytest.param("slow", id="sold-out-after-45-minutes"),
        pytest.param("free", id="a-seat-still-free"),
    ],
)
def test_mixed_figures_change_nothing(small, last_day):
    book(small, DAYS[0], minutes=5)
    book(small, DAYS[1], minutes=5)
    if last_day == "slow":  # neither fast enough nor with a seat left at 60 min
        book(small, DAYS[2], minutes=45)
    else:
        book_one(small, DAYS[2], minutes=5)
    assert agency_modes_decide(now=NOW) == []
    assert agency_mode(small, on=TOMORROW) == AllocationMode.ORDEN


def test_a_seat_cancelled_before_the_threshold_was_free(small):
    for day in DAYS:
        book(small, day, minutes=10)
    turn = Turn.objects.filter(slot__starts_at__date=DAYS[1]).first()
    cancelled = opened(DAYS[1]) + datetime.timedelta(minutes=20)
    Turn.objects.filter(pk=turn.pk).update(status="CANCELADO", cancelled_at=cancelled)
    assert agency_modes_decide(now=NOW) == []


def test_days_not_yet_measured_do_not_count(small):
    """At 07:30 the day released at 07:00 is not measured yet (60 minutes), nor is
    a day released within the last hour: the decision waits, it does not guess."""
    for day in DAYS[1:]:
        book(small, day, minutes=10)
    assert agency_modes_decide(now=local(2026, 12, 4, 7, 50)) == []


def test_a_fixed_agency_never_switches(small):
    small.allocation_mode = AllocationMode.ORDEN
    small.save()
    for day in DAYS:
        book(small, day, minutes=10)
    assert agency_modes_decide(now=NOW) == []
    assert agency_mode(small, on=TOMORROW) == AllocationMode.ORDEN


def drawn(agency, day, *, winners: int) -> Draw:
    """The day given out by its draw at 19:00 of its release date, `winners` of
    its two seats taken by the draw's turns."""
    closes = opened(day).replace(hour=19)
    seed = "ab" * 32
    draw = Draw.objects.create(
        agency=agency,
        day=day,
        opens_at=opened(day),
        closes_at=closes,
        seed=seed,
        seed_hash=seed_hash(seed),
        status=DrawStatus.REALIZADO,
        drawn_at=closes,
        seats=2,
        winners=winners,
    )
    for hour, minute in STARTS[:winners]:
        turn = TurnFactory(
            agency=agency, starts_at=local(*day.timetuple()[:3], hour, minute)
        )
        Turn.objects.filter(pk=turn.pk).update(created=closes, updated=closes)
    return draw


def in_sorteo_since(agency, effective_from: datetime.date) -> AgencyModeSwitch:
    return AgencyModeSwitch.objects.create(
        agency=agency,
        mode=AllocationMode.SORTEO,
        decided_at=local(
            *(effective_from - datetime.timedelta(days=1)).timetuple()[:3], 8, 0
        ),
        effective_from=effective_from,
        figures={"minutes": 30, "days": []},
    )


def test_the_agency_goes_back_to_order_of_arrival_when_days_keep_free_seats(small):
    in_sorteo_since(small, datetime.date(2026, 11, 20))
    for day in DAYS:
        drawn(small, day, winners=1)  # a seat left after the draw, still free at 60'
    (switch,) = agency_modes_decide(now=NOW)
    assert switch.mode == AllocationMode.ORDEN and switch.effective_from == TOMORROW
    assert switch.figures["from"] == "SORTEO" and switch.figures["minutes"] == 60
    assert agency_mode(small, on=NOW.date()) == AllocationMode.SORTEO
    assert agency_mode(small, on=TOMORROW) == AllocationMode.ORDEN


def test_drawn_days_that_the_draw_fills_keep_the_draw(small):
    in_sorteo_since(small, datetime.date(2026, 11, 20))
    drawn(small, DAYS[0], winners=1)
    for day in DAYS[1:]:
        drawn(small, day, winners=2)
    assert agency_modes_decide(now=NOW) == []


def test_only_days_released_under_the_current_mode_count(small):
    """In sorteo since the 5th's release: only the 18th (released that day) is a
    working day released since, so three free days are not there yet."""
    in_sorteo_since(small, datetime.date(2026, 12, 5))
    for day in DAYS:
        drawn(small, day, winners=0)
    assert agency_modes_decide(now=NOW) == []


def test_a_drawn_day_is_measured_from_its_draw_not_its_release(small):
    """A day still open in its draw is no evidence yet (skipped); a drawn day
    counts what is free an hour after its draw: seats the draw left and people
    took at once are not free seats."""
    in_sorteo_since(small, datetime.date(2026, 11, 20))
    for day in (DAYS[1], DAYS[2], datetime.date(2026, 12, 15)):
        drawn(small, day, winners=0)
    Draw.objects.create(
        agency=small,
        day=DAYS[0],
        opens_at=opened(DAYS[0]),
        closes_at=opened(DAYS[0]).replace(hour=19),
        seed="cd" * 32,
        seed_hash=seed_hash("cd" * 32),
    )
    after_draw = opened(DAYS[1]).replace(hour=19, minute=10)
    for hour, minute in STARTS:  # the 17th's two seats, ten minutes after its draw
        turn = TurnFactory(
            agency=small, starts_at=local(*DAYS[1].timetuple()[:3], hour, minute)
        )
        Turn.objects.filter(pk=turn.pk).update(created=after_draw, updated=after_draw)
    assert agency_modes_decide(now=NOW) == []
    Turn.objects.filter(slot__agency=small).update(
        status="CANCELADO", cancelled_at=after_draw
    )
    (switch,) = agency_modes_decide(now=NOW)
    assert switch.mode == AllocationMode.ORDEN
    assert [d["day"] for d in switch.figures["days"]] == [
        "2026-12-17",
        "2026-12-16",
        "2026-12-15",
    ]


def test_the_switch_is_announced_from_the_day_before_it_applies(small):
    for day in DAYS:
        book(small, day, minutes=10)
    before = NOW - datetime.timedelta(minutes=1)
    switch = agency_mode_decide(agency_id=small.pk, now=NOW)
    assert mode_notices(now=before) == []
    (notice,) = mode_notices(now=NOW)
    assert notice.agency == small and notice.to_sorteo
    assert notice.effective_from == switch.effective_from == TOMORROW
    assert notice.reason == (
        "sus últimos 3 días abiertos se agotaron en menos de 30 minutos cada uno"
    )
    # Shown until every bookable day was released under it, then no more.
    assert mode_notices(now=local(2026, 12, 21, 23, 0))
    assert mode_notices(now=local(2026, 12, 22, 0, 1)) == []


def announced(agency, effective_from: datetime.date, mode=AllocationMode.SORTEO):
    """A switch decided a minute ago (the pages read the real clock)."""
    return AgencyModeSwitch.objects.create(
        agency=agency,
        mode=mode,
        decided_at=timezone.now() - datetime.timedelta(minutes=1),
        effective_from=effective_from,
        figures={"minutes": 30, "days": [{}, {}, {}]},
    )


def test_the_public_list_of_draws_shows_the_announcement(client, small):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    announced(small, tomorrow)
    page = client.get("/turnos/sorteos/").content.decode()
    assert small.name in page
    assert "los días nuevos de esta agencia se asignan por sorteo porque sus " in page
    assert "últimos 3 días abiertos se agotaron en menos de 30 minutos" in page


def test_the_agency_choice_shows_the_announcement(client, small):
    from .conftest import journey_session

    clave = small.procedure_types.get()
    journey_session(client, small, clave)
    announced(small, timezone.localdate(), mode=AllocationMode.ORDEN)
    page = client.get(
        f"/turnos/agencia/?provincia={small.province.code}&tramite={clave.code}"
    ).content.decode()
    assert small.name in page and "data-mode-notice" in page
    assert "se asignan por orden de llegada porque a sus últimos 3 días" in page


def test_the_switch_applies_to_the_days_released_from_its_day_on(small):
    """draws_prepare, at the real clock, prepares the next release: a draw for an
    agency whose switch applies on that release's date, none the day before."""
    release_date = timezone.localdate(release_next(now=timezone.now()).opens_at)
    switch = announced(small, release_date + datetime.timedelta(days=1))
    assert draws_prepare() == []
    switch.effective_from = release_date
    switch.save()
    (draw,) = draws_prepare()
    assert draw.agency == small


def test_turnos_sorteos_decides_then_prepares_the_draw_of_the_next_release(
    small, monkeypatch
):
    """The cron's command at NOW (after 07:00): the switch decided today applies
    to tomorrow's release, whose day it publishes a draw for right away (the
    eve), as for an agency fixed in sorteo."""
    from io import StringIO

    from django.core.management import call_command

    for day in DAYS:
        book(small, day, minutes=10)
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    out = StringIO()
    call_command("turnos_sorteos", stdout=out)
    assert f"Modo automático: {small.name} pasa a SORTEO desde el 2026-12-08" in (
        out.getvalue()
    )
    draw = Draw.objects.get(agency=small)
    assert draw.day == datetime.date(2026, 12, 21)  # what 8 December's release opens
    assert draw.opens_at == local(2026, 12, 8, 7, 0)
