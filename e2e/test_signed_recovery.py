"""«Recuperar con firma electrónica» in a real browser (issue 31, item 4): an employer
whose contact mailbox is gone recovers the clave with a Solicitud de restablecimiento
signed by the legal representative and logs in with the new clave, while the old
address is told; a request signed by someone else ends in the officers' queue, not in
an activation. axe-core checks every page on the way."""

import email
import email.policy
import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from clavepatronal.documents.constants import SIGNATURE_FIELD_NAME
from clavepatronal.documents.pki import demo_ca_load_or_create, pdf_sign, signer_create
from clavepatronal.employers.constants import ActivationPurpose, SriStatus
from clavepatronal.employers.models import Activation, Registration
from clavepatronal.employers.services import (
    clave_issue_by_link,
    clave_set_by_activation,
)
from clavepatronal.procedures.models import Tramite
from tests.employers.factories import (
    CEDULA,
    CEDULA_REP,
    RUC_SOCIEDAD,
    RegistrationFactory,
)

from .conftest import orm

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OLD_CLAVE = "Cielo-Azul-Quito-2031"
NEW_CLAVE = "Laguna-Quilotoa-9981"
OLD_EMAIL = "empleador@ejemplo.ec"
NEW_EMAIL = "gerencia.nueva@andina.ec"


@pytest.fixture
def mail_folder(settings) -> Path:
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    return Path(settings.EMAIL_FILE_PATH)


def mails_to(folder: Path, address: str) -> list[email.message.EmailMessage]:
    """Every message the file-based backend wrote to `address`, oldest first."""
    separator = b"\n" + b"-" * 79 + b"\n"
    messages = []
    for path in sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime_ns):
        for raw in path.read_bytes().split(separator):
            if raw.strip():
                message = email.message_from_bytes(raw, policy=email.policy.default)
                if message["To"] == address:
                    messages.append(message)
    return messages


def body(message) -> str:
    return message.get_body(("plain",)).get_content()


def employer_with_clave() -> Registration:
    """An employer whose clave is set, its representative confirmed by the SRI."""
    registration = RegistrationFactory(email=OLD_EMAIL)
    Registration.objects.filter(pk=registration.pk).update(
        sri_status=SriStatus.VERIFICADO
    )
    activation = clave_issue_by_link(
        registration=registration, actor_label="pruebas"
    ).activation
    clave_set_by_activation(activation_id=activation.pk, password=OLD_CLAVE)
    return registration


def signed_copy(path: Path, identification: str, name: str) -> Path:
    """The downloaded PDF signed by incremental update, as FirmaEC does, with a
    certificate of the demo authority (trusted outside production)."""
    ca = demo_ca_load_or_create(Path(settings.DEMO_CA_DIR))
    signer = signer_create(ca=ca, holder_name=name, identification=identification)
    signed = path.with_name(f"{path.stem}-firmado.pdf")
    signed.write_bytes(
        pdf_sign(
            path.read_bytes(), signer=signer, ca=ca, field_name=SIGNATURE_FIELD_NAME
        )
    )
    return signed


def request_and_upload(page, assert_accessible, tmp_path, *, signer: tuple) -> None:
    """From the login page to «Recibimos su solicitud», signing with `signer`
    (identification, name)."""
    page.goto("/empleador/ingresar/")
    page.get_by_role("link", name="Recuperar con firma electrónica").click()
    expect(page.locator("h1")).to_have_text("Recuperar con firma electrónica")
    expect(page.locator("main")).to_contain_text(
        "Necesita la firma electrónica del representante legal"
    )
    assert_accessible(page)
    page.get_by_label("RUC o cédula del empleador").fill(RUC_SOCIEDAD)
    page.get_by_label("Correo electrónico nuevo", exact=True).fill(NEW_EMAIL)
    page.get_by_label("Repita el correo electrónico nuevo").fill(NEW_EMAIL)
    page.get_by_label("Celular").fill("0991234567")
    page.get_by_role("button", name="Generar la solicitud").click()

    expect(page.locator("h1")).to_have_text("Cargue la solicitud firmada")
    expect(page.locator("main")).to_contain_text(NEW_EMAIL)
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Descargar la solicitud (PDF)").click()
    downloaded = tmp_path / info.value.suggested_filename
    info.value.save_as(downloaded)
    # In a thread of its own: pyHanko runs its own event loop, Playwright's is busy.
    signed = orm(lambda: signed_copy(downloaded, *signer))
    page.get_by_label("Solicitud firmada electrónicamente (PDF)").set_input_files(
        str(signed)
    )
    page.get_by_role("button", name="Enviar la solicitud firmada").click()

    expect(page.locator("h1")).to_have_text("Recibimos su solicitud")
    expect(page.locator("main")).to_contain_text(
        f"Si la firma corresponde al representante legal registrado, recibirá un "
        f"enlace en {NEW_EMAIL}"
    )
    assert_accessible(page)


def test_the_representative_recovers_the_clave_at_a_new_address(
    page, assert_accessible, mail_folder, tmp_path
):
    orm(employer_with_clave)
    request_and_upload(
        page,
        assert_accessible,
        tmp_path,
        signer=(CEDULA_REP, "JUAN CARLOS PEREZ ANDRADE"),
    )

    notice = mails_to(mail_folder, OLD_EMAIL)[-1]
    assert "Solicitud para restablecer su clave patronal" in notice["Subject"]
    assert NEW_EMAIL not in body(notice)
    link = mails_to(mail_folder, NEW_EMAIL)[-1]
    path = re.search(r"https?://[^/\s]+(/empleador/restablecer/[\w-]+/)", body(link))
    page.goto(path.group(1))
    expect(page.locator("h1")).to_have_text("Restablezca su clave patronal")
    assert_accessible(page)
    page.get_by_label("Nueva clave patronal").fill(NEW_CLAVE)
    page.get_by_label("Repita la nueva clave").fill(NEW_CLAVE)
    page.get_by_role("button", name="Guardar mi clave").click()

    expect(page.locator("h1")).to_have_text("Ingreso al portal del empleador")
    page.get_by_label("RUC o cédula del empleador").fill(RUC_SOCIEDAD)
    page.get_by_label("Clave", exact=True).fill(NEW_CLAVE)
    page.get_by_role("button", name="Ingresar").click()
    expect(page.get_by_role("heading", name="Mi cuenta")).to_be_visible()
    assert any(
        "cambió" in message["Subject"] for message in mails_to(mail_folder, OLD_EMAIL)
    )


def test_a_request_signed_by_someone_else_ends_in_the_officers_queue(
    page, assert_accessible, mail_folder, tmp_path
):
    registration = orm(employer_with_clave)
    request_and_upload(
        page, assert_accessible, tmp_path, signer=(CEDULA, "ANA LUCIA MORA")
    )

    tramite = orm(
        lambda: Tramite.objects.select_related("procedure_type", "clave_reset").get()
    )
    assert tramite.procedure_type.name == (
        "Restablecimiento de clave con firma electrónica"
    )
    assert tramite.registration_id == registration.pk
    assert tramite.clave_reset.email == NEW_EMAIL
    report = orm(lambda: tramite.attachments.get().signature_report)
    assert report["ok"] is False and report["signer_identification"] == CEDULA
    assert not orm(
        lambda: Activation.objects.filter(
            purpose=ActivationPurpose.RECUPERACION_FIRMA
        ).exists()
    )
    assert not any(
        "/empleador/restablecer/" in body(message)
        for message in mails_to(mail_folder, NEW_EMAIL)
    )
    # The old clave still opens the portal.
    page.goto("/empleador/ingresar/")
    page.get_by_label("RUC o cédula del empleador").fill(RUC_SOCIEDAD)
    page.get_by_label("Clave", exact=True).fill(OLD_CLAVE)
    page.get_by_role("button", name="Ingresar").click()
    expect(page.get_by_role("heading", name="Mi cuenta")).to_be_visible()
