"""Signing certificates are judged when the document arrives, revocation included,
against a real OCSP responder and CRL served on loopback (revocation_server.py)."""

import datetime

import pytest
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from clavepatronal.documents.constants import SIGNATURE_FIELD_NAME, RevocationCheck
from clavepatronal.documents.pki import (
    ca_create,
    demo_ca_load_or_create,
    pdf_sign,
    signer_create,
    tsa_create,
)
from clavepatronal.documents.revocation import CachedFetcherBackend
from clavepatronal.documents.signatures import SignatureRefused, signature_verify
from tests.employers.factories import CEDULA_REP, RUC_SOCIEDAD
from tests.procedures import files

from .revocation_server import unreachable_url

pytestmark = pytest.mark.django_db
NOW = datetime.datetime.now(datetime.UTC)
DAY = datetime.timedelta(days=1)


def signer(ca, **options):
    return signer_create(
        ca=ca, holder_name="JUAN CARLOS PEREZ", identification=CEDULA_REP, **options
    )


def signed(document, ca, issued, **options) -> bytes:
    return pdf_sign(
        bytes(document.content),
        signer=issued,
        ca=ca,
        field_name=SIGNATURE_FIELD_NAME,
        **options,
    )


def verify(data, document):
    return signature_verify(
        data=data, document=document, identification=CEDULA_REP, ruc=RUC_SOCIEDAD
    )


def refused(data, document) -> SignatureRefused:
    with pytest.raises(SignatureRefused) as refusal:
        verify(data, document)
    return refusal.value


def test_a_certificate_the_ocsp_responder_calls_good_is_verified(
    trusted_ca, revocation_server, registration
):
    issued = signer(trusted_ca, ocsp_url=revocation_server.ocsp_url)
    report = verify(
        signed(registration.solicitud, trusted_ca, issued), registration.solicitud
    )
    assert report.ok
    assert report.revocation == RevocationCheck.VERIFIED
    assert "certificado no revocado (OCSP o CRL)" in report.checks
    assert revocation_server.requests == ["ocsp"]


def test_a_certificate_the_ocsp_responder_calls_revoked_is_refused(
    trusted_ca, revocation_server, registration
):
    issued = signer(trusted_ca, ocsp_url=revocation_server.ocsp_url)
    revocation_server.revoke(issued.cert)
    refusal = refused(
        signed(registration.solicitud, trusted_ca, issued), registration.solicitud
    )
    assert refusal.code == "revoked"
    assert "fue revocado" in refusal.message


def test_a_certificate_in_the_crl_is_refused(
    trusted_ca, revocation_server, registration
):
    issued = signer(trusted_ca, crl_url=revocation_server.crl_url)
    revocation_server.revoke(issued.cert)
    data = signed(registration.solicitud, trusted_ca, issued)
    assert refused(data, registration.solicitud).code == "revoked"
    assert revocation_server.requests == ["crl"]


def test_a_certificate_absent_from_the_crl_is_verified(
    trusted_ca, revocation_server, registration
):
    issued = signer(trusted_ca, crl_url=revocation_server.crl_url)
    revocation_server.revoke(signer(trusted_ca).cert)  # someone else's
    report = verify(
        signed(registration.solicitud, trusted_ca, issued), registration.solicitud
    )
    assert report.revocation == RevocationCheck.VERIFIED


def test_an_unreachable_responder_leaves_revocation_unverified_not_refused(
    trusted_ca, registration
):
    issued = signer(trusted_ca, ocsp_url=unreachable_url())
    report = verify(
        signed(registration.solicitud, trusted_ca, issued), registration.solicitud
    )
    assert report.ok
    assert report.revocation == RevocationCheck.UNVERIFIED
    assert "certificado no revocado (OCSP o CRL)" not in report.checks


def test_a_responder_that_fails_leaves_revocation_unverified_and_is_not_asked_again(
    trusted_ca, revocation_server, registration
):
    revocation_server.failing = True
    issued = signer(trusted_ca, ocsp_url=revocation_server.ocsp_url)
    data = signed(registration.solicitud, trusted_ca, issued)
    assert verify(data, registration.solicitud).revocation == RevocationCheck.UNVERIFIED
    assert verify(data, registration.solicitud).revocation == RevocationCheck.UNVERIFIED
    assert revocation_server.requests == ["ocsp"]  # the second upload did not wait


def test_an_answer_is_reused_from_the_cache(
    trusted_ca, revocation_server, registration
):
    issued = signer(trusted_ca, ocsp_url=revocation_server.ocsp_url)
    solicitud = signed(registration.solicitud, trusted_ca, issued)
    acuerdo = signed(registration.acuerdo, trusted_ca, issued)
    assert verify(solicitud, registration.solicitud).revocation == "verificada"
    assert verify(acuerdo, registration.acuerdo).revocation == "verificada"
    assert revocation_server.requests == ["ocsp"]


def test_a_certificate_that_names_no_responder_is_received_without_information(
    settings, registration
):
    """The demo CA publishes no OCSP or CRL: its signatures are not refused."""
    demo = demo_ca_load_or_create(settings.DEMO_CA_DIR)
    report = verify(
        signed(registration.solicitud, demo, signer(demo)), registration.solicitud
    )
    assert report.ok
    assert report.revocation == RevocationCheck.NO_INFORMATION


def test_an_expired_certificate_with_a_back_dated_signing_time_is_refused(
    trusted_ca, registration
):
    data = files.sign_back_dated_expired(registration.solicitud, trusted_ca, CEDULA_REP)
    refusal = refused(data, registration.solicitud)
    assert refusal.code == "expired"
    assert refusal.report.signed_at < refusal.report.certificate_valid_until
    assert refusal.report.validated_at > refusal.report.certificate_valid_until


def _expired_with_timestamp(document, ca, tsa_ca):
    """Signed 60 days ago, when the certificate was valid, with a timestamp then."""
    issued = signer(ca, not_before=NOW - 400 * DAY, not_after=NOW - 30 * DAY)
    tsa = tsa_create(ca=tsa_ca)
    stamper = DummyTimeStamper(
        tsa_cert=tsa.asn1_cert,
        tsa_key=tsa.asn1_key,
        certs_to_embed=SimpleCertificateStore.from_certs([tsa_ca.asn1_cert]),
        fixed_dt=NOW - 60 * DAY,
    )
    return files.sign_at(document, ca, issued, NOW - 60 * DAY, timestamper=stamper)


def test_a_trusted_timestamp_from_when_the_certificate_was_valid_is_believed(
    trusted_ca, registration
):
    data = _expired_with_timestamp(registration.solicitud, trusted_ca, trusted_ca)
    report = verify(data, registration.solicitud)
    assert report.ok
    assert report.timestamp_at == report.validated_at
    assert "certificado vigente en el sello de tiempo" in report.checks


def test_a_timestamp_from_an_untrusted_authority_is_not_believed(
    trusted_ca, registration
):
    data = _expired_with_timestamp(registration.solicitud, trusted_ca, ca_create())
    refusal = refused(data, registration.solicitud)
    assert refusal.code == "expired"
    assert refusal.report.timestamp_at == ""


def test_the_revocation_timeout_and_cache_lifetime_are_settings(settings):
    settings.SIGNATURE_REVOCATION_TIMEOUT = 2
    assert CachedFetcherBackend().inner.per_request_timeout == 2
