"""What the turn pages put first on a phone (issue 17): the start button, step f
ready for one submit, step g's jump to the hours with their free seats, and the
confirmation's essentials before the folded requirements. The browser journeys in
e2e/test_turnos.py check the same pages at 320 and 390 pixels."""

import re

import pytest
from django.utils import timezone

from clavepatronal.appointments.selectors import slot_calendar, turn_link_token

from .factories import SlotFactory
from .test_views import (
    agency_query,
    book_through_views,
    choose_agency,
    url,
    verified_client,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("commit_per_request")]


def no_inline_script_or_style(page: str) -> bool:
    """The Content-Security-Policy allows neither."""
    return not re.search(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=", page)


def test_the_start_button_comes_before_the_six_steps(client):
    page = client.get(url("start")).content.decode()
    button = page.index(f'href="{url("identification")}"')
    assert button < page.index("Cómo generar su turno en línea")
    assert button < page.index("<ol")


def test_step_f_is_ready_for_one_submit_and_still_works_in_two(client, agency):
    verified_client(client)
    page = client.get(url("agency")).content.decode()
    assert "appointments/turnos.js" in page and no_inline_script_or_style(page)
    # turnos.js reads the list from the page «Ver agencias» loads.
    assert "data-agency-search" in page and ">Ver agencias</button>" in page
    page = client.get(url("agency") + agency_query(agency)).content.decode()
    results = page[page.index("data-agency-results") :]
    assert agency.name in results and ">Siguiente</button>" in results
    assert f"agencias atienden «Clave patronal» en {agency.province.name}." in results
    assert choose_agency(client, agency).url == url("schedule")


def test_a_day_link_jumps_to_its_hours_and_each_hour_shows_its_free_seats(
    client, agency
):
    verified_client(client)
    choose_agency(client, agency)
    # A day with two hours still ahead (late in the afternoon today has one).
    days = slot_calendar(agency=agency, now=timezone.now())
    starts_at = next(day for day in days if len(day.slots) >= 2).slots[0].starts_at
    SlotFactory(agency=agency, starts_at=starts_at, booked=1)
    day = starts_at.date().isoformat()
    page = client.get(url("schedule") + f"?dia={day}").content.decode()
    assert f'href="?dia={day}#horas"' in page
    assert page.count('id="horas"') == 1
    assert no_inline_script_or_style(page)
    first, second = re.findall(r'class="slot-list__free">([^<]+)</span>', page, re.S)[
        :2
    ]
    assert first == "1 lugar libre"  # two seats, one booked
    assert second == "2 lugares libres"


def test_the_confirmation_shows_the_essentials_and_folds_the_requirements(
    client, agency
):
    turn = book_through_views(client, agency)
    response = client.get(url("turn_detail", turn_link_token(turn=turn)))
    page = response.content.decode()
    folded = page.index("<details")
    for essential in [
        turn.code_display,
        "Fecha y hora",
        agency.address,
        "Descargar la confirmación (PDF)",
        "Agregar a mi calendario (.ics)",
        "Reprogramar",
        "Cancelar",
    ]:
        assert page.index(essential) < folded, essential
    assert page.index('<ol class="requirements">') > folded
    assert page.index("15 minutos de anticipación") > folded
    assert page.count("<details") == 2 and "<details open" not in page


def test_the_confirmation_and_its_mail_publish_the_no_show_rule(
    client, agency, settings, mailoutbox
):
    settings.TURNOS_NO_SHOW_LIMIT, settings.TURNOS_NO_SHOW_DAYS = 3, 60
    turn = book_through_views(client, agency)
    page = client.get(url("turn_detail", turn_link_token(turn=turn))).content.decode()
    rule = "Quien no asiste a 3 turnos en 60 días sin cancelarlos"
    assert "Cancelar hasta el día anterior es siempre gratis" in page
    assert rule in page
    (confirmation,) = [
        m for m in mailoutbox if m.subject == "Confirmación del Turno en Línea — IESS"
    ]
    assert rule in confirmation.body
