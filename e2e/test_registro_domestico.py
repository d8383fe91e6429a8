"""The domestic employer in a real browser: she is her own legal representative,
so the representative page shows what she already gave and asks only the rest."""

import re

import pytest
from playwright.sync_api import expect

from clavepatronal.employers.models import Registration

from .conftest import LONG_EMAIL, LONG_NAME, assert_fits_phones, orm
from .test_registro import code_from_mail_folder, mail_folder  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_domestic_employer_is_not_asked_twice(
    page,
    assert_accessible,
    mail_folder,  # noqa: F811
):
    page.goto("/registro/nuevo/sector/")
    page.get_by_role("radio", name=re.compile("^Doméstico")).check()
    page.get_by_role("button", name="Continuar").click()
    expect(page.locator("h1")).to_have_text("Datos del empleador")
    page.get_by_label("Número de cédula del empleador").fill("1710034065")
    page.get_by_label("Nombres y apellidos completos").fill(LONG_NAME)
    page.get_by_label("Provincia").select_option(label="Pichincha")
    page.get_by_label("Cantón").fill("Quito")
    page.get_by_label("Dirección").fill("Av. Amazonas N34-12 y Atahualpa")
    page.get_by_label("Teléfono").fill("0991234567")
    page.get_by_label("Correo electrónico del empleador").fill(LONG_EMAIL)
    page.get_by_role("button", name="Continuar").click()

    expect(page.locator("h1")).to_have_text("Representante legal")
    main = page.locator("main")
    expect(main).to_contain_text("usted es su propio representante legal")
    expect(main).to_contain_text(LONG_NAME)
    expect(main).to_contain_text(LONG_EMAIL)
    for label in ("Número de identificación", "Correo electrónico del representante"):
        expect(page.get_by_label(label)).to_have_count(0)
    expect(page.get_by_label("Celular del representante legal")).to_have_value(
        "0991234567"
    )
    assert_accessible(page)
    assert_fits_phones(page)
    page.get_by_role("button", name="Continuar").click()

    expect(page.locator("h1")).to_have_text("Autorización de Retiro de Contraseña")
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Continuar").click()
    expect(page.locator("h1")).to_have_text("Revise sus datos")
    page.get_by_role("button", name="Enviar código y continuar").click()
    page.get_by_label("Código de verificación").fill(code_from_mail_folder(mail_folder))
    page.get_by_role("button", name="Verificar y completar el registro").click()
    expect(page.locator("h1")).to_have_text("Registro completado")
    registration = orm(lambda: Registration.objects.get())
    assert registration.rep_identification == "1710034065"
    assert registration.rep_names == LONG_NAME
    assert registration.rep_email == LONG_EMAIL
