"""Estadísticas públicas in the browser: readable on a phone, accessible, with
the open data a click away."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import assert_fits_phones, orm

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _seed_month():
    """Six attended turns of a past month at a test agency."""
    from tests.appointments.conftest import cedula
    from tests.appointments.factories import AgencyFactory, TurnFactory

    agency = AgencyFactory(name="Agencia de prueba Estadísticas Guayaquil Centro")
    day = timezone.localdate() - datetime.timedelta(days=35)
    day -= datetime.timedelta(days=max(day.weekday() - 4, 0))  # a weekday
    starts = datetime.datetime.combine(
        day, datetime.time(9), tzinfo=timezone.get_default_timezone()
    )
    for number in range(6):
        TurnFactory(
            agency=agency,
            starts_at=starts + datetime.timedelta(minutes=20 * (number // 2)),
            identification=cedula(880 + number),
            atendido=True,
        )
    return agency.name


def test_a_person_reads_the_statistics_on_a_phone_and_gets_the_csv(
    page, assert_accessible
):
    name = orm(_seed_month)
    page.goto("/turnos/estadisticas/")
    expect(page.locator("h1")).to_have_text("Estadísticas de turnos")
    card = page.locator("section.stats-card", has_text=name).first
    expect(card).to_contain_text("Turnos reservados")
    expect(card).to_contain_text("6")
    assert_accessible(page)
    assert_fits_phones(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("mes,provincia,agencia,tramite,")
    assert name in text
