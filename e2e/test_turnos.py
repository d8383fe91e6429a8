"""Turnos en línea in a real browser: the seed's steps a–h as a person takes them.

The code is read from the mail folder (file-based e-mail), the journey ends with the
PDF and the .ics downloaded, and axe-core checks every page on the way. Every page
also fits a 320 and a 390 pixel phone without scrolling sideways, with a 60-character
e-mail address on it.
"""

import datetime
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

from .conftest import assert_no_horizontal_overflow, orm

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CEDULA = "1710034065"
EMAIL = "departamento.talento.humano.nominas@ferreteria-andina-cia.ec"
assert len(EMAIL) == 60  # the longest realistic address (issue 17)
PHONE = {"width": 390, "height": 844}
AGENCY = "Centro de Atención Universal Quito"


@pytest.fixture
def mail_folder(settings) -> Path:
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    return Path(settings.EMAIL_FILE_PATH)


def newest_mail(folder: Path) -> email.message.EmailMessage:
    newest = max(folder.glob("*.log"), key=lambda path: path.stat().st_mtime_ns)
    raw = newest.read_bytes().rsplit(b"\n" + b"-" * 79, 1)[0]
    return email.message_from_bytes(raw, policy=email.policy.default)


def fits_a_phone(page, assert_accessible) -> None:
    assert_accessible(page)
    assert_no_horizontal_overflow(page)


def journey_to_the_agency(page, assert_accessible, mail_folder) -> None:
    """Steps a–e: the start page, the cédula, the e-mail and its code."""
    # a. From the home page, the turnero; its button is on the first screen.
    page.goto("/")
    page.get_by_role("link", name="Turnos para atención al ciudadano").click()
    expect(page.locator("h1")).to_have_text("Turnos para atención al ciudadano")
    start_button = page.get_by_role("link", name="Genere su turno en línea")
    box = start_button.bounding_box()
    assert box["y"] + box["height"] <= page.viewport_size["height"]
    fits_a_phone(page, assert_accessible)
    start_button.click()

    # b. The cédula.
    expect(page.locator("h1")).to_have_text("Ingrese su número de cédula de ciudadanía")
    expect(page.get_by_label("Cédula de identidad")).to_be_checked()
    fits_a_phone(page, assert_accessible)
    page.get_by_label("Número de cédula de ciudadanía").fill("1710034066")
    page.get_by_role("button", name="Continuar").click()
    expect(page.locator(".error-summary")).to_contain_text("dígito verificador")
    fits_a_phone(page, assert_accessible)
    page.get_by_label("Número de cédula de ciudadanía").fill(CEDULA)
    page.get_by_role("button", name="Continuar").click()

    # c. E-mail and mobile, Siguiente.
    expect(page.locator("h1")).to_contain_text("correo electrónico")
    fits_a_phone(page, assert_accessible)
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
    fits_a_phone(page, assert_accessible)
    page.get_by_label("Código de verificación").fill(code)
    page.get_by_role("button", name="Verificar").click()
    expect(page.locator("h1")).to_have_text(
        "Seleccione la provincia, el tipo de trámite y la agencia"
    )
    fits_a_phone(page, assert_accessible)


def employer_ruc() -> str:
    # The person is the legal representative of a registered employer (a natural
    # person's RUC): a clave patronal turn is for an employer its registration
    # names the person in, and whose registration e-mail is the one the person
    # verified (nothing more to prove).
    from tests.appointments.conftest import employer_of

    return orm(lambda: employer_of(CEDULA, email=EMAIL).employer_identification)


def agencies_shown(page) -> None:
    """With JavaScript: the list for the last choice has arrived."""
    expect(page.locator("[data-agency-results][aria-busy]")).to_have_count(0)
    expect(page.get_by_label(AGENCY)).to_be_visible()


def choose_the_agency(page, assert_accessible, *, javascript: bool) -> None:
    """Step f: with JavaScript in one submit, without it in two."""
    ruc = employer_ruc()
    page.get_by_label("Provincia").select_option(label="Pichincha")
    page.get_by_label("Tipo de trámite").select_option(label="Clave patronal")
    if javascript:
        # The agencies follow the choices: no «Ver agencias» to press.
        expect(page.get_by_role("button", name="Ver agencias")).to_be_hidden()
        agencies_shown(page)
    else:
        page.get_by_role("button", name="Ver agencias").click()
    fits_a_phone(page, assert_accessible)
    page.get_by_label(AGENCY).check()
    page.get_by_label("RUC del empleador").fill(ruc)
    page.get_by_role("button", name="Siguiente").click()
    expect(page.locator("h1")).to_have_text("Seleccione el día y la hora")
    fits_a_phone(page, assert_accessible)


def choose_a_day(page, link) -> None:
    """Step g: a day link lands on its hours, not at the top of the page."""
    link.click()
    expect(page).to_have_url(re.compile(r"\?dia=\d{4}-\d{2}-\d{2}#horas$"))
    expect(page.locator("#horas")).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 0


def journey_to_the_calendar(
    page, assert_accessible, mail_folder, *, javascript: bool = True
) -> None:
    journey_to_the_agency(page, assert_accessible, mail_folder)
    choose_the_agency(page, assert_accessible, javascript=javascript)
    # g. The second day, by its link; each hour says how many seats it has left.
    choose_a_day(page, page.locator(".day-list__link").nth(1))
    expect(page.locator(".slot-list__free").first).to_have_text(
        re.compile(r"^\d+ lugar(es)? libres?$")
    )
    fits_a_phone(page, assert_accessible)


def the_confirmation_shows_the_essentials_first(page) -> None:
    # The code, the day and hour, the agency and its address, the PDF and .ics and
    # cancel/reschedule come first; the requirements and notes are folded.
    essentials = page.locator(".turn-essentials")
    for label in ["Fecha y hora", "Agencia", "Dirección"]:
        expect(essentials).to_contain_text(label)
    expect(
        page.get_by_role("link", name="Descargar la confirmación (PDF)")
    ).to_be_in_viewport()
    expect(page.get_by_role("link", name="Reprogramar")).to_be_visible()
    expect(page.get_by_role("link", name="Cancelar")).to_be_visible()
    expect(page.locator("ol.requirements li")).to_have_count(7)
    expect(page.locator("ol.requirements")).to_be_hidden()
    height = page.evaluate("document.documentElement.scrollHeight")
    # About 1,800 px with the footer; it was 3,500 before the folding.
    assert height < 2000, f"la confirmación mide {height} px en un teléfono"
    page.get_by_text("Requisitos: qué llevar a la agencia").click()
    expect(page.locator("ol.requirements")).to_be_visible()


def finish_and_download(page, assert_accessible, tmp_path) -> None:
    # h. The summary, Confirmar.
    expect(page.locator("h1")).to_have_text(
        "Verifique la información del turno solicitado"
    )
    expect(page.locator(".summary-list")).to_contain_text(CEDULA)
    expect(page.locator(".summary-list")).to_contain_text(AGENCY)
    expect(page.locator(".summary-list")).to_contain_text(EMAIL)
    fits_a_phone(page, assert_accessible)
    page.get_by_role("button", name="Confirmar").click()

    # Confirmación del Turno en Línea.
    expect(page.locator("h1")).to_have_text("Confirmación del Turno en Línea")
    turn = orm(
        lambda: Turn.objects.select_related("slot").get(
            identification=CEDULA, status=TurnStatus.RESERVADO
        )
    )
    expect(page.locator(".turn-code")).to_have_text(turn.code_display)
    the_confirmation_shows_the_essentials_first(page)
    fits_a_phone(page, assert_accessible)

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
        viewport=PHONE,
        accept_downloads=True,
    )
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        journey_to_the_calendar(page, lambda _page: None, mail_folder, javascript=False)
        # g. Without JavaScript the hour opens a confirmation page with "Sí".
        page.locator(".slot-list__button").first.click()
        expect(page.locator("h1")).to_have_text("Confirmación")
        assert_no_horizontal_overflow(page)
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
    fits_a_phone(page, assert_accessible)
    page.get_by_role("button", name="Sí, cancelar el turno").click()
    expect(page.locator(".notices")).to_contain_text("fue cancelado")
    turn = orm(lambda: Turn.objects.select_related("slot").get(identification=CEDULA))
    assert turn.status == TurnStatus.CANCELADO
    assert turn.slot.booked == 0


def test_a_turn_is_rescheduled_from_its_page_on_a_phone(
    page, assert_accessible, mail_folder
):
    journey_to_the_calendar(page, assert_accessible, mail_folder)
    page.locator(".slot-list__button").first.click()
    page.get_by_role("dialog").get_by_role("button", name="Sí").click()
    page.get_by_role("button", name="Confirmar").click()
    expect(page.locator("h1")).to_have_text("Confirmación del Turno en Línea")
    old_start = orm(lambda: Turn.objects.get(identification=CEDULA).slot.starts_at)

    page.get_by_role("link", name="Reprogramar").click()
    expect(page.locator("h1")).to_have_text("Reprogramar el turno")
    fits_a_phone(page, assert_accessible)
    choose_a_day(page, page.locator(".day-list__link").last)
    fits_a_phone(page, assert_accessible)
    page.locator(".slot-list__button").last.click()
    page.get_by_role("dialog").get_by_role("button", name="Sí").click()

    expect(page.locator(".notices")).to_contain_text("Su turno fue reprogramado")
    expect(page.locator("h1")).to_have_text("Confirmación del Turno en Línea")
    fits_a_phone(page, assert_accessible)
    turn = orm(lambda: Turn.objects.select_related("slot").get(identification=CEDULA))
    assert turn.status == TurnStatus.RESERVADO
    assert turn.slot.starts_at > old_start


def test_step_f_follows_the_choices_and_keeps_the_ruc(
    page, assert_accessible, mail_folder
):
    journey_to_the_agency(page, assert_accessible, mail_folder)
    expect(page.get_by_role("button", name="Ver agencias")).to_be_hidden()
    page.get_by_label("Provincia").select_option(label="Pichincha")
    agencies_shown(page)
    expect(page.locator("[data-agency-status]")).to_contain_text("Pichincha")
    expect(page).to_have_url(re.compile(r"provincia=17&tramite=clave-patronal$"))
    page.get_by_label("RUC del empleador").fill(employer_ruc())
    # Another procedure type: no employer to name, the list follows it.
    page.get_by_label("Tipo de trámite").select_option(
        label="Certificados del empleador"
    )
    expect(page.get_by_label("RUC del empleador")).to_have_count(0)
    agencies_shown(page)
    # Back to Clave patronal: what was typed is still there.
    page.get_by_label("Tipo de trámite").select_option(label="Clave patronal")
    expect(page.get_by_label("RUC del empleador")).to_have_value(employer_ruc())
    page.get_by_label(AGENCY).check()
    page.get_by_role("button", name="Siguiente").click()
    expect(page.locator("h1")).to_have_text("Seleccione el día y la hora")


def test_an_application_for_a_drawn_day_fits_a_phone(
    page, assert_accessible, mail_folder
):
    """A day given out by draw: the application form, its summary, the
    applicant's page and the public draw page, on a phone."""
    from django.utils import timezone

    from clavepatronal.appointments.allocation import seed_hash
    from clavepatronal.appointments.models import Agency, Draw
    from clavepatronal.appointments.selectors import slot_calendar
    from clavepatronal.appointments.services import draw_run

    def open_a_draw():
        agency = Agency.objects.get(name=AGENCY)
        agency.allocation_mode = "SORTEO"
        agency.save()
        now = timezone.now()
        day = slot_calendar(agency=agency, now=now)[-1].date
        seed = "5e" * 32
        return Draw.objects.create(
            agency=agency,
            day=day,
            opens_at=now - datetime.timedelta(hours=1),
            closes_at=now + datetime.timedelta(hours=1),
            seed=seed,
            seed_hash=seed_hash(seed),
        )

    draw = orm(open_a_draw)
    journey_to_the_agency(page, assert_accessible, mail_folder)
    choose_the_agency(page, assert_accessible, javascript=True)
    choose_a_day(page, page.locator(".day-list__link", has_text="por sorteo"))
    fits_a_phone(page, assert_accessible)
    page.get_by_label("Hora preferida").select_option(index=1)
    page.get_by_role("button", name="Siguiente").click()

    expect(page.locator("h1")).to_have_text("Verifique su solicitud para el sorteo")
    expect(page.locator(".summary-list")).to_contain_text(EMAIL)
    fits_a_phone(page, assert_accessible)
    page.get_by_role("button", name="Confirmar").click()

    expect(page.locator("h1")).to_have_text("Su solicitud de turno")
    fits_a_phone(page, assert_accessible)
    page.get_by_role(
        "link", name="Ver la publicación y la verificación del sorteo"
    ).click()
    expect(page.locator("h1")).to_contain_text("Sorteo de turnos")
    fits_a_phone(page, assert_accessible)

    # After the draw the page publishes the seed, the result and its check.
    orm(
        lambda: draw_run(
            draw_id=draw.pk, now=draw.closes_at + datetime.timedelta(minutes=1)
        )
    )
    page.reload()
    expect(page.get_by_role("status")).to_contain_text("Verificación")
    fits_a_phone(page, assert_accessible)
