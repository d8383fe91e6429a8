"""The trust store as operators watch it: `confianza_firmas` lists every certificate
and fails on one in use that expires soon, documents.W001 warns about the same
ones, and an expired intermediate (only for old timestamped signatures) is listed
without failing anything."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from clavepatronal.documents.checks import trust_store_expiry
from clavepatronal.documents.pki import ca_create, cert_pem
from clavepatronal.documents.selectors import TrustStatus, trust_table
from clavepatronal.documents.signatures.entities import entity_name
from clavepatronal.documents.truststore import shipped_certificates
from tests.pki import trust

NOW = datetime.datetime.now(datetime.UTC)
CA_DAYS = 3650  # ca_create's validity


def shipped_entities() -> set[str]:
    return {certificate.entity for certificate in shipped_certificates()}


def expiring_ca(days: int, **names):
    """A CA made by ca_create that expires `days` from now."""
    return ca_create(now=NOW - datetime.timedelta(days=CA_DAYS - days), **names)


def run(*args) -> str:
    out = StringIO()
    call_command("confianza_firmas", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def production(settings):
    """What a fresh production start trusts: the shipped store alone."""
    settings.DEMO_DATA_ALLOWED = False
    settings.SIGNATURE_TRUST_ROOTS_DIR = ""
    settings.SIGNATURE_TRUST_SHIPPED = True
    return settings


def test_the_shipped_store_holds_sixteen_entities():
    assert len(shipped_entities()) == 16


def test_the_command_lists_every_shipped_entity_and_passes_today(production):
    out = run()
    for entity in shipped_entities():
        assert entity_name(entity) in out
    count = len(shipped_certificates())
    assert f"{count} certificados de 16 entidades; 0 en uso vencen en ≤90 días" in out
    assert "demostración" not in out


def test_the_command_shows_days_left_and_each_fingerprint(production):
    before = trust_table(now=datetime.datetime.now(datetime.UTC))
    out = run("--huella-completa")
    after = trust_table(now=datetime.datetime.now(datetime.UTC))
    for row in after.rows:
        assert row.fingerprint in out
        assert row.file in out
    # A certificate's days left may tick over while the command runs.
    for row, later in zip(before.rows, after.rows, strict=True):
        if row.status == TrustStatus.VIGENTE:
            line = next(line for line in out.splitlines() if row.fingerprint in line)
            assert row.valid_until.isoformat() in line
            assert f" {row.days_left} " in line or f" {later.days_left} " in line


def test_an_expired_intermediate_is_listed_as_expired_and_does_not_fail(production):
    """Banco Central's 2011 intermediate expired in 2021: it only serves signatures
    timestamped before then."""
    table = trust_table(now=NOW)
    expired = [r for r in table.rows if r.status == TrustStatus.VENCIDA]
    assert expired and all(r.role == "intermediate" for r in expired)
    assert not any(r.expiring for r in expired)
    out = run()
    line = next(
        line for line in out.splitlines() if expired[0].fingerprint_short in line
    )
    assert "vencida" in line and "—" in line
    assert "solo sirve para firmas con sello de tiempo anterior" in out


def test_a_configured_root_expiring_in_thirty_days_fails_the_command(
    production, tmp_path
):
    ca = expiring_ca(30, common_name="Raiz Que Vence Pronto")
    trust(production, tmp_path / "raices", ca, entity="securitydata")
    out = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("confianza_firmas", stdout=out)
    message = str(raised.value)
    assert "Security Data: Raiz Que Vence Pronto" in message
    expires = ca.cert.not_valid_after_utc.date().isoformat()
    assert f"vence el {expires}" in message
    line = next(
        line for line in out.getvalue().splitlines() if "Raiz Que Vence Pronto" in line
    )
    assert "VENCE PRONTO" in line and "configurado" in line
    assert "1 en uso vencen en ≤90 días" in out.getvalue()


def test_the_window_is_the_setting_or_dias(production, tmp_path):
    trust(production, tmp_path / "raices", expiring_ca(120), entity="datil")
    run()  # 120 days: outside the default window
    with pytest.raises(CommandError, match="Datil"):
        run("--dias", "150")
    production.SIGNATURE_TRUST_EXPIRY_WARNING_DAYS = 150
    with pytest.raises(CommandError):
        run()


def test_an_expired_configured_root_is_listed_but_does_not_fail(production, tmp_path):
    trust(production, tmp_path / "raices", expiring_ca(-5, common_name="Raiz Vieja"))
    out = run()
    line = next(line for line in out.splitlines() if "Raiz Vieja" in line)
    assert "vencida" in line


def test_a_root_of_no_entity_is_listed_last(production, tmp_path):
    (tmp_path / "raices").mkdir()
    (tmp_path / "raices" / "suelta.pem").write_bytes(
        cert_pem(ca_create(common_name="Raiz Suelta").cert)
    )
    production.SIGNATURE_TRUST_ROOTS_DIR = str(tmp_path / "raices")
    rows = trust_table(now=NOW).rows
    assert rows[-1].subject == "Raiz Suelta" and rows[-1].entity_name == "Sin entidad"


def test_the_check_warns_about_each_certificate_expiring_in_the_window(
    production, tmp_path
):
    ca = expiring_ca(30, common_name="Raiz Que Vence Pronto")
    trust(production, tmp_path / "raices", ca, entity="uanataca")
    (warning,) = trust_store_expiry(None)
    assert warning.id == "documents.W001"
    assert "Raiz Que Vence Pronto" in warning.msg and "Uanataca" in warning.msg
    assert ca.cert.not_valid_after_utc.date().isoformat() in warning.msg


def test_the_check_is_quiet_with_the_shipped_store(production):
    assert trust_store_expiry(None) == []


def test_the_check_leaves_a_broken_store_to_the_errors(production, tmp_path):
    (tmp_path / "raices").mkdir()
    (tmp_path / "raices" / "rota.pem").write_text(
        "-----BEGIN CERTIFICATE-----\nno\n-----END CERTIFICATE-----\n"
    )
    production.SIGNATURE_TRUST_ROOTS_DIR = str(tmp_path / "raices")
    assert trust_store_expiry(None) == []
    with pytest.raises(CommandError, match="no se pudo leer"):
        run()
