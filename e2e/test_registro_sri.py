"""Registro nuevo empleador with the SRI answering: the stand-in SRI runs on a free
loopback port and the live server's real client asks it about the RUC."""

import re
import shutil

import pytest
from playwright.sync_api import expect

from clavepatronal.employers.models import Registration
from clavepatronal.employers.sri.standin import (
    FIXTURES_DIR,
    Rucs,
    StandinServer,
    StandinSri,
)
from tests.employers.sri.test_registration import taxpayer_file

from .conftest import LONG_EMAIL, LONG_NAME, assert_fits_phones, orm
from .test_registro import code_from_mail_folder, mail_folder  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SRI_NAME = "COMERCIAL ANDINA S.A."
# The employer page, but for the razón social (the SRI's): a suspended taxpayer
# first; the longest realistic e-mail address and names (issue 17).
EMPLOYER = {
    "RUC del empleador": "1797100176001",
    "Actividad económica principal": "Venta de alimentos",
    "Cantón": "Quito",
    "Dirección": "Av. Amazonas N34-12 y Atahualpa",
    "Teléfono": "02 254 3210",
    "Correo electrónico del empleador": LONG_EMAIL,
}


@pytest.fixture
def sri(settings):
    with StandinServer() as server:
        settings.SRI_BASE_URL = server.base_url
        yield server


def test_a_sociedad_registers_with_the_razon_social_the_sri_gives(
    page,
    assert_accessible,
    mail_folder,  # noqa: F811
    sri,
):
    page.goto("/registro/nuevo/sector/")
    page.get_by_role("radio", name=re.compile("^Privado")).check()
    page.get_by_role("button", name="Continuar").click()

    expect(page.locator("h1")).to_have_text("Datos del empleador")
    name = page.get_by_label("Razón social o nombres completos")
    expect(name).to_be_editable()
    expect(page.locator("main")).to_contain_text("consultamos su RUC en el SRI")
    # Refused, naming the SRI's status.
    for label, value in EMPLOYER.items():
        page.get_by_label(label).fill(value)
    page.get_by_label("Provincia").select_option(label="Pichincha")
    page.get_by_role("button", name="Continuar").click()
    expect(page.get_by_role("alert")).to_contain_text("está SUSPENDIDO")
    assert_accessible(page)

    # The razón social is left empty: it arrives from the SRI.
    page.get_by_label("RUC del empleador").fill("1790011674001")
    page.get_by_role("button", name="Continuar").click()
    expect(page.locator("h1")).to_have_text("Representante legal")
    expect(page.locator("main")).to_contain_text(
        f"El SRI confirmó el RUC 1790011674001: {SRI_NAME}."
    )
    assert_accessible(page)

    # Back on the employer page the name is the SRI's, read-only.
    page.get_by_role("link", name="Atrás").click()
    expect(name).to_have_value(SRI_NAME)
    expect(name).not_to_be_editable()
    assert_accessible(page)
    page.get_by_role("button", name="Continuar").click()

    # A representative the SRI does not list is refused; its second one is not.
    page.get_by_label("Cédula de identidad").check()
    page.get_by_label("Número de identificación").fill("1710034065")
    page.get_by_label("Nombres y apellidos completos del representante legal").fill(
        LONG_NAME
    )
    page.get_by_label("Correo electrónico del representante legal").fill(LONG_EMAIL)
    page.get_by_label("Celular del representante legal").fill("0991234567")
    page.get_by_role("button", name="Continuar").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "El SRI registra otro representante legal"
    )
    assert_accessible(page)
    assert_fits_phones(page)
    page.get_by_label("Número de identificación").fill("1714126511")
    page.get_by_role("button", name="Continuar").click()

    expect(page.locator("h1")).to_have_text("Autorización de Retiro de Contraseña")
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Continuar").click()

    expect(page.locator("h1")).to_have_text("Revise sus datos")
    expect(page.locator("main")).to_contain_text(f"{SRI_NAME} (según el SRI)")
    assert_accessible(page)
    assert_fits_phones(page)
    page.get_by_role("button", name="Enviar código y continuar").click()
    page.get_by_label("Código de verificación").fill(code_from_mail_folder(mail_folder))
    page.get_by_role("button", name="Verificar y completar el registro").click()

    expect(page.locator("h1")).to_have_text("Registro completado")
    registration = orm(lambda: Registration.objects.get())
    assert registration.business_name == SRI_NAME
    assert registration.rep_identification == "1714126511"
    assert registration.sri_status == "VERIFICADO"
    assert registration.rep_names == LONG_NAME and registration.email == LONG_EMAIL


def test_the_lookup_shows_its_wait_and_a_new_ruc_empties_the_sris_name(page, settings):
    """A slow SRI: the button says «Consultando al SRI…» and cannot be pressed
    twice. Back on the page, typing another RUC empties the read-only name the SRI
    gave for the first one."""
    with StandinServer(StandinSri(slow_seconds=2.0)) as server:
        settings.SRI_BASE_URL = server.base_url
        settings.SRI_READ_TIMEOUT = 5.0
        page.goto("/registro/nuevo/sector/")
        page.get_by_role("radio", name=re.compile("^Privado")).check()
        page.get_by_role("button", name="Continuar").click()
        for label, value in EMPLOYER.items():
            page.get_by_label(label).fill(value)
        page.get_by_label("Provincia").select_option(label="Pichincha")
        page.get_by_label("RUC del empleador").fill(Rucs.LENTO)
        # What the button shows the moment it is pressed, while the SRI answers.
        pressed = page.get_by_role("button", name="Continuar").evaluate(
            "b => { b.click(); return [b.disabled, b.textContent.trim()]; }"
        )
        assert pressed == [True, "Consultando al SRI…"]
        expect(page.locator("h1")).to_have_text("Representante legal", timeout=15_000)

        page.get_by_role("link", name="Atrás").click()
        name = page.get_by_label("Razón social o nombres completos")
        expect(name).not_to_be_editable()
        expect(name).not_to_have_value("")
        expect(page.get_by_role("button", name="Continuar")).to_be_enabled()
        page.get_by_label("RUC del empleador").fill("1790011674001")
        expect(name).to_have_value("")
        expect(name).to_be_editable()


LONG_RUC = "1791251237001"
# 211 characters, as a cooperative's razón social may stand in the SRI.
LONG_RAZON_SOCIAL = (
    "COOPERATIVA DE AHORRO Y CREDITO DE LOS TRABAJADORES DEL SECTOR " * 4
)[:211].strip()


def test_a_razon_social_longer_than_200_characters_is_no_dead_end(
    page, assert_accessible, settings, tmp_path
):
    """The SRI's name is read-only: it can never be refused for its length."""
    folder = tmp_path / "sri"
    shutil.copytree(FIXTURES_DIR, folder)
    taxpayer_file(folder, LONG_RUC, like=Rucs.SOCIEDAD_ACTIVA, name=LONG_RAZON_SOCIAL)
    with StandinServer(StandinSri(folder)) as server:
        settings.SRI_BASE_URL = server.base_url
        page.goto("/registro/nuevo/sector/")
        page.get_by_role("radio", name=re.compile("^Privado")).check()
        page.get_by_role("button", name="Continuar").click()
        for label, value in {**EMPLOYER, "RUC del empleador": LONG_RUC}.items():
            page.get_by_label(label).fill(value)
        page.get_by_label("Provincia").select_option(label="Pichincha")
        page.get_by_role("button", name="Continuar").click()
        expect(page.locator("h1")).to_have_text("Representante legal")

        page.get_by_role("link", name="Atrás").click()
        name = page.get_by_label("Razón social o nombres completos")
        expect(name).to_have_value(LONG_RAZON_SOCIAL)
        page.get_by_role("button", name="Continuar").click()  # sent again: no error
        expect(page.locator("h1")).to_have_text("Representante legal")
        page.get_by_label("Cédula de identidad").check()
        page.get_by_label("Número de identificación").fill("0926687856")
        page.get_by_label("Nombres y apellidos completos del representante legal").fill(
            "María José Vera Loor"
        )
        page.get_by_label("Correo electrónico del representante legal").fill(
            "maria.vera@ejemplo.ec"
        )
        page.get_by_label("Celular del representante legal").fill("0991234567")
        page.get_by_role("button", name="Continuar").click()
        page.get_by_label("No", exact=True).check()
        page.get_by_role("button", name="Continuar").click()
        expect(page.locator("h1")).to_have_text("Revise sus datos")
        expect(page.locator("main")).to_contain_text(LONG_RAZON_SOCIAL)
        assert_accessible(page)
        assert_fits_phones(page)
