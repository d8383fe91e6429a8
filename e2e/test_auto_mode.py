"""Modo automático in Chromium: the Quito agency, in AUTO, sees its last three
released days sell out within minutes; turnos_sorteos' decision switches it to
the draw from the next day's release and both public pages announce it; on that
day the person choosing the agency reads why, and the new day asks for a draw
application instead of a booking. axe on every page."""

import datetime
import re

import pytest
from django.utils.timezone import localdate
from playwright.sync_api import expect

from .conftest import orm
from .test_turnos import (  # noqa: F401
    AGENCY,
    employer_ruc,
    journey_to_the_agency,
    mail_folder,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ONE_DAY = datetime.timedelta(days=1)
NOTICE = re.compile(
    r"Desde el .+, los días nuevos de esta agencia se asignan por sorteo porque sus "
    r"últimos 3 días abiertos se agotaron en menos de 30 minutos cada uno\."
)


@pytest.fixture
def auto_settings(settings):
    """The general mode AUTO, and a release at midnight with the draw a minute
    before the next, so that a drawn day takes applications at any hour the test
    runs; the window ends on a working day of Quito, and so does the day the
    next release opens (the_day_comes)."""
    from django.utils import timezone

    from clavepatronal.appointments.selectors import working_day_is

    settings.TURNOS_ALLOCATION_MODE = "AUTO"
    settings.TURNOS_AUTO_DAYS = 3
    settings.TURNOS_AUTO_SOLD_OUT_MINUTES = 30
    settings.TURNOS_AUTO_FREE_MINUTES = 60
    settings.TURNOS_RELEASE_TIME = "00:00"
    settings.TURNOS_DRAW_TIME = "23:59"
    today = timezone.localdate()
    settings.TURNOS_DAYS_AHEAD = next(
        ahead
        for ahead in range(14, 7, -1)
        if working_day_is(day=today + datetime.timedelta(days=ahead - 1))
        and working_day_is(day=today + datetime.timedelta(days=ahead))
    )
    return settings


def sell_out_the_last_released_days() -> list[datetime.date]:
    """Every seat of the last three released working days taken five minutes
    after each day opened (turns written through the ORM, as the bookings would
    have left them)."""
    from django.conf import settings
    from django.utils import timezone

    from clavepatronal.appointments.models import Agency, Turn
    from clavepatronal.appointments.selectors import (
        booking_window,
        slot_starts,
        working_day_is,
    )
    from tests.appointments.factories import TurnFactory

    agency = Agency.objects.get(name=AGENCY)
    assert not agency.allocation_mode  # the general mode: AUTO
    now = timezone.now()
    _first, day = booking_window(now=now - datetime.timedelta(minutes=60))
    days = []
    while len(days) < 3:
        if working_day_is(day=day, agency=agency):
            days.append(day)
        day -= datetime.timedelta(days=1)
    for day in days:
        released = datetime.datetime.combine(
            day - datetime.timedelta(days=settings.TURNOS_DAYS_AHEAD - 1),
            datetime.time(0, 0),
            tzinfo=timezone.get_default_timezone(),
        )
        made = released + datetime.timedelta(minutes=5)
        for start in slot_starts(agency=agency, day=day):
            for _seat in range(agency.capacity_per_slot):
                turn = TurnFactory(agency=agency, starts_at=start)
                Turn.objects.filter(pk=turn.pk).update(created=made, updated=made)
    return days


def decide():
    from clavepatronal.appointments.services.modes import agency_modes_decide

    return agency_modes_decide()


def the_day_comes(switch_id: int):
    """A day later: the switch was decided yesterday and applies from today's
    release, which opens one day more (the window ends a day further) and which
    draws_prepare (turnos_sorteos) prepares just before it."""
    from django.conf import settings
    from django.utils import timezone

    from clavepatronal.appointments.models import AgencyModeSwitch
    from clavepatronal.appointments.services import draws_prepare

    switch = AgencyModeSwitch.objects.get(pk=switch_id)
    switch.decided_at -= datetime.timedelta(days=1)
    switch.effective_from -= datetime.timedelta(days=1)
    switch.save()
    settings.TURNOS_DAYS_AHEAD += 1
    midnight = datetime.datetime.combine(
        timezone.localdate(), datetime.time(0), tzinfo=timezone.get_default_timezone()
    )
    return draws_prepare(now=midnight - datetime.timedelta(minutes=1))


def test_an_auto_agency_switches_to_the_draw_and_announces_it(
    page,
    assert_accessible,
    auto_settings,
    mail_folder,  # noqa: F811
):
    orm(sell_out_the_last_released_days)
    (switch,) = orm(decide)
    assert switch.mode == "SORTEO"
    # Decided today, it applies to the days released from tomorrow on.
    assert switch.effective_from == localdate(switch.decided_at) + ONE_DAY

    # The day before it applies: the public list of draws announces it.
    page.goto("/turnos/sorteos/")
    notices = page.locator("[data-mode-notices]")
    expect(notices).to_contain_text(AGENCY)
    expect(notices).to_contain_text(NOTICE)
    assert_accessible(page)

    # The day it applies: the new day's draw is published before its release.
    (draw,) = orm(lambda: the_day_comes(switch.pk))
    assert draw.agency.name == AGENCY

    # A person choosing the agency reads why; the new day takes applications.
    journey_to_the_agency(page, assert_accessible, mail_folder)
    ruc = employer_ruc()
    page.get_by_label("Provincia").select_option(label="Pichincha")
    page.get_by_label("Tipo de trámite").select_option(label="Clave patronal")
    option = page.locator("label.agency-option", has_text=AGENCY)
    expect(option.locator("[data-mode-notice]")).to_have_text(NOTICE)
    assert_accessible(page)
    page.get_by_label(AGENCY).check()
    page.get_by_label("RUC del empleador").fill(ruc)
    page.get_by_role("button", name="Siguiente").click()
    expect(page.locator("h1")).to_have_text("Seleccione el día y la hora")
    page.get_by_role("link", name=re.compile("por sorteo")).click()
    expect(page.locator("main")).to_contain_text("Solicitud para el sorteo")
    expect(page.get_by_label("Hora preferida")).to_be_visible()
    assert_accessible(page)
