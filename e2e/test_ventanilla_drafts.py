"""Ventanilla virtual journeys a person in a hurry takes (issue 17): a refused file
fixed without re-picking the others, two employers in two tabs, and every page on
a phone with the longest realistic values."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from clavepatronal.procedures.models import Tramite

from .conftest import assert_fits_phones, orm

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
CEDULA_REP = "0926687856"
# The longest realistic values: a 60-character e-mail, a 200-character name.
LONG_EMAIL = "maria.fernanda.villavicencio.de.la.torre.andrade@empresas.ec"
LONG_NAME = ("María Fernanda de los Ángeles Villavicencio " * 5)[:200].strip()
assert len(LONG_EMAIL) == 60 and len(LONG_NAME) >= 199

RUC = "Registro Único de Contribuyentes (RUC)"
SOLICITUD = "Solicitud de entrega de clave"
CEDULA = "Cédula de identidad del representante legal"
ACUERDO = "Acuerdo de Responsabilidad y Uso de la Información"


def registered(sector: str):
    """A registration of `sector` and its two documents signed by the representative
    with the demo CA (what `firmar_demo` does)."""
    from clavepatronal.documents.pki import demo_ca_load_or_create
    from tests.employers.factories import RegistrationFactory
    from tests.procedures import files

    def make():
        registration = RegistrationFactory(sector=sector)
        ca = demo_ca_load_or_create(Path(settings.DEMO_CA_DIR))
        signed = {
            name: files.sign(getattr(registration, name), ca, CEDULA_REP)
            for name in ("solicitud", "acuerdo")
        }
        return registration, signed

    return orm(make)


def pdf(name: str, content: bytes) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": content}


def photo() -> dict:
    from tests.procedures import files

    return {"name": "ruc.jpg", "mimeType": "image/jpeg", "buffer": files.jpg()}


def start(page, employer: str) -> None:
    page.goto("/ventanilla/tramite/")
    page.get_by_label("Número de identificación").fill(CEDULA_REP)
    page.get_by_label("Nombres y apellidos").fill(LONG_NAME)
    page.get_by_label("Correo electrónico").fill(LONG_EMAIL)
    page.get_by_label("Celular").fill("0991234567")
    page.get_by_label("RUC del empleador").fill(employer)
    page.get_by_label("Provincia").select_option(label="Pichincha")
    page.get_by_label("Detalle su pedido").fill("Solicito la clave patronal.")
    assert_fits_phones(page)
    page.get_by_role("button", name="Continuar").click()
    expect(page.locator("h1")).to_have_text("Anexe los requisitos")
    assert re.search(r"/ventanilla/tramite/borrador/[\w-]{20,}/requisitos/$", page.url)


def attach(page, signed: dict, *, solicitud: dict | None = None) -> None:
    page.get_by_label(RUC).set_input_files(photo())
    page.get_by_label(SOLICITUD).set_input_files(
        solicitud or pdf("solicitud-firmada.pdf", signed["solicitud"])
    )
    page.get_by_label(CEDULA).set_input_files(pdf("cedula.pdf", unsigned_pdf()))
    page.get_by_label(ACUERDO).set_input_files(
        pdf("acuerdo-firmado.pdf", signed["acuerdo"])
    )


def unsigned_pdf() -> bytes:
    from tests.procedures import files

    return files.pdf()


def test_one_refused_file_of_four_is_replaced_alone(page, assert_accessible):
    registration, signed = registered("PRIVADO")
    start(page, registration.employer_identification)
    assert_fits_phones(page)
    attach(page, signed, solicitud=pdf("solicitud-sin-firma.pdf", unsigned_pdf()))
    page.get_by_role("button", name="Enviar trámite").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert orm(lambda: Tramite.objects.count()) == 0
    kept = page.locator("[data-kept-files]")
    for name in ("ruc.jpg", "cedula.pdf", "acuerdo-firmado.pdf"):
        expect(kept).to_contain_text(name)
    expect(kept.get_by_role("link", name=re.compile("^Reemplazar"))).to_have_count(3)
    assert_accessible(page)
    assert_fits_phones(page)

    draft_url = page.url
    page.get_by_label(SOLICITUD).set_input_files(
        pdf("solicitud-firmada.pdf", signed["solicitud"])
    )
    page.get_by_role("button", name="Enviar trámite").click()
    expect(page.locator("h1")).to_have_text("Trámite recibido")
    assert_accessible(page)
    assert_fits_phones(page)
    tramite = orm(lambda: Tramite.objects.get())
    codes = orm(
        lambda: set(tramite.attachments.values_list("requirement_code", flat=True))
    )
    assert codes == {"ruc", "solicitud", "cedula-representante", "acuerdo"}
    page.goto(draft_url)  # the draft's page after sending leads to its trámite
    expect(page.locator("h1")).to_have_text("Trámite recibido")


def test_two_tabs_file_two_trámites_for_two_employers(page):
    private, private_signed = registered("PRIVADO")
    public, public_signed = registered("PUBLICO")
    start(page, private.employer_identification)
    second = page.context.new_page()
    start(second, public.employer_identification)  # another employer, another tab

    attach(page, private_signed)  # back in the first tab
    page.get_by_role("button", name="Enviar trámite").click()
    expect(page.locator("h1")).to_have_text("Trámite recibido")
    attach(second, public_signed)
    second.get_by_role("button", name="Enviar trámite").click()
    expect(second.locator("h1")).to_have_text("Trámite recibido")

    filed = orm(
        lambda: {
            t.employer_identification: t.registration_id for t in Tramite.objects.all()
        }
    )
    assert filed == {
        private.employer_identification: private.pk,
        public.employer_identification: public.pk,
    }
