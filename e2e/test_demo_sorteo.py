"""Issue 30 (9): the demo shows the draw — after cargar_demo, a newcomer finds the
published draws from the turn pages, opens the one already run and sees it
verified, and sees the day taking applications."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from .conftest import orm

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

GYE = "Centro de Atención Universal Guayaquil"


def test_the_demo_draw_is_listed_and_verifies(page, assert_accessible):
    orm(lambda: call_command("cargar_demo", stdout=io.StringIO()))
    page.goto("/turnos/")
    page.get_by_role("link", name="Sorteos de turnos publicados").click()
    expect(page.locator("h1")).to_have_text("Sorteos de turnos publicados")
    expect(page.get_by_role("heading", name=GYE)).to_be_visible()
    expect(page.locator("main")).to_contain_text("recibe solicitudes; sorteo el")
    assert_accessible(page)

    page.locator("li", has_text="realizado").get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text(f"Sorteo de turnos: {GYE}")
    expect(page.get_by_role("status")).to_contain_text("el resultado es el mismo")
    expect(page.get_by_role("table")).to_contain_text(re.compile(r"\d{2}:\d{2}"))
    assert_accessible(page)
    page.get_by_role("link", name="Todos los sorteos publicados").click()
    expect(page.locator("h1")).to_have_text("Sorteos de turnos publicados")
