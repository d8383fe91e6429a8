"""Ventanilla virtual journeys a person in a hurry takes (issue 17): a refused file
fixed without re-picking the others, two employers in two tabs, and every page on
a phone with the longest realistic values."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from clavepatronal.procedures.models import Tramite

from .conftest import (
    LONG_EMAIL,
    LONG_NAME,
    assert_fits_phones,
    assert_unbroken,
    orm,
)
from .test_registro import mail_folder  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
CEDULA_REP = "0926687856"

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


def start(page, employer: str, *, mistyped: str = "") -> None:
    """Page 1 with the longest values; a `mistyped` employer is sent first, and
    the refusal's page keeps the rest."""
    page.goto("/ventanilla/tramite/")
    page.get_by_label("Número de identificación").fill(CEDULA_REP)
    page.get_by_label("Nombres y apellidos").fill(LONG_NAME)
    page.get_by_label("Correo electrónico").fill(LONG_EMAIL)
    page.get_by_label("Celular").fill("0991234567")
    page.get_by_label("RUC del empleador").fill(mistyped or employer)
    page.get_by_label("Provincia").select_option(label="Pichincha")
    page.get_by_label("Detalle su pedido").fill("Solicito la clave patronal.")
    assert_fits_phones(page)
    if mistyped:
        page.get_by_role("button", name="Continuar").click()
        expect(page.get_by_role("alert")).to_be_visible()
        expect(page.get_by_label("Correo electrónico")).to_have_value(LONG_EMAIL)
        assert_fits_phones(page)
        page.get_by_label("RUC del empleador").fill(employer)
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


def test_a_refused_send_reloads_and_goes_back_without_resending(page):
    """Post/Redirect/Get: the refusal is shown on the draft's own page, so a reload
    or the back button never asks to send the form again, and nothing is lost."""
    registration, signed = registered("PRIVADO")
    dialogs, navigations = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.on(
        "request",
        lambda request: (
            navigations.append(request.method)
            if request.is_navigation_request() and request.frame == page.main_frame
            else None
        ),
    )
    start(page, registration.employer_identification)
    draft_url = page.url
    attach(page, signed, solicitud=pdf("solicitud-sin-firma.pdf", unsigned_pdf()))
    page.get_by_role("button", name="Enviar trámite").click()
    expect(page.get_by_role("alert")).to_contain_text("firma")  # the first view
    expect(page.locator("#id_solicitud_error")).to_be_visible()
    assert page.url == draft_url
    assert navigations[-2:] == ["POST", "GET"]  # the refused send was redirected
    assert_fits_phones(page)

    response = page.reload()
    assert response.request.method == "GET" and response.ok
    expect(page.locator("h1")).to_have_text("Anexe los requisitos")
    kept = page.locator("[data-kept-files]")
    for name in ("ruc.jpg", "cedula.pdf", "acuerdo-firmado.pdf"):
        expect(kept).to_contain_text(name)

    page.go_back()  # the page before the send, then forward again: both GETs
    expect(page.locator("h1")).to_have_text("Anexe los requisitos")
    page.go_forward()
    expect(page.locator("h1")).to_have_text("Anexe los requisitos")
    assert page.url == draft_url
    assert navigations[-3:] == ["GET", "GET", "GET"]
    assert dialogs == []

    page.get_by_label(SOLICITUD).set_input_files(
        pdf("solicitud-firmada.pdf", signed["solicitud"])
    )
    page.get_by_role("button", name="Enviar trámite").click()
    expect(page.locator("h1")).to_have_text("Trámite recibido")
    tramite = orm(lambda: Tramite.objects.get())
    codes = orm(
        lambda: set(tramite.attachments.values_list("requirement_code", flat=True))
    )
    assert codes == {"ruc", "solicitud", "cedula-representante", "acuerdo"}


def observe(tramite) -> None:
    """An officer observes the RUC file: the applicant gets a correction link."""
    from clavepatronal.core.models import User
    from clavepatronal.procedures.services import (
        tramite_observe,
        tramite_review_start,
    )

    def run():
        officer = User.objects.create_user("servidor", password="x", is_staff=True)
        tramite_review_start(tramite=tramite, actor=officer)
        tramite_observe(
            tramite=tramite,
            actor=officer,
            items={"ruc": "El RUC está ilegible; escanéelo de nuevo."},
        )

    orm(run)


def mailed_link(folder: Path, path: str) -> str:
    """The path of the newest mailed link under `path`."""
    for mail in sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime)[::-1]:
        found = re.search(rf"https?://[^/\s]+({re.escape(path)}\S+/)", mail.read_text())
        if found:
            return found.group(1)
    raise AssertionError(f"no {path} link in {list(folder.iterdir())}")


def look_up(page, number: str) -> None:
    page.get_by_label("Número de trámite").fill(number)
    page.get_by_label("Identificación de quien presentó el trámite").fill(CEDULA_REP)
    page.get_by_role("button", name="Consultar").click()


def test_every_page_fits_a_phone_and_the_number_never_breaks(
    page,
    mail_folder,  # noqa: F811
):
    """The longest realistic values (a 60-character e-mail, a 200-character name)
    through every ventanilla page: start, both steps (page 1 refused once), the
    receipt, the status lookup and its answer, the correction and the status after
    it."""
    registration, signed = registered("PRIVADO")
    page.goto("/ventanilla/")
    assert_fits_phones(page)
    ruc = registration.employer_identification
    start(page, ruc, mistyped=ruc[:-1])
    assert_fits_phones(page)
    attach(page, signed)
    page.get_by_role("button", name="Enviar trámite").click()
    expect(page.locator("h1")).to_have_text("Trámite recibido")
    tramite = orm(lambda: Tramite.objects.get())
    assert_fits_phones(page)
    assert_unbroken(page, tramite.number)

    page.get_by_role("link", name="Consultar el estado del trámite").click()
    assert_fits_phones(page)
    look_up(page, tramite.number)
    expect(page.locator("main")).to_contain_text("Recibido")
    assert_fits_phones(page)
    assert_unbroken(page, tramite.number)

    observe(tramite)
    page.goto("/ventanilla/estado/")
    look_up(page, tramite.number)
    expect(page.locator("main")).to_contain_text("El RUC está ilegible")
    assert_fits_phones(page)  # with the masked 60-character address
    assert_unbroken(page, tramite.number)
    page.goto(mailed_link(mail_folder, "/ventanilla/corregir/"))
    expect(page.locator("h1")).to_contain_text("Corregir el trámite")
    assert_fits_phones(page)
    assert_unbroken(page, tramite.number)
    page.get_by_label(RUC).set_input_files(photo())
    page.get_by_role("button", name="Enviar corrección").click()
    expect(page.locator("h1")).to_have_text("Estado del trámite")
    expect(page.locator("main")).to_contain_text("Recibimos su corrección")
    assert_fits_phones(page)
    assert_unbroken(page, tramite.number)
