"""Back office in a real browser: an officer signs in with password and TOTP,
reviews and approves a virtual trámite (the employer's activation e-mail arrives),
and serves an in-person turn whose key an authorized third party collects.
axe-core checks every page on the way."""

import io
import re

import pypdf
import pytest
from playwright.sync_api import expect

from clavepatronal.backoffice.constants import Role
from clavepatronal.backoffice.services.staff import device_code_now, staff_create
from clavepatronal.procedures.models import Tramite
from tests.appointments.factories import TurnFactory
from tests.backoffice.conftest import local_today
from tests.employers.factories import RegistrationFactory
from tests.procedures.factories import TramiteFactory

from .conftest import LONG_BUSINESS_NAME, LONG_EMAIL, LONG_NAME, orm
from .test_portal import mail_file_read, mail_folder  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "una-clave-del-servidor-larga"


def setup_world():
    """A registered employer (its Solicitud authorizes a third party) and an
    officer of the Quito agency; the employer's names and addresses are the longest
    realistic ones (issue 17)."""
    from clavepatronal.appointments.models import Agency

    registration = RegistrationFactory(
        business_name=LONG_BUSINESS_NAME,
        email=LONG_EMAIL,
        rep_names=LONG_NAME,
        rep_email=LONG_EMAIL,
        authorized_names=LONG_NAME,
    )
    staff_create(
        username="servidor.quito",
        password=PASSWORD,
        first_name="Pedro",
        last_name="Salazar",
        email="servidor.quito@iess.gob.ec",
        role=Role.SERVIDOR,
        agency=Agency.objects.get(name="Centro de Atención Universal Quito"),
    )
    return registration


def sign_in(page, assert_accessible) -> None:
    page.goto("/backoffice/")
    expect(page.locator("h1")).to_have_text("Ingreso del personal del IESS")
    assert_accessible(page)
    page.get_by_label("Usuario").fill("servidor.quito")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Continuar").click()
    expect(page.locator("h1")).to_have_text("Código de verificación")
    assert_accessible(page)

    def code():
        from django_otp.plugins.otp_totp.models import TOTPDevice

        return device_code_now(TOTPDevice.objects.get(user__username="servidor.quito"))

    page.get_by_label("Código de verificación").fill(orm(code))
    page.get_by_role("button", name="Ingresar").click()
    expect(page.locator("h1")).to_have_text("Back office de Clave Patronal")
    assert_accessible(page)


def test_an_officer_reviews_and_approves_and_the_activation_mail_arrives(
    page,
    assert_accessible,
    mail_folder,  # noqa: F811
):
    def world():
        registration = setup_world()
        return TramiteFactory(
            registration=registration, applicant_email=LONG_EMAIL
        ).number

    number = orm(world)
    sign_in(page, assert_accessible)
    page.get_by_role("link", name="Trámites virtuales").click()
    expect(page.locator("h1")).to_have_text("Trámites de la ventanilla virtual")
    assert_accessible(page)
    page.get_by_role("link", name=number).click()
    expect(page.locator("h1")).to_have_text(f"Trámite {number}")
    expect(page.locator("main")).to_contain_text("Falta:")
    assert_accessible(page)
    page.get_by_role("button", name="Tomar").click()
    expect(page.locator(".notices")).to_contain_text("Tomó el trámite")
    assert_accessible(page)  # now with the Observar, Rechazar and Aprobar forms
    # Rejecting without a reason: the error, on the same page.
    page.get_by_role("button", name="Rechazar").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Aprobar").click()
    expect(page.locator(".notices")).to_contain_text("Trámite aprobado")
    expect(page.locator(".lead")).to_contain_text("Clave emitida")
    assert_accessible(page)

    # Two messages: the activation link to the employer's verified address, and
    # the notice to the applicant.
    mails = [m for path in mail_folder.glob("*.log") for m in mail_file_read(path)]
    (notice,) = [m for m in mails if "fue aprobado" in m["Subject"]]
    assert number in notice["Subject"]
    assert notice["To"] == LONG_EMAIL
    (activation,) = [m for m in mails if "Active su clave patronal" in m["Subject"]]
    assert activation["To"] == LONG_EMAIL
    body = activation.get_body(("plain",)).get_content()
    assert re.search(r"/empleador/activar/[\w-]+/", body)
    assert orm(lambda: Tramite.objects.get(number=number).status) == "CLAVE_EMITIDA"


def test_the_desk_serves_a_turn_whose_key_a_third_party_collects(
    page, assert_accessible, tmp_path
):
    def world():
        registration = setup_world()
        from clavepatronal.appointments.models import Agency

        turn = TurnFactory(
            agency=Agency.objects.get(name="Centro de Atención Universal Quito"),
            starts_at=local_today(23, 40),
            held_by=registration,
        )
        return registration, turn.code_display

    registration, code = orm(world)
    sign_in(page, assert_accessible)
    page.get_by_role("link", name="Turnos de hoy").first.click()
    expect(page.locator("h1")).to_have_text("Turnos de hoy")
    assert_accessible(page)
    page.get_by_label("Código del turno").fill(code.lower())
    page.get_by_role("button", name="Buscar turno").click()
    expect(page.locator("h1")).to_have_text(f"Turno {code}")
    assert_accessible(page)
    # The person presenting the turn is its holder (the legal representative);
    # someone else would be refused with both documents side by side.
    page.get_by_label("Número del documento original que presenta").fill(
        registration.rep_identification
    )
    page.get_by_role("button", name="Registrar llegada").click()
    expect(page.locator(".notices")).to_contain_text("Llegada registrada")
    assert_accessible(page)
    # The turn brought its employer: no lookup by RUC.
    expect(page.locator("main")).to_contain_text(registration.business_name)
    assert_accessible(page)

    page.get_by_label(re.compile("Confirmación del Turno en Línea")).check()
    page.get_by_label("Registro Único de Contribuyentes (RUC)").check()
    page.get_by_label(re.compile("Solicitud de entrega de clave, firmada")).check()
    page.get_by_label(re.compile("Cédula original vigente")).check()
    page.get_by_label(
        re.compile("Acuerdo de Responsabilidad y Uso de la Información, firmado")
    ).check()
    page.get_by_label(re.compile("tienen la firma manuscrita")).check()
    page.get_by_label("Tercero autorizado").check()
    page.get_by_label("Nombres de quien retira").fill(LONG_NAME)
    page.get_by_label("Tipo de identificación", exact=True).select_option("PASAPORTE")
    number = page.get_by_label("Número de identificación", exact=True)
    number.fill("AB999999")  # not hers
    page.get_by_label(re.compile("Vi el documento de identificación")).check()
    page.get_by_role("button", name="Emitir clave").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "no consta en la Autorización de Retiro de Contraseña"
    )
    expect(page.locator(".compare")).to_contain_text("AB123456")
    expect(page.locator(".compare")).to_contain_text("AB999999")
    assert_accessible(page)

    # The form keeps what was typed; only the number changes.
    number.fill("AB123456")
    with page.expect_download() as info:
        page.get_by_role("button", name="Emitir clave").click()
    acta = tmp_path / info.value.suggested_filename
    info.value.save_as(acta)
    text = " ".join(
        " ".join((p.extract_text() or "").split())
        for p in pypdf.PdfReader(io.BytesIO(acta.read_bytes())).pages
    )
    assert "Acta de entrega de clave patronal" in text
    assert LONG_NAME in text and "Tercero autorizado" in text

    page.reload()
    expect(page.locator("main")).to_contain_text("Clave entregada")
    assert_accessible(page)
