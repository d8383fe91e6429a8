"""Turnos en línea in a real browser: the seed's steps a–h as a person takes them.

The code is read from the mail folder (file-based e-mail), the journey ends with the
PDF and the .ics downloaded, and axe-core checks every page on the way.
"""

import email
import email.policy
import io
import re
from pathlib import Path

import pypdf
import pytest
import zxingcpp
from icalendar import Calendar
from PIL import Image
from playwright.sync_api import expect

from clavepatronal.appointments.constants import TurnStatus
from clavepatronal.appointments.models import Turn

from .conftest import orm

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CEDULA = "1710034065"
EMAIL = "gerencia@ferreteria-andina.ec"
AGENCY = "Centro de Atención Universal Quito"


@pytest.fixture
def mail_folder(settings) -> Path:
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    return Path(settings.EMAIL_FILE_PATH)


def newest_mail(folder: Path) -> email.message.EmailMessage:
    newest = max(folder.glob("*.log"), key=lambda path: path.stat().st_mtime_ns)
    raw = newest.read_bytes().rsplit(b"\n" + b"-" * 79, 1)[0]
    return email.message_from_bytes(raw, policy=email.policy.default)


def journey_to_the_calendar(page, assert_accessible, mail_folder) -> None:
    # The person is the legal representative of a registered employer (a natural
    # person's RUC): a clave patronal turn is for an employer its registration
    # names the person in.
    from tests.appointments.conftest import employer_of

    ruc = orm(lambda: employer_of(CEDULA).employer_identification)
    # a. From the home page, the turnero.
    page.goto("/")
    page.get_by_role("link", name="Turnos para atención al ciudadano").click()
    expect(page.locator("h1")).to_have_text("Turnos para atención al ciudadano")
    assert_accessible(page)
    page.get_by_role("link", name="Genere su turno en línea").click()

    # b. The cédula.
    expect(page.locator("h1")).to_have_text("Ingrese su número de cédula de ciudadanía")
    expect(page.get_by_label("Cédula de identidad")).to_be_checked()
    assert_accessible(page)
    page.get_by_label("Número de cédula de ciudadanía").fill("1710034066")
    page.get_by_role("button", name="Continuar").click()
    expect(page.locator(".error-summary")).to_contain_text("dígito verificador")
    assert_accessible(page)
    page.get_by_label("Número de cédula de ciudadanía").fill(CEDULA)
    page.get_by_role("button", name="Continuar").click()

    # c. E-mail and mobile, Siguiente.
    expect(page.locator("h1")).to_contain_text("correo electrónico")
    assert_accessible(page)
    page.get_by_label("Correo electrónico").fill(EMAIL)
    page.get_by_label("Número de contacto celular").fill("0991234567")
    page.get_by_role("button", name="Siguiente").click()

    # d. The e-mail "Verificar IESS turno online", read from the mail folder.
    expect(page.locator("h1")).to_have_text(
        "Ingrese el código enviado a su correo electrónico"
    )
    message = newest_mail(mail_folder)
    assert message["Subject"] == "Verificar IESS turno online"
    assert message["To"] == EMAIL
    body = message.get_body(("plain",)).get_content()
    code = re.search(r"^\s+(\d{6})\s*$", body, re.M).group(1)

    # e. The code, Verificar.
    assert_accessible(page)
    page.get_by_label("Código de verificación").fill(code)
    page.get_by_role("button", name="Verificar").click()

    # f. Province, procedure type, agency; Siguiente.
    expect(page.locator("h1")).to_have_text(
        "Seleccione la provincia, el tipo de trámite y la agencia"
    )
    assert_accessible(page)
    page.get_by_label("Provincia").select_option(label="Pichincha")
    page.get_by_label("Tipo de trámite").select_option(label="Clave patronal")
    page.get_by_role("button", name="Ver agencias").click()
    assert_accessible(page)
    page.get_by_label(AGENCY).check()
    page.get_by_label("RUC del empleador").fill(ruc)
    page.get_by_role("button", name="Siguiente").click()

    # g. Day and hour; the hours fit a 320-pixel phone without sideways scrolling.
    expect(page.locator("h1")).to_have_text("Seleccione el día y la hora")
    assert_accessible(page)
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size(size)


def finish_and_download(page, assert_accessible, tmp_path) -> None:
    # h. The summary, Confirmar.
    expect(page.locator("h1")).to_have_text(
        "Verifique la información del turno solicitado"
    )
    expect(page.locator(".summary-list")).to_contain_text(CEDULA)
    expect(page.locator(".summary-list")).to_contain_text(AGENCY)
    assert_accessible(page)
    page.get_by_role("button", name="Confirmar").click()

    # Confirmación del Turno en Línea.
    expect(page.locator("h1")).to_have_text("Confirmación del Turno en Línea")
    turn = orm(
        lambda: Turn.objects.select_related("slot").get(
            identification=CEDULA, status=TurnStatus.RESERVADO
        )
    )
    expect(page.locator(".turn-code")).to_have_text(turn.code_display)
    expect(page.locator("ol.requirements li")).to_have_count(7)
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Descargar la confirmación (PDF)").click()
    pdf_path = tmp_path / "turno.pdf"
    download_info.value.save_as(pdf_path)
    reader = pypdf.PdfReader(pdf_path)
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Confirmación del Turno en Línea" in text
    assert turn.code_display in text
    (image,) = reader.pages[0].images
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.data)))
    assert [result.text for result in decoded] == [turn.code]

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Agregar a mi calendario (.ics)").click()
    ics_path = tmp_path / "turno.ics"
    download_info.value.save_as(ics_path)
    (event,) = Calendar.from_ical(ics_path.read_bytes()).walk("VEVENT")
    assert event.decoded("dtstart") == turn.slot.starts_at
    assert AGENCY in str(event["location"])


def test_a_person_books_a_turn_from_a_to_h_and_gets_the_pdf_and_the_ics(
    page, assert_accessible, mail_folder, tmp_path
):
    journey_to_the_calendar(page, assert_accessible, mail_folder)
    # g. The confirmation window (a <dialog> with JavaScript), "Sí".
    first_hour = page.locator(".slot-list__button").first
    first_hour.click()
    dialog = page.get_by_role("dialog", name="Confirmación")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("¿Desea reservar su turno para el")
    assert_accessible(page)
    dialog.get_by_role("button", name="Sí").click()
    finish_and_download(page, assert_accessible, tmp_path)


def test_the_journey_works_without_javascript(
    browser, live_server, assert_accessible, mail_folder, tmp_path
):
    context = browser.new_context(
        base_url=live_server.url,
        java_script_enabled=False,
        locale="es-EC",
        timezone_id="America/Guayaquil",
        viewport={"width": 390, "height": 844},
        accept_downloads=True,
    )
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        journey_to_the_calendar(page, lambda _page: None, mail_folder)
        # g. Without JavaScript the hour opens a confirmation page with "Sí".
        page.locator(".slot-list__button").first.click()
        expect(page.locator("h1")).to_have_text("Confirmación")
        page.get_by_role("button", name="Sí").click()
        finish_and_download(page, lambda _page: None, tmp_path)
    finally:
        context.close()


def test_the_turn_page_offers_cancel_and_the_seat_is_freed(
    page, assert_accessible, mail_folder, tmp_path
):
    journey_to_the_calendar(page, assert_accessible, mail_folder)
    page.locator(".slot-list__button").first.click()
    page.get_by_role("dialog").get_by_role("button", name="Sí").click()
    page.get_by_role("button", name="Confirmar").click()
    expect(page.locator("h1")).to_have_text("Confirmación del Turno en Línea")
    page.get_by_role("link", name="Cancelar").click()
    expect(page.locator("h1")).to_have_text("¿Desea cancelar su turno?")
    assert_accessible(page)
    page.get_by_role("button", name="Sí, cancelar el turno").click()
    expect(page.locator(".notices")).to_contain_text("fue cancelado")
    turn = orm(lambda: Turn.objects.select_related("slot").get(identification=CEDULA))
    assert turn.status == TurnStatus.CANCELADO
    assert turn.slot.booked == 0
