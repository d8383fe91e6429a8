"""Portal del empleador in a real browser: from the activation e-mail to the
dashboard and out, and five wrong claves ending in a lockout that says when to
retry. axe-core checks every page on the way."""

import email
import email.policy
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from clavepatronal.employers.services import clave_issue_by_link
from tests.employers.factories import RUC_SOCIEDAD, RegistrationFactory

from .conftest import (
    LONG_BUSINESS_NAME,
    LONG_EMAIL,
    LONG_NAME,
    assert_fits_phones,
    orm,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CLAVE = "Cielo-Azul-Quito-2031"


@pytest.fixture
def mail_folder(settings) -> Path:
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    return Path(settings.EMAIL_FILE_PATH)


def mail_file_read(path: Path) -> list[email.message.EmailMessage]:
    """The messages the file-based e-mail backend wrote in one file (several when
    two messages got the same file name)."""
    separator = b"\n" + b"-" * 79 + b"\n"
    return [
        email.message_from_bytes(raw, policy=email.policy.default)
        for raw in path.read_bytes().split(separator)
        if raw.strip()
    ]


def newest_mail(folder: Path) -> email.message.EmailMessage:
    newest = max(folder.glob("*.log"), key=lambda p: p.stat().st_mtime_ns)
    return mail_file_read(newest)[-1]


def registered_and_issued():
    """A registered employer whose key was issued by the virtual channel, with the
    longest realistic name and e-mail address (issue 17)."""
    registration = RegistrationFactory(
        business_name=LONG_BUSINESS_NAME,
        email=LONG_EMAIL,
        rep_names=LONG_NAME,
        rep_email=LONG_EMAIL,
        authorized_names=LONG_NAME,
    )
    clave_issue_by_link(registration=registration, actor_label="pruebas")
    return registration


def activate(page, assert_accessible, mail_folder) -> None:
    registration = orm(registered_and_issued)
    message = newest_mail(mail_folder)
    assert message["To"] == registration.email == LONG_EMAIL
    assert "Active su clave patronal" in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    path = re.search(r"https?://[^/\s]+(/empleador/activar/[\w-]+/)", body).group(1)

    page.goto(path)
    expect(page.locator("h1")).to_have_text("Elija su clave patronal")
    expect(page).not_to_have_url(re.compile("activar/"))  # the token left the bar
    assert_accessible(page)
    page.get_by_label("Nueva clave patronal").fill("1790011674001-clave")
    page.get_by_label("Repita la nueva clave").fill("1790011674001-clave")
    page.get_by_role("button", name="Guardar mi clave").click()
    expect(page.get_by_role("alert")).to_contain_text("no puede contener el RUC")
    assert_accessible(page)
    page.get_by_label("Nueva clave patronal").fill(CLAVE)
    page.get_by_label("Repita la nueva clave").fill(CLAVE)
    page.get_by_role("button", name="Guardar mi clave").click()
    expect(page.locator("h1")).to_have_text("Ingreso al portal del empleador")
    expect(page.locator(".notices")).to_contain_text("Su clave patronal quedó lista")
    assert_accessible(page)


def test_from_the_activation_email_to_the_dashboard_and_out(
    page, assert_accessible, mail_folder
):
    activate(page, assert_accessible, mail_folder)

    # The home page links to the login.
    page.goto("/")
    page.get_by_role("link", name="Ingreso al portal del empleador").click()
    expect(page.locator("h1")).to_have_text("Ingreso al portal del empleador")
    expect(page.get_by_label("RUC o cédula del empleador")).to_have_attribute(
        "autocomplete", "username"
    )
    expect(page.get_by_label("Clave", exact=True)).to_have_attribute(
        "autocomplete", "current-password"
    )
    page.get_by_label("RUC o cédula del empleador").fill(RUC_SOCIEDAD)
    page.get_by_label("Clave", exact=True).fill(CLAVE)
    page.get_by_role("button", name="Ingresar").click()

    expect(page.locator("h1")).to_have_text(LONG_BUSINESS_NAME)
    assert_accessible(page)
    assert_fits_phones(page)  # the session ends before the revisit
    for heading in ("Datos del empleador", "Mis turnos", "Mis documentos", "Mi cuenta"):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Privado")
    expect(
        page.get_by_role(
            "link", name="Descargar Solicitud de entrega de clave patronal (PDF)"
        )
    ).to_be_visible()

    page.get_by_role("link", name="Cambiar clave").click()
    expect(page.locator("h1")).to_have_text("Cambiar clave")
    assert_accessible(page)
    assert_fits_phones(page)
    page.get_by_role("link", name="Atrás").click()

    page.get_by_role("button", name="Salir").click()
    expect(page.locator("h1")).to_have_text("Ingreso al portal del empleador")
    expect(page.locator(".notices")).to_contain_text("Salió del portal del empleador")
    assert_accessible(page)
    # The session is over: the dashboard asks to log in again.
    page.goto("/empleador/")
    expect(page.locator("h1")).to_have_text("Ingreso al portal del empleador")


def test_five_wrong_claves_lock_the_login_and_show_when_to_retry(
    page, assert_accessible, mail_folder
):
    activate(page, assert_accessible, mail_folder)
    for attempt in range(5):
        page.get_by_label("RUC o cédula del empleador").fill(RUC_SOCIEDAD)
        page.get_by_label("Clave", exact=True).fill(f"Equivocada-{attempt}-2031")
        page.get_by_role("button", name="Ingresar").click()
        if attempt < 4:
            expect(page.get_by_role("alert")).to_contain_text(
                "El RUC (o la cédula) o la clave no son correctos"
            )
            expect(page.get_by_role("alert")).to_be_focused()
            assert_accessible(page)
    expect(page.locator("h1")).to_have_text("Ingreso bloqueado temporalmente")
    expect(page.get_by_role("alert")).to_contain_text(
        re.compile(
            r"Podrá intentarlo de nuevo a las \d\d:\d\d \(dentro de 15 minutos\)"
        )
    )
    assert_accessible(page)
    # Even the right clave waits for the cooling off.
    page.goto("/empleador/ingresar/")
    page.get_by_label("RUC o cédula del empleador").fill(RUC_SOCIEDAD)
    page.get_by_label("Clave", exact=True).fill(CLAVE)
    page.get_by_role("button", name="Ingresar").click()
    expect(page.locator("h1")).to_have_text("Ingreso bloqueado temporalmente")
