"""`firmar_demo`: signs with the demo CA where demo data is allowed, never elsewhere."""

import pytest
from django.core.management import CommandError, call_command

from clavepatronal.documents.signatures import signature_verify
from tests.employers.factories import CEDULA_REP, RUC_SOCIEDAD, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def solicitud(tmp_path):
    registration = RegistrationFactory()
    path = tmp_path / "solicitud.pdf"
    path.write_bytes(bytes(registration.solicitud.content))
    return registration.solicitud, path


def test_firmar_demo_signs_a_pdf_the_check_accepts(solicitud, capsys):
    document, path = solicitud
    call_command("firmar_demo", str(path), "--identificacion", CEDULA_REP)
    signed = path.with_name("solicitud-firmado.pdf")
    assert str(signed) in capsys.readouterr().out
    report = signature_verify(
        data=signed.read_bytes(),
        document=document,
        identification=CEDULA_REP,
        ruc=RUC_SOCIEDAD,
    )
    assert report.ok and report.content_match == "prefijo"


def test_firmar_demo_refuses_production_settings(solicitud, settings):
    settings.DEMO_DATA_ALLOWED = False
    _, path = solicitud
    with pytest.raises(CommandError, match="producción"):
        call_command("firmar_demo", str(path), "--identificacion", CEDULA_REP)
    assert not path.with_name("solicitud-firmado.pdf").exists()


def test_firmar_demo_refuses_a_wrong_identification(solicitud):
    _, path = solicitud
    with pytest.raises(CommandError, match="Identificación no válida"):
        call_command("firmar_demo", str(path), "--identificacion", "1234567890")
