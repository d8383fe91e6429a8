"""Issue 32 in Chromium: the RUC and the representative's cédula (public) hold no
seat and receive no code; the person of the Autorización de Retiro de Contraseña
waits for the employer's confirmation, and the employer's «No fui yo» cancels the
turn and blocks that person. axe and the phone-width check on every new page."""

import re

import pytest
from playwright.sync_api import expect

from clavepatronal.appointments.constants import TurnStatus
from clavepatronal.appointments.models import EmployerBlock, Slot, Turn

from .conftest import orm
from .test_turnos import (  # noqa: F401  (mail_folder is a fixture)
    AGENCY,
    CEDULA,
    EMAIL,
    agencies_shown,
    fits_a_phone,
    mail_folder,
    newest_mail,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMPLOYER_MAIL = "gerencia@empresa-real.ec"


def registration():
    """The employer (its representative's cédula is CEDULA, public) whose
    registration e-mail is EMPLOYER_MAIL, not the address the person verifies."""
    from tests.appointments.conftest import employer_of

    return orm(lambda: employer_of(CEDULA, email=EMPLOYER_MAIL))


def verified_as(page, mail_folder, *, kind: str, number: str) -> None:  # noqa: F811
    """Steps b–e with the person's own mailbox (EMAIL)."""
    page.goto("/turnos/identificacion/")
    page.get_by_label(kind, exact=True).check()
    page.get_by_label("Número de cédula de ciudadanía o del documento elegido").fill(
        number
    )
    page.get_by_role("button", name="Continuar").click()
    page.get_by_label("Correo electrónico").fill(EMAIL)
    page.get_by_label("Número de contacto celular").fill("0991234567")
    page.get_by_role("button", name="Siguiente").click()
    body = newest_mail(mail_folder).get_body(("plain",)).get_content()
    code = re.search(r"^\s+(\d{6})\s*$", body, re.M).group(1)
    page.get_by_label("Código de verificación").fill(code)
    page.get_by_role("button", name="Verificar").click()


def to_the_proof(page, assert_accessible, ruc: str) -> None:
    page.get_by_label("Provincia").select_option(label="Pichincha")
    page.get_by_label("Tipo de trámite").select_option(label="Clave patronal")
    agencies_shown(page)  # the list the choices brought (JavaScript), not an older one
    page.get_by_label(AGENCY).check()
    page.get_by_label("RUC del empleador").fill(ruc)
    page.get_by_role("button", name="Siguiente").click()
    expect(page.locator("h1")).to_have_text("Confirmación del empleador")
    expect(page.locator("main")).to_contain_text("g*******@empresa-real.ec")
    expect(page.locator("main")).not_to_contain_text(EMPLOYER_MAIL)
    fits_a_phone(page, assert_accessible)


def staff_signed_in(browser, live_server, username: str, password: str):
    """A browser context of its own, signed in to the back office with the
    password and the TOTP code; returns (context, page)."""
    from clavepatronal.backoffice.services.staff import device_code_now

    office = browser.new_context(base_url=live_server.url, locale="es-EC")
    desk = office.new_page()
    desk.goto("/backoffice/")
    desk.get_by_label("Usuario").fill(username)
    desk.get_by_label("Contraseña").fill(password)
    desk.get_by_role("button", name="Continuar").click()

    def code():
        from django_otp.plugins.otp_totp.models import TOTPDevice

        return device_code_now(TOTPDevice.objects.get(user__username=username))

    desk.get_by_label("Código de verificación").fill(orm(code))
    desk.get_by_role("button", name="Ingresar").click()
    return office, desk


def test_public_numbers_get_no_code_and_no_seat(
    page,
    assert_accessible,
    mail_folder,  # noqa: F811
):
    employer = registration()
    verified_as(page, mail_folder, kind="Cédula de identidad", number=CEDULA)
    to_the_proof(page, assert_accessible, employer.employer_identification)
    expect(
        page.get_by_role(
            "button", name="Continuar y pedir la confirmación del empleador"
        )
    ).to_have_count(0)
    page.get_by_role("button", name=re.compile("Enviar el código a")).click()
    expect(page.locator(".notices")).to_contain_text("correo del empleador")
    code_mail = newest_mail(mail_folder)
    assert code_mail["To"] == EMPLOYER_MAIL  # never to whoever typed the numbers
    page.get_by_label("Código de verificación").fill("123456")
    page.get_by_role("button", name="Verificar").click()
    expect(page.locator("main")).to_contain_text("El código no es correcto")
    fits_a_phone(page, assert_accessible)
    page.goto("/turnos/horario/")  # skipping the step goes back to it
    expect(page.locator("h1")).to_have_text("Confirmación del empleador")
    assert orm(lambda: Turn.objects.count()) == 0
    assert orm(lambda: sum(Slot.objects.values_list("booked", flat=True))) == 0


def test_the_authorized_person_waits_and_the_employer_says_no_fui_yo(
    page,
    browser,
    live_server,
    assert_accessible,
    mail_folder,  # noqa: F811
):
    employer = registration()
    verified_as(
        page,
        mail_folder,
        kind="Pasaporte",
        number=employer.authorized_identification,
    )
    to_the_proof(page, assert_accessible, employer.employer_identification)
    page.get_by_role(
        "button", name="Continuar y pedir la confirmación del empleador"
    ).click()
    expect(page.locator("h1")).to_have_text("Seleccione el día y la hora")
    page.locator(".day-list__link").nth(1).click()
    page.locator(".slot-list__button").first.click()
    page.get_by_role("dialog").get_by_role("button", name="Sí").click()
    expect(page.locator("main")).to_contain_text("por confirmar")
    fits_a_phone(page, assert_accessible)
    page.get_by_role("button", name="Confirmar").click()
    expect(page.locator("main")).to_contain_text("Por confirmar del empleador")
    expect(
        page.get_by_role("link", name="Descargar la confirmación (PDF)")
    ).to_have_count(0)
    fits_a_phone(page, assert_accessible)

    notice = newest_mail(mail_folder)
    assert notice["To"] == EMPLOYER_MAIL
    body = notice.get_body(("plain",)).get_content()
    link = re.search(r"https?://\S+/turnos/empleador/\S+/", body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]

    # The employer, in a browser of its own.
    employer_context = browser.new_context(
        base_url=live_server.url,
        locale="es-EC",
        viewport={"width": 390, "height": 844},
    )
    employer_page = employer_context.new_page()
    employer_page.goto(path)
    expect(employer_page.locator("h1")).to_have_text("Turno a nombre de su empresa")
    expect(employer_page.locator("main")).to_contain_text(
        employer.authorized_identification
    )
    fits_a_phone(employer_page, assert_accessible)
    employer_page.get_by_role("button", name="No fui yo").click()
    expect(employer_page.locator(".notices")).to_contain_text("quedó anulado")
    fits_a_phone(employer_page, assert_accessible)
    employer_context.close()

    turn = orm(lambda: Turn.objects.select_related("slot").get())
    assert turn.status == TurnStatus.CANCELADO and turn.slot.booked == 0
    assert orm(
        lambda: EmployerBlock.objects.filter(
            identification=employer.authorized_identification
        ).exists()
    )


def test_an_apoderado_files_the_power_the_delegado_stamps_it_and_he_books_alone(
    page,
    browser,
    live_server,
    assert_accessible,
    mail_folder,  # noqa: F811
    tmp_path,
):
    from clavepatronal.backoffice.constants import Role
    from clavepatronal.backoffice.services.staff import staff_create
    from clavepatronal.identity.models import Province
    from tests.appointments.conftest import cedula
    from tests.procedures.files import pdf

    apoderado = cedula(4242)
    employer = registration()
    orm(
        lambda: staff_create(
            username="delegado.pichincha",
            password="una-clave-del-delegado-larga",
            first_name="Ana",
            last_name="Delegada",
            email="delegado.pichincha@iess.gob.ec",
            role=Role.DELEGADO,
            province=Province.objects.get(code="17"),
        )
    )
    scan = tmp_path / "poder.pdf"
    scan.write_bytes(pdf())

    # The apoderado, not yet named: step f refuses him and shows the way.
    verified_as(page, mail_folder, kind="Cédula de identidad", number=apoderado)
    page.get_by_label("Provincia").select_option(label="Pichincha")
    page.get_by_label("Tipo de trámite").select_option(label="Clave patronal")
    agencies_shown(page)  # the list the choices brought (JavaScript), not an older one
    page.get_by_label(AGENCY).check()
    page.get_by_label("RUC del empleador").fill(employer.employer_identification)
    page.get_by_role("button", name="Siguiente").click()
    expect(page.get_by_role("alert")).to_contain_text("Registro de poder notarial")
    page.get_by_role("link", name="Registro de poder notarial").click()
    expect(page.locator("h1")).to_have_text("Registro de poder notarial")
    fits_a_phone(page, assert_accessible)
    page.get_by_label(re.compile("RUC del empleador")).fill(
        employer.employer_identification
    )
    page.get_by_label("Notaría").fill("Notaría Tercera de Quito")
    page.get_by_label("Número de escritura").fill("2026-17-01-03-P01234")
    page.get_by_label("Fecha de otorgamiento").fill("2026-11-20")
    page.get_by_label("Nombres del apoderado").fill("Luis Alberto Ortiz")
    page.get_by_label(re.compile("Provincia de la agencia")).select_option(
        label="Pichincha"
    )
    page.get_by_label("Escaneo o foto del poder notarial").set_input_files(scan)
    page.get_by_role("button", name="Registrar el poder").click()
    expect(page.locator(".notices")).to_contain_text("el poder quedó registrado")
    told = newest_mail(mail_folder)
    assert told["To"] == EMPLOYER_MAIL  # the employer hears of it

    # The delegado jurídico of Pichincha, in the back office: sees the scan, stamps.
    office, desk = staff_signed_in(
        browser, live_server, "delegado.pichincha", "una-clave-del-delegado-larga"
    )
    desk.goto("/backoffice/poderes/")
    desk.get_by_role("link", name=re.compile("2026-17-01-03-P01234")).first.click()
    expect(desk.get_by_role("link", name="Ver el escaneo del poder")).to_be_visible()
    assert_accessible(desk)
    desk.get_by_role("button", name="Validar y sellar").click()
    expect(desk.locator(".notices")).to_contain_text("Poder validado y sellado")
    office.close()

    # Back at step f: now named and backed by the stamp, straight to the hours.
    page.goto("/turnos/agencia/")
    page.get_by_label("Provincia").select_option(label="Pichincha")
    page.get_by_label("Tipo de trámite").select_option(label="Clave patronal")
    agencies_shown(page)  # the list the choices brought (JavaScript), not an older one
    page.get_by_label(AGENCY).check()
    page.get_by_label("RUC del empleador").fill(employer.employer_identification)
    page.get_by_role("button", name="Siguiente").click()
    expect(page.locator("h1")).to_have_text("Seleccione el día y la hora")
    page.locator(".day-list__link").nth(1).click()
    page.locator(".slot-list__button").first.click()
    page.get_by_role("dialog").get_by_role("button", name="Sí").click()
    page.get_by_role("button", name="Confirmar").click()
    expect(page.locator("h1")).to_have_text("Confirmación del Turno en Línea")
    turn = orm(lambda: Turn.objects.get(identification=apoderado))
    assert turn.status == TurnStatus.RESERVADO and turn.holder_role == "APODERADO"

    # The day comes (the turn is moved to tonight): the desk serves him on that power.
    def tonight():
        from tests.appointments.factories import SlotFactory
        from tests.backoffice.conftest import local_today

        slot = SlotFactory(agency=turn.slot.agency, starts_at=local_today(23, 40))
        Turn.objects.filter(pk=turn.pk).update(slot=slot)
        staff_create(
            username="servidor.quito",
            password="una-clave-del-servidor-larga",
            first_name="Pedro",
            last_name="Salazar",
            email="servidor.quito@iess.gob.ec",
            role=Role.SERVIDOR,
            agency=turn.slot.agency,
        )

    orm(tonight)
    office, desk = staff_signed_in(
        browser, live_server, "servidor.quito", "una-clave-del-servidor-larga"
    )
    desk.get_by_role("link", name="Turnos de hoy").first.click()
    desk.get_by_label("Código del turno").fill(turn.code)
    desk.get_by_role("button", name="Buscar turno").click()
    desk.get_by_label("Número del documento original que presenta").fill(apoderado)
    desk.get_by_role("button", name="Registrar llegada").click()
    expect(desk.locator(".notices")).to_contain_text("Llegada registrada")
    for box in desk.locator("input[name=checklist]").all():
        box.check()
    desk.get_by_label(re.compile("tienen la firma manuscrita")).check()
    desk.get_by_label("Apoderado", exact=True).check()
    desk.get_by_label("Nombres de quien retira").fill("Luis Alberto Ortiz")
    desk.get_by_label("Tipo de identificación", exact=True).select_option("CEDULA")
    desk.get_by_label("Número de identificación", exact=True).fill(apoderado)
    desk.get_by_label("Poder notarial sellado").select_option(index=1)
    desk.get_by_label(re.compile("Vi el documento de identificación")).check()
    assert_accessible(desk)
    with desk.expect_download() as info:
        desk.get_by_role("button", name="Emitir clave").click()
    assert info.value.suggested_filename.endswith(".pdf")
    office.close()
    served = orm(lambda: Turn.objects.get(pk=turn.pk).status)
    assert served == TurnStatus.ATENDIDO
