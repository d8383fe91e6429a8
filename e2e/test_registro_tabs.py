"""Registro nuevo empleador as an accountant does it (issue 17): two employers in two
tabs of one browser, each filled up to «Revise sus datos» before either is
confirmed; and every page of the wizard on a phone with the longest realistic
values."""

import re
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from clavepatronal.employers.models import Registration

from .conftest import (
    LONG_BUSINESS_NAME,
    LONG_EMAIL,
    LONG_NAME,
    assert_no_horizontal_overflow,
    employer_data_fill,
    orm,
)
from .test_registro import mail_folder  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@dataclass(frozen=True)
class Employer:
    ruc: str
    name: str
    email: str
    rep_cedula: str
    rep_names: str
    authorized_names: str = ""


# A: every value as long as the forms take it, and a third party authorized.
LONG = Employer(
    ruc="1790011674001",
    name=LONG_BUSINESS_NAME,
    email=LONG_EMAIL,
    rep_cedula="0926687856",
    rep_names=LONG_NAME,
    authorized_names=LONG_NAME,
)
SHORT = Employer(
    ruc="1790012345001",
    name="Distribuidora Sierra Norte Cía. Ltda.",
    email="contabilidad@sierranorte.ec",
    rep_cedula="1710034065",
    rep_names="Rosa Elena Quishpe Toapanta",
)


def code_mailed_to(folder: Path, address: str) -> str:
    """The newest six-digit code mailed to `address`."""
    for path in sorted(
        folder.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True
    ):
        text = path.read_text()
        for message in text.split("\n" + "-" * 79 + "\n"):
            code = re.search(r"^\s+(\d{6})\s*$", message, re.MULTILINE)
            if code and re.search(rf"^To: {re.escape(address)}$", message, re.M):
                return code.group(1)
    raise AssertionError(f"no code for {address} in {list(folder.iterdir())}")


def fill_to_review(page, employer: Employer) -> None:
    """Sector to «Revise sus datos», each page checked at phone widths."""
    page.goto("/registro/nuevo/sector/")
    assert_no_horizontal_overflow(page)
    page.get_by_role("radio", name=re.compile("^Privado")).check()
    page.get_by_role("button", name="Continuar").click()

    expect(page.locator("h1")).to_have_text("Datos del empleador")
    employer_data_fill(page, ruc=employer.ruc, name=employer.name, email=employer.email)
    assert_no_horizontal_overflow(page)
    page.get_by_role("button", name="Continuar").click()

    expect(page.locator("h1")).to_have_text("Representante legal")
    assert_no_horizontal_overflow(page)  # with the SRI's notice
    page.get_by_label("Cédula de identidad", exact=True).check()
    page.get_by_label("Número de identificación").fill(employer.rep_cedula)
    page.get_by_label("Nombres y apellidos completos del representante legal").fill(
        employer.rep_names
    )
    page.get_by_label("Nacionalidad").fill("Ecuatoriana")
    page.get_by_label("Correo electrónico del representante legal").fill(employer.email)
    page.get_by_label("Celular del representante legal").fill("0991234567")
    page.get_by_role("button", name="Continuar").click()

    expect(page.locator("h1")).to_have_text("Autorización de Retiro de Contraseña")
    if employer.authorized_names:
        page.get_by_label("Sí, autorizo a otra persona").check()
        page.get_by_label(
            "Nombres y apellidos completos de la persona autorizada"
        ).fill(employer.authorized_names)
        page.get_by_label(
            "Tipo de identificación de la persona autorizada"
        ).select_option(label="Cédula de identidad")
        page.get_by_label("Número de identificación de la persona autorizada").fill(
            "1710034065"
        )
    else:
        page.get_by_label("No", exact=True).check()
    assert_no_horizontal_overflow(page)
    page.get_by_role("button", name="Continuar").click()

    expect(page.locator("h1")).to_have_text("Revise sus datos")
    expect(page.locator("main")).to_contain_text(employer.name)
    assert_no_horizontal_overflow(page)


def confirm(page, employer: Employer, folder: Path) -> None:
    """From «Revise sus datos»: the e-mailed code, then the registration's page."""
    expect(page.locator("h1")).to_have_text("Revise sus datos")
    expect(page.locator("main")).to_contain_text(employer.name)
    page.get_by_role("button", name="Enviar código y continuar").click()
    expect(page.locator("h1")).to_have_text("Confirme su correo electrónico")
    expect(page.locator("main")).to_contain_text(employer.email)
    assert_no_horizontal_overflow(page)
    page.get_by_label("Código de verificación").fill(
        code_mailed_to(folder, employer.email)
    )
    page.get_by_role("button", name="Verificar y completar el registro").click()
    expect(page.locator("h1")).to_have_text("Registro completado")
    expect(page.locator("main")).to_contain_text(employer.name)
    assert_no_horizontal_overflow(page)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(BytesIO(content))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def registrations() -> dict[str, dict]:
    """Each registration's data and its two PDFs' text, by RUC."""
    found = {}
    for registration in Registration.objects.select_related("solicitud", "acuerdo"):
        found[registration.employer_identification] = {
            "name": registration.business_name,
            "email": registration.email,
            "rep": (registration.rep_identification, registration.rep_names),
            "authorized": registration.authorized_names,
            "pdfs": [
                pdf_text(bytes(document.content))
                for document in (registration.solicitud, registration.acuerdo)
            ],
        }
    return found


def test_two_tabs_register_two_employers(page, mail_folder):  # noqa: F811
    fill_to_review(page, LONG)
    second = page.context.new_page()
    fill_to_review(second, SHORT)  # another employer, another tab, same session

    confirm(page, LONG, mail_folder)  # back in the first tab
    confirm(second, SHORT, mail_folder)

    found = orm(registrations)
    assert set(found) == {LONG.ruc, SHORT.ruc}
    for employer, other in ((LONG, SHORT), (SHORT, LONG)):
        registration = found[employer.ruc]
        assert registration["name"] == employer.name
        assert registration["email"] == employer.email
        assert registration["rep"] == (employer.rep_cedula, employer.rep_names)
        assert registration["authorized"] == employer.authorized_names
        for text in registration["pdfs"]:
            for own in (employer.ruc, employer.name, employer.rep_names):
                assert own in text, f"{own!r} no está en el PDF de {employer.ruc}"
            for foreign in (other.ruc, other.name, other.rep_names):
                assert foreign not in text, f"{foreign!r} en el PDF de {employer.ruc}"


def test_save_later_fits_a_phone_with_the_longest_values(page, mail_folder):  # noqa: F811
    fill_to_review(page, LONG)
    page.get_by_role("link", name="Guardar y continuar después").click()
    expect(page.locator("h1")).to_have_text("Guardar y continuar después")
    assert_no_horizontal_overflow(page)
    page.get_by_role("button", name="Enviar código").click()
    page.get_by_label("Código de verificación").fill("12")
    page.get_by_role("button", name="Verificar y enviar el enlace").click()
    expect(page.get_by_role("alert")).to_contain_text("El código tiene 6 números")
    assert_no_horizontal_overflow(page)
    page.get_by_label("Código de verificación").fill(
        code_mailed_to(mail_folder, LONG.email)
    )
    page.get_by_role("button", name="Verificar y enviar el enlace").click()
    expect(page.locator("h1")).to_have_text("Revise sus datos")
    expect(page.get_by_role("status")).to_contain_text(LONG.email)  # the notice
    assert_no_horizontal_overflow(page)
    page.get_by_role("button", name="Completar el registro").click()
    expect(page.locator("h1")).to_have_text("Registro completado")
    assert_no_horizontal_overflow(page)


def test_the_way_forward_of_a_registered_employer_fits_a_phone(
    page,
    mail_folder,  # noqa: F811
):
    from tests.employers.factories import RegistrationFactory

    orm(
        lambda: RegistrationFactory(
            employer_identification=LONG.ruc,
            business_name=LONG.name,
            email=LONG.email,
            rep_names=LONG.rep_names,
            authorized_names=LONG.rep_names,
        )
    )
    page.goto("/registro/nuevo/sector/")
    page.get_by_role("radio", name=re.compile("^Privado")).check()
    page.get_by_role("button", name="Continuar").click()
    employer_data_fill(page, ruc=LONG.ruc, name=LONG.name, email=LONG.email)
    page.get_by_role("button", name="Continuar").click()
    expect(page.locator("h1")).to_have_text("Este empleador ya está registrado")
    assert_no_horizontal_overflow(page)
    page.get_by_role("button", name="Enviar código al correo registrado").click()
    expect(page.locator("h1")).to_have_text("Confirme su correo electrónico")
    assert_no_horizontal_overflow(page)
    page.get_by_label("Código de verificación").fill(
        code_mailed_to(mail_folder, LONG.email)
    )
    page.get_by_role("button", name="Verificar").click()
    expect(page.locator("h1")).to_have_text("Registro completado")
    expect(page.locator("main")).to_contain_text(LONG.name)
    assert_no_horizontal_overflow(page)
