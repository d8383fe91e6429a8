"""Ventanilla virtual in a real browser: register → download → firmar_demo → submit →
confirmation → status page, with axe-core on every page."""

import os
import re
from io import BytesIO
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image
from playwright.sync_api import expect

from clavepatronal.procedures.models import Tramite

from .conftest import (
    LONG_BUSINESS_NAME,
    LONG_EMAIL,
    LONG_NAME,
    assert_fits_phones,
    employer_data_fill,
    orm,
)
from .test_registro import code_from_mail_folder, mail_folder  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
CEDULA_REP = "0926687856"
RUC = "1790011674001"


def photo(size=(800, 600)) -> bytes:
    image = Image.new("RGB", size, (200, 180, 160))
    output = BytesIO()
    image.save(output, format="JPEG", quality=85)
    return output.getvalue()


def heavy_photo() -> bytes:
    """A phone-sized photo well over 1 MB (noise does not compress)."""
    image = Image.frombytes("RGB", (1600, 1200), os.urandom(1600 * 1200 * 3))
    output = BytesIO()
    image.save(output, format="JPEG", quality=95)
    assert len(output.getvalue()) > 2 * 1024 * 1024
    return output.getvalue()


def register(page, assert_accessible, mail_folder) -> None:  # noqa: F811
    page.goto("/registro/nuevo/sector/")
    page.get_by_role("radio", name=re.compile("^Privado")).check()
    page.get_by_role("button", name="Continuar").click()
    employer_data_fill(page, ruc=RUC, name=LONG_BUSINESS_NAME, email=LONG_EMAIL)
    page.get_by_role("button", name="Continuar").click()
    page.get_by_label("Cédula de identidad", exact=True).check()
    page.get_by_label("Número de identificación").fill(CEDULA_REP)
    page.get_by_label("Nombres y apellidos completos del representante legal").fill(
        LONG_NAME
    )
    page.get_by_label("Nacionalidad").fill("Ecuatoriana")
    page.get_by_label("Correo electrónico del representante legal").fill(LONG_EMAIL)
    page.get_by_label("Celular del representante legal").fill("0991234567")
    page.get_by_role("button", name="Continuar").click()
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Continuar").click()
    page.get_by_role("button", name="Enviar código y continuar").click()
    page.get_by_label("Código de verificación").fill(code_from_mail_folder(mail_folder))
    page.get_by_role("button", name="Verificar y completar el registro").click()
    expect(page.locator("h1")).to_have_text("Registro completado")
    assert_accessible(page)
    assert_fits_phones(page)


def download(page, link: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("link", name=link).click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


def test_virtual_route_from_registration_to_status(
    page,
    assert_accessible,
    mail_folder,  # noqa: F811
    tmp_path,
):
    register(page, assert_accessible, mail_folder)
    solicitud = download(
        page, "Descargar la Solicitud de entrega de clave patronal (PDF)", tmp_path
    )
    acuerdo = download(
        page,
        "Descargar el Acuerdo de Responsabilidad y Uso de la Información (PDF)",
        tmp_path,
    )
    for path in (solicitud, acuerdo):
        # In a thread of its own: pyHanko runs its own event loop, Playwright's is busy.
        orm(
            lambda p=path: call_command(
                "firmar_demo", str(p), "--identificacion", CEDULA_REP
            )
        )

    page.goto("/")
    page.get_by_role("link", name=re.compile("Ventanilla virtual")).first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Iniciar el trámite").click()

    expect(page.locator("h1")).to_have_text("Sus datos y su pedido")
    assert_accessible(page)
    page.get_by_label("Número de identificación").fill(CEDULA_REP)
    page.get_by_label("Nombres y apellidos").fill(LONG_NAME)
    page.get_by_label("Correo electrónico").fill(LONG_EMAIL)
    page.get_by_label("Celular").fill("0991234567")
    page.get_by_label("RUC del empleador").fill("1790011674")  # one digit short
    page.get_by_label("Provincia").select_option(label="Pichincha")
    page.get_by_label("Detalle su pedido").fill("Solicito la clave patronal.")
    page.get_by_role("button", name="Continuar").click()
    expect(page.get_by_role("alert")).to_be_focused()
    assert_accessible(page)
    page.get_by_label("RUC del empleador").fill(RUC)
    page.get_by_role("button", name="Continuar").click()

    expect(page.locator("h1")).to_have_text("Anexe los requisitos")
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text(LONG_NAME)
    assert_fits_phones(page)
    expect(page.locator("input[type=file]")).to_have_count(4)  # only what applies

    # A photo over 1 MB is stopped in the browser and can be shrunk there.
    cedula = page.get_by_label("Cédula de identidad del representante legal")
    cedula.set_input_files(
        {"name": "cedula.jpg", "mimeType": "image/jpeg", "buffer": heavy_photo()}
    )
    expect(page.locator("#id_cedula-representante_estado")).to_contain_text(
        "el máximo es"
    )
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Reducir la foto")).click()
    expect(page.locator("#id_cedula-representante_estado")).to_contain_text(
        re.compile(r"cedula\.jpg — \d+ KB")
    )

    # A JPG where the signed Solicitud goes: refused by the server, with its message.
    page.get_by_label("Registro Único de Contribuyentes (RUC)").set_input_files(
        {"name": "ruc.jpg", "mimeType": "image/jpeg", "buffer": photo()}
    )
    page.get_by_label("Solicitud de entrega de clave").set_input_files(
        {"name": "solicitud.jpg", "mimeType": "image/jpeg", "buffer": photo()}
    )
    page.get_by_label(
        "Acuerdo de Responsabilidad y Uso de la Información"
    ).set_input_files(str(acuerdo.with_name(f"{acuerdo.stem}-firmado.pdf")))
    page.get_by_role("button", name="Enviar trámite").click()
    expect(page.get_by_role("alert")).to_contain_text("debe ser el PDF firmado")
    assert_accessible(page)
    assert orm(lambda: Tramite.objects.count()) == 0

    page.get_by_label("Registro Único de Contribuyentes (RUC)").set_input_files(
        {"name": "ruc.jpg", "mimeType": "image/jpeg", "buffer": photo()}
    )
    page.get_by_label("Solicitud de entrega de clave").set_input_files(
        str(solicitud.with_name(f"{solicitud.stem}-firmado.pdf"))
    )
    page.get_by_label("Cédula de identidad del representante legal").set_input_files(
        {"name": "cedula.jpg", "mimeType": "image/jpeg", "buffer": photo()}
    )
    page.get_by_label(
        "Acuerdo de Responsabilidad y Uso de la Información"
    ).set_input_files(str(acuerdo.with_name(f"{acuerdo.stem}-firmado.pdf")))
    page.get_by_role("button", name="Enviar trámite").click()

    expect(page.locator("h1")).to_have_text("Trámite recibido")
    assert_accessible(page)
    tramite = orm(lambda: Tramite.objects.get())
    expect(page.locator(".panel")).to_contain_text(tramite.number)
    expect(page.locator("main")).to_contain_text("Firma electrónica verificada")
    assert_fits_phones(page)
    receipt = [p.read_text() for p in mail_folder.glob("*.log")]
    assert any(tramite.number in text for text in receipt)

    page.get_by_role("link", name="Consultar el estado del trámite").click()
    expect(page.locator("h1")).to_have_text("Estado del trámite")
    assert_accessible(page)
    page.get_by_label("Número de trámite").fill(tramite.number)
    page.get_by_label("Identificación de quien presentó el trámite").fill(CEDULA_REP)
    page.get_by_role("button", name="Consultar").click()
    expect(page.locator("main")).to_contain_text("Recibido")
    assert_fits_phones(page)
    expect(page.locator("main")).to_contain_text(tramite.number)
    assert_accessible(page)
