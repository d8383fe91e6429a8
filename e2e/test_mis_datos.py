"""«Mis datos» and «Quién consultó mis datos» in a real browser: an officer signs
in to the back office and opens the employer's file; the employer downloads its
data (the JSON validates against the published schema and names every trámite and
turn made here) and sees the officer's view with role and unit, never the name."""

import json
from pathlib import Path

import jsonschema
import pytest
from playwright.sync_api import expect

from tests.appointments.factories import TurnFactory
from tests.procedures.factories import TramiteFactory

from .conftest import orm
from .test_backoffice import setup_world, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CLAVE = "Montaña-Verde-Cuenca-2044"
SCHEMA = json.loads(
    (
        Path(__file__).resolve().parents[1]
        / "clavepatronal/privacy/schema/mis_datos.schema.json"
    ).read_text()
)


def world() -> dict:
    """The back office's employer and officer, the employer's clave, two trámites
    in Pichincha (the officer's province) and two turns (one cancelled)."""
    from clavepatronal.employers.services import (
        clave_issue_by_link,
        clave_set_by_activation,
    )
    from clavepatronal.identity.models import Province

    registration = setup_world()
    activation = clave_issue_by_link(registration=registration, actor_label="e2e")
    clave_set_by_activation(activation_id=activation.activation.pk, password=CLAVE)
    pichincha = Province.objects.get(code="17")
    tramites = [
        TramiteFactory(registration=registration, province=pichincha) for _ in range(2)
    ]
    turns = [
        TurnFactory(held_by=registration, cancelado=True),
        TurnFactory(held_by=registration),
    ]
    return {
        "ruc": registration.employer_identification,
        "tramites": [t.number for t in tramites],
        "turns": [t.code for t in turns],
    }


def officer_opens_the_file(browser, live_server, assert_accessible, number) -> None:
    context = browser.new_context(base_url=live_server.url, locale="es-EC")
    try:
        page = context.new_page()
        sign_in(page, assert_accessible)
        page.goto(f"/backoffice/tramites/{number}/")
        expect(page.locator("h1")).to_contain_text(number)
        link = page.locator("a[href*='/adjuntos/']").first
        response = context.request.get(link.get_attribute("href"))
        assert response.ok
        assert response.body().startswith(b"%PDF")
    finally:
        context.close()


def test_the_employer_downloads_its_data_and_sees_who_looked(
    page, browser, live_server, assert_accessible
):
    made = orm(world)
    officer_opens_the_file(browser, live_server, assert_accessible, made["tramites"][0])

    page.goto("/empleador/ingresar/")
    page.get_by_label("RUC o cédula del empleador").fill(made["ruc"])
    page.get_by_label("Clave", exact=True).fill(CLAVE)
    page.get_by_role("button", name="Ingresar").click()
    page.get_by_role("link", name="Mis datos: descargar todo lo que guardamos").click()
    expect(page.locator("h1")).to_have_text("Mis datos")
    assert_accessible(page)

    with page.expect_download() as info:
        page.get_by_role(
            "link", name="Descargar mis datos para otro sistema (JSON)"
        ).click()
    data = json.loads(Path(info.value.path()).read_text())
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    assert sorted(t["number"] for t in data["tramites"]) == sorted(made["tramites"])
    assert sorted(t["code"] for t in data["turns"]) == sorted(made["turns"])
    with page.expect_download() as info:
        page.get_by_role("link", name="Descargar mis datos para leer (PDF)").click()
    assert Path(info.value.path()).read_bytes().startswith(b"%PDF")

    page.get_by_role("link", name="Quién consultó mis datos").click()
    expect(page.locator("h1")).to_have_text("Quién consultó mis datos")
    # The officer opened the trámite (its page) and one of its files: two rows,
    # newest first, each with the role, the unit and the trámite behind it.
    rows = page.locator("li.card")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(
        f"Archivo «RUC» del trámite {made['tramites'][0]}"
    )
    expect(rows.nth(1)).to_contain_text("Trámite consultado por el personal")
    for row in (rows.nth(0), rows.nth(1)):
        expect(row).to_contain_text("Servidor de atención")
        expect(row).to_contain_text(
            "Agencia Centro de Atención Universal Quito, Pichincha"
        )
        expect(row).to_contain_text(f"Trámite {made['tramites'][0]}")
    for name in ("Pedro", "Salazar", "servidor.quito"):
        expect(page.locator("main")).not_to_contain_text(name)
    assert_accessible(page)
