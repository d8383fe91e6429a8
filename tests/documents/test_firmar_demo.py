"""`firmar_demo`: signs with a demo CA shaped as each entity's where demo data is
allowed (never elsewhere), and with a person's own .p12 anywhere, choosing the one
certificate in it that may sign now."""

import datetime

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from django.core.management import CommandError, call_command

from clavepatronal.documents.pki import Issued, Layout, ca_create, signer_create
from clavepatronal.documents.signatures import signature_verify
from clavepatronal.documents.signatures.entities import entities, entity_name
from tests.employers.factories import CEDULA_REP, RUC_SOCIEDAD, RegistrationFactory
from tests.pki import trust

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


@pytest.mark.parametrize("entity", sorted(entities()))
def test_firmar_demo_signs_as_each_entity_issues(solicitud, entity):
    document, path = solicitud
    call_command(
        "firmar_demo", str(path), "--identificacion", CEDULA_REP, "--entidad", entity
    )
    report = signature_verify(
        data=path.with_name("solicitud-firmado.pdf").read_bytes(),
        document=document,
        identification=CEDULA_REP,
        ruc=RUC_SOCIEDAD,
    )
    assert report.ok, report.message
    assert report.entity == f"{entity_name(entity)} (demostración)"
    assert report.signer_identification == CEDULA_REP


def test_firmar_demo_signs_as_the_companys_legal_representative(solicitud):
    document, path = solicitud
    call_command(
        "firmar_demo",
        str(path),
        "--identificacion",
        CEDULA_REP,
        "--entidad",
        "securitydata",
        "--tipo-certificado",
        "representative",
        "--ruc",
        RUC_SOCIEDAD,
    )
    report = signature_verify(
        data=path.with_name("solicitud-firmado.pdf").read_bytes(),
        document=document,
        identification=CEDULA_REP,
        ruc=RUC_SOCIEDAD,
    )
    assert report.ok, report.message
    assert report.company_ruc == RUC_SOCIEDAD
    assert report.certificate_kind == "Representante legal"


def test_firmar_demo_asks_a_company_certificate_for_its_ruc(solicitud):
    _, path = solicitud
    with pytest.raises(CommandError, match="--ruc"):
        call_command(
            "firmar_demo",
            str(path),
            "--identificacion",
            CEDULA_REP,
            "--tipo-certificado",
            "member",
        )


def _same_key(ca: Issued, signer: Issued, *, days: tuple[int, int], usage):
    """Another certificate for the signer's key: renewed before, or for
    encipherment."""
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(signer.cert.subject)
        .issuer_name(ca.cert.subject)
        .public_key(signer.key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + datetime.timedelta(days=days[0]))
        .not_valid_after(now + datetime.timedelta(days=days[1]))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), True)
        .add_extension(usage, critical=True)
        .sign(ca.key, hashes.SHA256())
    )


def _usage(*, sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=sign,
        content_commitment=sign,
        key_encipherment=not sign,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


@pytest.fixture
def p12(settings, tmp_path):
    """A person's .p12 as entities hand it out after a renewal: the expired
    certificate first, an encipherment one, the current one and the entity's CA, all
    for one key; the CA trusted as Security Data's."""
    ca = ca_create(common_name="Autoridad de Pruebas P12")
    trust(settings, tmp_path / "raices", ca, entity="securitydata")
    current = signer_create(
        ca=ca,
        holder_name="JUAN PEREZ",
        identification=CEDULA_REP,
        layout=Layout(entity="securitydata"),
    )
    expired = _same_key(ca, current, days=(-800, -400), usage=_usage(sign=True))
    encipher = _same_key(ca, current, days=(-1, 300), usage=_usage(sign=False))
    path = tmp_path / "juan.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"juan",
            current.key,
            expired,
            [encipher, current.cert, ca.cert],
            serialization.BestAvailableEncryption(b"clave-p12"),
        )
    )
    return path, current.cert, expired, encipher


def test_firmar_demo_signs_with_the_current_signing_certificate_of_a_p12(
    solicitud, p12, capsys
):
    document, path = solicitud
    p12_path, current, expired, encipher = p12
    call_command(
        "firmar_demo", str(path), "--p12", str(p12_path), "--clave", "clave-p12"
    )
    out = capsys.readouterr().out
    serial = format(current.serial_number, "X")
    assert f"serie {serial}" in out.splitlines()[-1]
    for other, why in ((expired, "venció"), (encipher, "no es para firmar")):
        line = next(
            line
            for line in out.splitlines()
            if format(other.serial_number, "X") in line
        )
        assert line.startswith("No se usó") and why in line
    assert "Va como cadena (no firma): CN=Autoridad de Pruebas P12" in out
    report = signature_verify(
        data=path.with_name("solicitud-firmado.pdf").read_bytes(),
        document=document,
        identification=CEDULA_REP,
        ruc=RUC_SOCIEDAD,
    )
    assert report.ok, report.message
    assert report.certificate_serial == serial
    assert report.entity == "Security Data"


def test_firmar_demo_signs_with_a_p12_outside_demo_installations(
    solicitud, p12, settings, monkeypatch
):
    settings.DEMO_DATA_ALLOWED = False
    _, path = solicitud
    monkeypatch.setenv("FIRMA_P12_CLAVE", "clave-p12")
    call_command("firmar_demo", str(path), "--p12", str(p12[0]))
    assert path.with_name("solicitud-firmado.pdf").is_file()


def test_firmar_demo_refuses_a_p12_with_no_current_signing_certificate(
    solicitud, tmp_path
):
    _, path = solicitud
    ca = ca_create()
    signer = signer_create(ca=ca, holder_name="ANA", identification=CEDULA_REP)
    old = _same_key(ca, signer, days=(-800, -400), usage=_usage(sign=True))
    p12_path = tmp_path / "vieja.p12"
    p12_path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"ana", signer.key, old, [ca.cert], serialization.NoEncryption()
        )
    )
    with pytest.raises(CommandError, match="no tiene un certificado vigente") as raised:
        call_command("firmar_demo", str(path), "--p12", str(p12_path))
    assert "venció" in str(raised.value)
    assert not path.with_name("solicitud-firmado.pdf").exists()


def test_firmar_demo_refuses_a_wrong_p12_password(solicitud, p12):
    _, path = solicitud
    with pytest.raises(CommandError, match="la clave no es correcta"):
        call_command("firmar_demo", str(path), "--p12", str(p12[0]), "--clave", "x")
