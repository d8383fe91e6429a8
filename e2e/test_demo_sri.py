"""Issue 30 (6): with the demo's stand-in SRI, a newcomer registers an invented,
well-formed company RUC with the demo's representative, while the fixture RUCs
still give their refusals."""

import re

import pytest
from playwright.sync_api import expect

from clavepatronal.employers.models import Registration
from clavepatronal.employers.sri.fictitious import DEMO_REPRESENTATIVE
from clavepatronal.employers.sri.standin import Rucs, StandinServer

from .conftest import assert_fits_phones, orm
from .test_registro import code_from_mail_folder, mail_folder  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

INVENTED_RUC = "0992345678001"
INVENTED_NAME = f"EMPRESA DEMOSTRACIÓN {INVENTED_RUC} S.A. (FICTICIA)"
EMPLOYER = {
    "Actividad económica principal": "Venta de alimentos",
    "Cantón": "Guayaquil",
    "Dirección": "Av. 9 de Octubre 100 y Malecón",
    "Teléfono": "04 256 3210",
    "Correo electrónico del empleador": "empresa@ejemplo.ec",
}


@pytest.fixture
def sri(settings):
    with StandinServer() as server:
        settings.SRI_BASE_URL = server.base_url
        yield server


def test_an_invented_company_ruc_registers_and_the_fixture_rucs_still_refuse(
    page,
    assert_accessible,
    mail_folder,  # noqa: F811
    sri,
):
    page.goto("/registro/nuevo/sector/")
    page.get_by_role("radio", name=re.compile("^Privado")).check()
    page.get_by_role("button", name="Continuar").click()
    expect(page.locator("h1")).to_have_text("Datos del empleador")
    for label, value in EMPLOYER.items():
        page.get_by_label(label).fill(value)
    page.get_by_label("Provincia").select_option(label="Guayas")

    # The fixture RUCs keep their answers: suspended, fantasma.
    for ruc, refusal in (
        (Rucs.SUSPENDIDO, "está SUSPENDIDO"),
        (Rucs.FANTASMA, "contribuyente fantasma"),
    ):
        page.get_by_label("RUC del empleador").fill(ruc)
        page.get_by_role("button", name="Continuar").click()
        expect(page.get_by_role("alert")).to_contain_text(refusal)
    assert_accessible(page)

    # An invented RUC is a fictitious active company, named as such.
    page.get_by_label("RUC del empleador").fill(INVENTED_RUC)
    page.get_by_role("button", name="Continuar").click()
    expect(page.locator("h1")).to_have_text("Representante legal")
    expect(page.locator("main")).to_contain_text(
        f"El SRI confirmó el RUC {INVENTED_RUC}: {INVENTED_NAME}."
    )
    assert_accessible(page)
    assert_fits_phones(page)

    # Its representative is the demo's, whom `make run` names.
    cedula, _name = DEMO_REPRESENTATIVE
    page.get_by_label("Cédula de identidad").check()
    page.get_by_label("Número de identificación").fill(cedula)
    page.get_by_label("Nombres y apellidos completos del representante legal").fill(
        "María José Vera Loor"
    )
    page.get_by_label("Correo electrónico del representante legal").fill(
        "representante@ejemplo.ec"
    )
    page.get_by_label("Celular del representante legal").fill("0991234567")
    page.get_by_role("button", name="Continuar").click()

    expect(page.locator("h1")).to_have_text("Autorización de Retiro de Contraseña")
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Continuar").click()
    expect(page.locator("h1")).to_have_text("Revise sus datos")
    expect(page.locator("main")).to_contain_text(f"{INVENTED_NAME} (según el SRI)")
    page.get_by_role("button", name="Enviar código y continuar").click()
    page.get_by_label("Código de verificación").fill(code_from_mail_folder(mail_folder))
    page.get_by_role("button", name="Verificar y completar el registro").click()

    expect(page.locator("h1")).to_have_text("Registro completado")
    assert_accessible(page)
    registration = orm(lambda: Registration.objects.get())
    assert registration.employer_identification == INVENTED_RUC
    assert registration.business_name == INVENTED_NAME
    assert registration.sri_status == "VERIFICADO"
