"""«Ejercer mis derechos» in a real browser: a person without a portal account
asks for the deletion of their data (proving the address with the e-mailed
code), the data-protection officer signs in to the back office and answers
within the 15-working-day clock, and the answer reaches the person's mailbox.
axe-core checks every page; the public pages fit a 390-pixel phone."""

import re

import pytest
from playwright.sync_api import expect

from clavepatronal.backoffice.constants import Role
from clavepatronal.backoffice.services.staff import device_code_now, staff_create
from clavepatronal.privacy.models import RequestStatus, RightsRequest
from tests.appointments.conftest import cedula

from .conftest import assert_no_horizontal_overflow, orm
from .test_portal import mail_file_read, mail_folder  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "una-clave-del-delegado-larga"
EMAIL = "maria.jose.perez.andrade@correo-de-prueba.ec"


def mails(folder):
    return [m for path in folder.glob("*.log") for m in mail_file_read(path)]


def body(message) -> str:
    return message.get_body(("plain",)).get_content()


def person_files_a_deletion(page, assert_accessible, folder) -> str:
    page.goto("/privacidad/derechos/")
    expect(page.locator("h1")).to_have_text(
        "Ejercer mis derechos sobre mis datos personales"
    )
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    page.get_by_label("Eliminación").check()
    page.get_by_label("Cédula de identidad").check()
    page.get_by_label("Número de identificación").fill(cedula(4242))
    page.get_by_label("Nombres y apellidos").fill("María José Pérez Andrade")
    page.get_by_label("Correo electrónico").fill(EMAIL)
    page.get_by_label("Describa su solicitud").fill(
        "Pido que eliminen los datos del turno que reservé y no usé."
    )
    page.get_by_role("button", name="Siguiente").click()
    expect(page.locator("h1")).to_have_text(
        "Ingrese el código enviado a su correo electrónico"
    )
    assert_accessible(page)
    (message,) = [m for m in mails(folder) if "Verificar" in m["Subject"]]
    assert message["To"] == EMAIL
    code = re.search(r"^\s+(\d{6})\s*$", body(message), re.M).group(1)
    page.get_by_label("Código de verificación").fill(code)
    page.get_by_role("button", name="Verificar y enviar la solicitud").click()
    expect(page.locator("h1")).to_have_text("Recibimos su solicitud")
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    number = page.locator("main strong").first.inner_text()
    assert re.fullmatch(r"DP-\d{4}-[A-Z0-9]{8}", number)
    (receipt,) = [m for m in mails(folder) if "Recibimos su solicitud" in m["Subject"]]
    assert number in receipt["Subject"] and receipt["To"] == EMAIL
    return number


def dpo_signs_in(page, assert_accessible) -> None:
    page.goto("/backoffice/")
    page.get_by_label("Usuario").fill("delegado.datos")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Continuar").click()

    def code():
        from django_otp.plugins.otp_totp.models import TOTPDevice

        return device_code_now(TOTPDevice.objects.get(user__username="delegado.datos"))

    page.get_by_label("Código de verificación").fill(orm(code))
    page.get_by_role("button", name="Ingresar").click()
    expect(page.locator("h1")).to_have_text("Back office de Clave Patronal")
    assert_accessible(page)


def test_a_person_asks_for_deletion_and_the_officer_answers_in_time(
    page,
    assert_accessible,
    mail_folder,  # noqa: F811
):
    orm(
        lambda: staff_create(
            username="delegado.datos",
            password=PASSWORD,
            first_name="Rocío",
            last_name="Benítez",
            email="delegado.datos@iess.gob.ec",
            role=Role.DPO,
        )
    )
    number = person_files_a_deletion(page, assert_accessible, mail_folder)

    dpo_signs_in(page, assert_accessible)
    page.get_by_role("link", name="Solicitudes de derechos").first.click()
    expect(page.locator("h1")).to_have_text(
        "Solicitudes de derechos sobre datos personales"
    )
    assert_accessible(page)
    page.get_by_role("link", name=number).click()
    expect(page.locator("h1")).to_have_text(f"Solicitud {number}")
    assert_accessible(page)
    page.get_by_role("button", name="Tomar la solicitud").click()
    expect(page.locator(".notices")).to_contain_text("en trámite a su nombre")
    # The suggested answer says what the law keeps and until when.
    answer = page.get_by_label("Respuesta para la persona")
    expect(answer).to_contain_text("Registro de auditoría")
    assert_accessible(page)
    page.get_by_role("button", name="Enviar la respuesta").click()
    expect(page.locator(".notices")).to_contain_text("Respuesta registrada")
    expect(page.locator(".lead")).to_contain_text("Respondida")
    assert_accessible(page)

    def outcome():
        filed = RightsRequest.objects.get(number=number)
        return filed.status, filed.answered_at.date() <= filed.due_on

    assert orm(outcome) == (RequestStatus.RESPONDIDA, True)
    (answer_mail,) = [
        m for m in mails(mail_folder) if "Respuesta a su solicitud" in m["Subject"]
    ]
    assert answer_mail["To"] == EMAIL
    assert number in answer_mail["Subject"]
    text = body(answer_mail)
    assert "Eliminamos los datos que ninguna obligación legal" in text
    assert "Registro de auditoría" in text


def test_the_dpo_records_a_breach_and_the_affected_employer_is_told(
    page,
    assert_accessible,
    mail_folder,  # noqa: F811
):
    from django.utils import timezone

    from tests.employers.factories import RegistrationFactory

    def world():
        staff_create(
            username="delegado.datos",
            password=PASSWORD,
            first_name="Rocío",
            last_name="Benítez",
            email="delegado.datos@iess.gob.ec",
            role=Role.DPO,
        )
        return RegistrationFactory(email=EMAIL).employer_identification

    ruc = orm(world)
    today = timezone.localdate().isoformat()
    dpo_signs_in(page, assert_accessible)
    page.get_by_role("link", name="Incidentes de seguridad").first.click()
    expect(page.locator("h1")).to_contain_text("Registro de incidentes")
    assert_accessible(page)
    page.get_by_label("Título").fill("Acceso indebido a registros")
    page.get_by_label("Descubierto el (fecha y hora)").fill(f"{today}T09:30")
    page.get_by_label("Qué pasó").fill("Una cuenta de servidor fue usada por otro.")
    page.get_by_label("Datos afectados").fill("Registro del empleador y su correo")
    page.get_by_label("Eventos desde").fill(f"{today}T00:00")
    page.get_by_label("Eventos hasta").fill(f"{today}T23:59")
    page.get_by_role("button", name="Registrar el incidente").click()
    expect(page.locator("h1")).to_have_text("Acceso indebido a registros")
    expect(page.locator("main")).to_contain_text("Pendiente, hasta el")
    expect(page.locator("main")).to_contain_text(ruc)
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    page.get_by_role("button", name="Registrar que se notificó a la Autoridad").click()
    expect(page.locator(".notices")).to_contain_text("notificación a la Autoridad")
    page.get_by_role("button", name="Enviar el aviso a los que faltan").click()
    expect(page.locator(".notices")).to_contain_text("Aviso enviado a 1 empleador")
    assert_accessible(page)
    (notice,) = [m for m in mails(mail_folder) if "seguridad" in m["Subject"]]
    assert notice["To"] == EMAIL
    assert "Una cuenta de servidor fue usada por otro." in body(notice)
