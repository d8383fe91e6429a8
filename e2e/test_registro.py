"""Registro nuevo empleador in a real browser, as a person does it on a phone."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from clavepatronal.employers.models import Registration

from .conftest import assert_fits_phones, employer_data_fill, orm, paste

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def code_from_mail_folder(folder: Path) -> str:
    """The newest message in the mail folder that carries a code."""
    for path in sorted(
        folder.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True
    ):
        match = re.search(r"^\s+(\d{6})\s*$", path.read_text(), re.MULTILINE)
        if match:
            return match.group(1)
    raise AssertionError(f"no code in {list(folder.iterdir())}")


@pytest.fixture
def mail_folder(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    return Path(settings.EMAIL_FILE_PATH)


def test_registration_from_home_page_to_both_pdfs(page, assert_accessible, mail_folder):
    page.goto("/")
    page.get_by_role("link", name="Registro nuevo empleador", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Comenzar el registro").click()

    # Sector: sending nothing shows the error summary, focused.
    expect(page.locator("h1")).to_have_text("Sector del empleador")
    assert_accessible(page)
    page.get_by_role("button", name="Continuar").click()
    expect(page.get_by_role("alert")).to_contain_text("Escoja el sector del empleador.")
    expect(page.get_by_role("alert")).to_be_focused()
    assert_accessible(page)
    page.get_by_role("radio", name=re.compile("^Privado")).check()
    page.get_by_role("button", name="Continuar").click()

    expect(page.locator("h1")).to_have_text("Datos del empleador")
    assert_accessible(page)
    employer_data_fill(page, ruc="1760001550001")  # a public RUC
    page.get_by_role("button", name="Continuar").click()
    expect(page.get_by_role("alert")).to_contain_text("entidad pública")
    assert_accessible(page)
    page.get_by_label("RUC del empleador").fill("1790011674001")
    page.get_by_role("button", name="Continuar").click()

    expect(page.locator("h1")).to_have_text("Representante legal")
    assert_accessible(page)
    page.get_by_label("Pasaporte").check()
    page.get_by_label("Número de identificación").fill("AB123456")
    page.get_by_label("Nombres y apellidos completos del representante legal").fill(
        "John Michael Smith"
    )
    page.get_by_label("Nacionalidad").fill("Estadounidense")
    page.get_by_label("Correo electrónico del representante legal").fill(
        "john.smith@ejemplo.ec"
    )
    page.get_by_label("Celular del representante legal").fill("+593 99 123 4567")
    page.get_by_role("button", name="Continuar").click()

    expect(page.locator("h1")).to_have_text("Autorización de Retiro de Contraseña")
    assert_accessible(page)
    authorized_names = page.get_by_label(
        "Nombres y apellidos completos de la persona autorizada"
    )
    expect(authorized_names).to_be_hidden()  # asked only after «Sí»
    page.get_by_label("Sí, autorizo a otra persona").check()
    expect(authorized_names).to_be_visible()
    page.get_by_label("Nombres y apellidos completos de la persona autorizada").fill(
        "Rosa Elena Quishpe Toapanta"
    )
    page.get_by_label("Tipo de identificación de la persona autorizada").select_option(
        label="Cédula de identidad"
    )
    page.get_by_label("Número de identificación de la persona autorizada").fill(
        "1710034065"
    )
    page.get_by_role("button", name="Continuar").click()

    expect(page.locator("h1")).to_have_text("Revise sus datos")
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text("John Michael Smith")
    # Change one answer from the review page and come back to it.
    page.get_by_role("link", name="Cambiar cantón").click()
    page.get_by_label("Cantón").fill("Rumiñahui")
    page.get_by_role("button", name="Continuar").click()
    expect(page.locator("h1")).to_have_text("Revise sus datos")
    expect(page.locator("main")).to_contain_text("Rumiñahui")
    # No SRI answers in these journeys: the mark is on the page, with what follows.
    expect(page.locator("main")).to_contain_text("RUC no verificado con el SRI")
    page.get_by_role("button", name="Enviar código y continuar").click()

    expect(page.locator("h1")).to_have_text("Confirme su correo electrónico")
    assert_accessible(page)
    # Pasted, as most people do, with a space in the middle (WCAG 2.2, 3.3.8).
    code = code_from_mail_folder(mail_folder)
    paste(page, "Código de verificación", f"{code[:3]} {code[3:]}")
    expect(page.get_by_label("Código de verificación")).to_have_value(
        f"{code[:3]} {code[3:]}"
    )
    page.get_by_role("button", name="Verificar y completar el registro").click()

    expect(page.locator("h1")).to_have_text("Registro completado")
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text("RUC no verificado con el SRI")
    registration = orm(
        lambda: Registration.objects.select_related("solicitud", "acuerdo").get()
    )
    expect(page.locator(".panel")).to_contain_text(registration.number)
    for link, document in (
        (
            "Descargar la Solicitud de entrega de clave patronal (PDF)",
            registration.solicitud,
        ),
        (
            "Descargar el Acuerdo de Responsabilidad y Uso de la Información (PDF)",
            registration.acuerdo,
        ),
    ):
        with page.expect_download() as download_info:
            page.get_by_role("link", name=link).click()
        download = download_info.value
        assert Path(download.path()).read_bytes() == bytes(document.content)
        assert download.suggested_filename.endswith("-1790011674001.pdf")
    assert registration.canton == "Rumiñahui"
    assert registration.authorized_identification == "1710034065"

    # The QR's address answers for anyone.
    page.goto(f"/documentos/verificar/{registration.solicitud.code}/")
    expect(page.locator("main")).to_contain_text("Documento válido")
    assert_accessible(page)


def navigations_of(page) -> list[str]:
    """The methods of the page's own navigations, as they happen."""
    methods = []
    page.on(
        "request",
        lambda request: (
            methods.append(request.method)
            if request.is_navigation_request() and request.frame == page.main_frame
            else None
        ),
    )
    return methods


def test_a_refused_page_or_code_reloads_without_resending(page, mail_folder):
    """Post/Redirect/Get in the wizard: a refused page and a wrong code are shown
    on their own page after a redirect; reloading it or going back sends nothing."""
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    navigations = navigations_of(page)
    page.goto("/registro/nuevo/sector/")
    page.get_by_role("radio", name=re.compile("^Privado")).check()
    page.get_by_role("button", name="Continuar").click()
    employer_url = page.url
    employer_data_fill(page, ruc="1760001550001")  # a public RUC
    page.get_by_role("button", name="Continuar").click()
    expect(page.get_by_role("alert")).to_contain_text("entidad pública")
    assert page.url == employer_url and navigations[-2:] == ["POST", "GET"]
    assert_fits_phones(page)
    expect(page.get_by_label("Cantón")).to_have_value("Quito")  # nothing lost

    assert page.reload().request.method == "GET"
    expect(page.get_by_label("Cantón")).to_have_value("")  # shown once
    page.go_back()  # the page as it was before the send
    expect(page.locator("h1")).to_have_text("Datos del empleador")
    page.go_back()
    expect(page.locator("h1")).to_have_text("Sector del empleador")
    page.go_forward()
    page.go_forward()
    expect(page.locator("h1")).to_have_text("Datos del empleador")
    assert page.url == employer_url
    assert navigations[-5:] == ["GET"] * 5

    employer_data_fill(page, ruc="1790011674001")
    page.get_by_role("button", name="Continuar").click()
    page.get_by_label("Cédula de identidad", exact=True).check()
    page.get_by_label("Número de identificación").fill("0926687856")
    page.get_by_label("Nombres y apellidos completos del representante legal").fill(
        "Juan Carlos Pérez Andrade"
    )
    page.get_by_label("Correo electrónico del representante legal").fill(
        "juan.perez@ejemplo.ec"
    )
    page.get_by_label("Celular del representante legal").fill("0991234567")
    page.get_by_role("button", name="Continuar").click()
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Continuar").click()
    page.get_by_role("button", name="Enviar código y continuar").click()

    code = code_from_mail_folder(mail_folder)
    wrong = "000000" if code != "000000" else "111111"
    page.get_by_label("Código de verificación").fill(wrong)
    page.get_by_role("button", name="Verificar y completar el registro").click()
    expect(page.get_by_role("alert")).to_contain_text("Le quedan 4 intentos")
    assert_fits_phones(page)
    assert page.reload().request.method == "GET"  # no second try spent
    page.get_by_label("Código de verificación").fill(wrong)
    page.get_by_role("button", name="Verificar y completar el registro").click()
    expect(page.get_by_role("alert")).to_contain_text("Le quedan 3 intentos")
    page.get_by_label("Código de verificación").fill(code)
    page.get_by_role("button", name="Verificar y completar el registro").click()
    expect(page.locator("h1")).to_have_text("Registro completado")
    assert dialogs == []
