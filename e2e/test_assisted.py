"""Turno asistido in Chromium (issue 27, item 1): a counter officer books for a person
with no e-mail, prints the confirmation (code and QR) and the desk serves that turn;
a phone officer files a draw application for a caller, with the code sent to the
registration's e-mail read back. axe and the phone-width check on every page."""

import datetime
import io
import re

import pypdf
import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from clavepatronal.appointments.constants import (
    ApplicationStatus,
    TurnChannel,
    TurnStatus,
)
from clavepatronal.appointments.models import Turn, TurnApplication
from clavepatronal.backoffice.constants import Role
from clavepatronal.backoffice.services.staff import device_code_now, staff_create
from tests.appointments.conftest import cedula
from tests.employers.factories import RegistrationFactory

from .conftest import LONG_BUSINESS_NAME, LONG_EMAIL, LONG_NAME, orm
from .test_portal import mail_file_read, mail_folder  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "una-clave-del-servidor-larga"
QUITO = "Centro de Atención Universal Quito"


def officer(username: str, role: Role, agency_name: str = ""):
    """A staff account with its own cédula on record (it books turnos asistidos)."""
    from clavepatronal.appointments.models import Agency

    return staff_create(
        username=username,
        password=PASSWORD,
        first_name="Lucía",
        last_name="Paredes",
        email=f"{username}@iess.gob.ec",
        role=role,
        agency=Agency.objects.get(name=agency_name) if agency_name else None,
        identification=cedula(660_000 + len(username)),
    ).user


def registration():
    """An employer with the longest realistic names and address (issue 17)."""
    return RegistrationFactory(
        business_name=LONG_BUSINESS_NAME,
        email=LONG_EMAIL,
        rep_names=LONG_NAME,
        rep_email=LONG_EMAIL,
    )


def sign_in(page, assert_accessible, username: str) -> None:
    page.goto("/backoffice/")
    page.get_by_label("Usuario").fill(username)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Continuar").click()

    def code():
        from django_otp.plugins.otp_totp.models import TOTPDevice

        return device_code_now(TOTPDevice.objects.get(user__username=username))

    page.get_by_label("Código de verificación").fill(orm(code))
    page.get_by_role("button", name="Ingresar").click()
    expect(page.locator("h1")).to_have_text("Back office de Clave Patronal")
    assert_accessible(page)


def the_person(page, employer) -> None:
    page.get_by_label("Número de identificación de la persona").fill(
        employer.rep_identification
    )
    page.get_by_label(re.compile("RUC del empleador")).fill(
        employer.employer_identification
    )


def test_the_counter_books_for_a_person_without_email_prints_and_the_desk_serves(
    page, assert_accessible, tmp_path
):
    employer = orm(registration)
    orm(lambda: officer("ventanilla.quito", Role.SERVIDOR, QUITO))
    sign_in(page, assert_accessible, "ventanilla.quito")

    # Who: the person is here, with the original document; no e-mail, no mobile.
    page.get_by_role("link", name="Turno asistido").first.click()
    expect(page.locator("h1")).to_have_text("Turno asistido")
    expect(page.locator("main")).to_contain_text(QUITO)
    assert_accessible(page)
    the_person(page, employer)
    page.get_by_role("button", name="Siguiente").click()
    expect(page.get_by_role("alert")).to_contain_text("Vi el documento original")
    assert_accessible(page)
    page.get_by_label("Vi el documento original de identidad de la persona").check()
    page.get_by_role("button", name="Siguiente").click()

    # Day and hour: the first free hour of the first day.
    expect(page.locator("h1")).to_have_text("Día y hora")
    expect(page.locator("main")).to_contain_text("sin correo")
    assert_accessible(page)
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Reservar el turno").click()

    # The result: the code, its QR, and the printable confirmation.
    expect(page.locator("h1")).to_have_text("Turno reservado")
    turn = orm(lambda: Turn.objects.select_related("slot").get())
    assert (turn.channel, turn.email, turn.status) == (
        TurnChannel.VENTANILLA,
        "",
        TurnStatus.RESERVADO,
    )
    expect(page.locator("main")).to_contain_text(turn.code_display)
    expect(
        page.get_by_role("img", name=re.compile("Código QR del turno"))
    ).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Imprimir confirmación").click()
    printed = tmp_path / info.value.suggested_filename
    info.value.save_as(printed)
    sheet = pypdf.PdfReader(io.BytesIO(printed.read_bytes())).pages[0]
    assert turn.code_display in " ".join(sheet.extract_text().split())
    qr = [
        found.text
        for image in sheet.images
        for found in zxingcpp.read_barcodes(Image.open(io.BytesIO(image.data)))
    ]
    assert qr == [turn.code]

    # The day comes (the turn is moved to tonight): the desk serves it by its code.
    def tonight():
        from tests.appointments.factories import SlotFactory
        from tests.backoffice.conftest import local_today

        slot = SlotFactory(agency=turn.slot.agency, starts_at=local_today(23, 40))
        Turn.objects.filter(pk=turn.pk).update(slot=slot)

    orm(tonight)
    page.get_by_role("link", name="Turnos de hoy").first.click()
    page.get_by_label("Código del turno").fill(turn.code_display)
    page.get_by_role("button", name="Buscar turno").click()
    expect(page.locator("h1")).to_have_text(f"Turno {turn.code_display}")
    expect(page.locator("main")).to_contain_text("En ventanilla, por un servidor")
    assert_accessible(page)
    page.get_by_label("Número del documento original que presenta").fill(
        employer.rep_identification
    )
    page.get_by_role("button", name="Registrar llegada").click()
    expect(page.locator(".notices")).to_contain_text("Llegada registrada")
    for box in page.locator("input[name=checklist]").all():
        box.check()
    page.get_by_label(re.compile("tienen la firma manuscrita")).check()
    page.get_by_role("radio", name="Representante legal").check()
    page.get_by_label("Nombres de quien retira").fill(LONG_NAME)
    page.get_by_label("Número de identificación", exact=True).fill(
        employer.rep_identification
    )
    page.get_by_label(re.compile("Vi el documento de identificación")).check()
    with page.expect_download():
        page.get_by_role("button", name="Emitir clave").click()
    page.reload()
    expect(page.locator("main")).to_contain_text("Clave entregada")
    assert_accessible(page)
    assert orm(lambda: Turn.objects.get(pk=turn.pk).status) == TurnStatus.ATENDIDO


def open_draw():
    """The Quito agency in sorteo, the last working day of the window taking
    applications right now."""
    import secrets

    from django.utils import timezone

    from clavepatronal.appointments.allocation import seed_hash
    from clavepatronal.appointments.models import Agency, Draw
    from clavepatronal.appointments.selectors import booking_window, working_day_is

    now = timezone.now()
    agency = Agency.objects.get(name=QUITO)
    agency.allocation_mode = "SORTEO"
    agency.save()
    _first, day = booking_window(now=now)
    while not working_day_is(day=day, agency=agency):
        day -= datetime.timedelta(days=1)
    seed = secrets.token_hex(32)
    return Draw.objects.create(
        agency=agency,
        day=day,
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(hours=1),
        seed=seed,
        seed_hash=seed_hash(seed),
    )


def mails_to(folder, address: str) -> list:
    return [
        message
        for path in sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime_ns)
        for message in mail_file_read(path)
        if message["To"] == address
    ]


def test_the_phone_line_files_a_draw_application_with_the_code_read_back(
    page,
    assert_accessible,
    mail_folder,  # noqa: F811
):
    employer = orm(registration)
    orm(open_draw)
    phone_officer = orm(lambda: officer("linea.telefono", Role.TELEFONO))
    sign_in(page, assert_accessible, "linea.telefono")

    page.get_by_role("link", name="Turno asistido").first.click()
    expect(page.locator("main")).to_contain_text("Por teléfono")
    page.get_by_label("Agencia").select_option(label=f"{QUITO} (Pichincha)")
    the_person(page, employer)
    page.get_by_role("button", name="Siguiente").click()

    # The code goes to the registration's e-mail; the caller reads it back.
    expect(page.locator("h1")).to_have_text("Código del empleador")
    assert_accessible(page)
    page.get_by_role("button", name="Enviar código al correo del registro").click()
    expect(page.locator(".notices")).to_contain_text("Enviamos el código")
    assert_accessible(page)
    (sent,) = [
        message
        for message in mails_to(mail_folder, LONG_EMAIL)
        if "Código para un turno" in message["Subject"]
    ]
    body = sent.get_body(("plain",)).get_content()
    code = re.search(r"^\s+(\d{6})\s*$", body, re.M).group(1)
    page.get_by_label("Código que la persona le leyó").fill(code)
    page.get_by_role("button", name="Siguiente").click()

    # The drawn day asks for hours, for its draw.
    expect(page.locator("h1")).to_have_text("Día y hora")
    page.get_by_role("link", name=re.compile("por sorteo")).click()
    expect(page.locator("main")).to_contain_text("Solicitud para el sorteo")
    assert_accessible(page)
    page.get_by_label("Hora preferida").select_option("08:00")
    page.get_by_label("Acepto cualquier hora libre de ese día").check()
    page.get_by_role("button", name="Presentar la solicitud").click()

    expect(page.locator("h1")).to_have_text("Solicitud presentada")
    expect(page.locator("main")).to_contain_text("Seudónimo en el sorteo")
    assert_accessible(page)
    application = orm(lambda: TurnApplication.objects.get())
    assert application.status == ApplicationStatus.PENDIENTE
    assert (application.channel, application.filed_by_id) == (
        TurnChannel.TELEFONO,
        phone_officer.pk,
    )
    assert application.hours == ["08:00"] and application.any_hour
    # The registration's e-mail hears of it, with «No fui yo».
    notices = [m for m in mails_to(mail_folder, LONG_EMAIL) if "sorteo" in m["Subject"]]
    assert len(notices) == 1
