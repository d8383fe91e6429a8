"""Issue 25 (1, 6): the signature check fetches nothing for a certificate nobody
trusts, fetches revocation only from allowed origins and never from a private
address, follows no redirect elsewhere, caps an answer's size, and reads a stalled
or oversized answer as «revocación no verificada», never as a broken signature.

Every responder here is a real HTTP server on loopback that counts its requests."""

import asyncio
import time
from io import BytesIO

import pytest
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from clavepatronal.documents.constants import SIGNATURE_FIELD_NAME, RevocationCheck
from clavepatronal.documents.pki import ca_create, cert_pem, signer_create
from clavepatronal.documents.revocation_network import (
    NoCertificateFetcher,
    allowed_origins,
)
from clavepatronal.documents.signatures import SignatureRefused
from tests.employers.factories import CEDULA_REP

from .revocation_server import RevocationServer
from .test_revocation import signed, signer, verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def stranger_server():
    """The responder of an authority nobody trusts (a self-made certificate)."""
    with RevocationServer(ca_create(common_name="Autoridad propia")) as server:
        yield server


def test_a_certificate_nobody_trusts_makes_the_server_fetch_nothing(
    trusted_ca, registration, stranger_server, settings
):
    # Even with its responder's origin allowed: the chain reaches no trusted root.
    settings.SIGNATURE_REVOCATION_HOSTS = [stranger_server.origin]
    issued = signer_create(
        ca=stranger_server.ca,
        holder_name="JUAN CARLOS PEREZ",
        identification=CEDULA_REP,
        ocsp_url=stranger_server.ocsp_url,
        crl_url=stranger_server.crl_url,
        ca_issuers_url=f"{stranger_server.base}/autoridad.cer",
    )
    # Only its own certificate in the signature: the chain is for the server to find.
    data = signers.sign_pdf(
        IncrementalPdfFileWriter(BytesIO(bytes(registration.solicitud.content))),
        signers.PdfSignatureMetadata(field_name=SIGNATURE_FIELD_NAME),
        signer=signers.SimpleSigner(
            signing_cert=issued.asn1_cert,
            signing_key=issued.asn1_key,
            cert_registry=SimpleCertificateStore(),
        ),
    ).getvalue()
    with pytest.raises(SignatureRefused) as refused:
        verify(data, registration.solicitud)
    assert refused.value.code == "untrusted"
    assert stranger_server.requests == []


def test_a_trusted_certificate_asks_only_its_allowed_responder(
    trusted_ca, registration, revocation_server
):
    issued = signer(trusted_ca, ocsp_url=revocation_server.ocsp_url)
    report = verify(
        signed(registration.solicitud, trusted_ca, issued), registration.solicitud
    )
    assert report.revocation == RevocationCheck.VERIFIED
    assert revocation_server.requests == ["ocsp"]


def test_a_responder_off_the_allow_list_is_never_asked(
    trusted_ca, registration, revocation_server, settings
):
    settings.SIGNATURE_REVOCATION_HOSTS = ["ocsp.eci.example.ec"]
    issued = signer(
        trusted_ca,
        ocsp_url=revocation_server.ocsp_url,
        crl_url=revocation_server.crl_url,
    )
    report = verify(
        signed(registration.solicitud, trusted_ca, issued), registration.solicitud
    )
    assert report.ok
    assert report.revocation == RevocationCheck.UNVERIFIED
    assert revocation_server.requests == []


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_private_address_is_never_asked_even_when_allowed_by_name(
    trusted_ca, registration, revocation_server, settings, host
):
    """Production: an allowed name that resolves to loopback (or a literal one) is
    refused after DNS, before any connection."""
    settings.SIGNATURE_REVOCATION_PRIVATE_ADDRESSES = False
    port = revocation_server.origin.rsplit(":", 1)[1]
    settings.SIGNATURE_REVOCATION_HOSTS = [f"{host}:{port}"]
    issued = signer(trusted_ca, ocsp_url=f"http://{host}:{port}/ocsp")
    report = verify(
        signed(registration.solicitud, trusted_ca, issued), registration.solicitud
    )
    assert report.revocation == RevocationCheck.UNVERIFIED
    assert revocation_server.requests == []


def test_a_redirect_to_another_origin_is_not_followed(
    trusted_ca, registration, revocation_server, settings
):
    with RevocationServer(trusted_ca) as elsewhere:
        settings.SIGNATURE_REVOCATION_HOSTS = [
            revocation_server.origin,
            elsewhere.origin,
        ]
        revocation_server.redirect = elsewhere.ocsp_url
        issued = signer(trusted_ca, ocsp_url=revocation_server.ocsp_url)
        report = verify(
            signed(registration.solicitud, trusted_ca, issued), registration.solicitud
        )
        assert report.revocation == RevocationCheck.UNVERIFIED
        assert revocation_server.requests == ["ocsp"]
        assert elsewhere.requests == []


def test_a_stalled_responder_means_unverified_not_a_changed_document(
    trusted_ca, registration, revocation_server, settings
):
    settings.SIGNATURE_REVOCATION_TIMEOUT = 1
    revocation_server.stall = 5
    issued = signer(trusted_ca, ocsp_url=revocation_server.ocsp_url)
    data = signed(registration.solicitud, trusted_ca, issued)
    started = time.monotonic()
    report = verify(data, registration.solicitud)
    assert report.ok  # not «el documento cambió después de firmarse»
    assert report.revocation == RevocationCheck.UNVERIFIED
    assert time.monotonic() - started < 4  # one timeout, not the stall


def test_an_answer_over_the_size_cap_means_unverified(
    trusted_ca, registration, revocation_server, settings
):
    settings.SIGNATURE_REVOCATION_MAX_BYTES = 64 * 1024
    revocation_server.padding = 1024 * 1024
    issued = signer(trusted_ca, crl_url=revocation_server.crl_url)
    report = verify(
        signed(registration.solicitud, trusted_ca, issued), registration.solicitud
    )
    assert report.ok
    assert report.revocation == RevocationCheck.UNVERIFIED
    assert revocation_server.requests == ["crl"]


def test_the_allow_list_adds_what_the_trust_folder_names(settings, tmp_path):
    """The entities' own certificates name their OCSP and CRL hosts."""
    ca = ca_create()
    intermediate = signer_create(
        ca=ca,
        holder_name="Subordinada",
        identification=CEDULA_REP,
        ocsp_url="http://ocsp.eci.example.ec/ocsp",
        crl_url="https://crl.eci.example.ec:8443/eci.crl",
    )
    folder = tmp_path / "raices"
    folder.mkdir()
    (folder / "eci.pem").write_bytes(cert_pem(ca.cert) + cert_pem(intermediate.cert))
    settings.SIGNATURE_TRUST_ROOTS_DIR = str(folder)
    settings.SIGNATURE_TRUST_SHIPPED = False
    settings.SIGNATURE_REVOCATION_HOSTS = ["ocsp.bce.example.ec", "10.1.1.1:8080"]
    assert allowed_origins() == {
        "ocsp.eci.example.ec:80",
        "crl.eci.example.ec:8443",
        "ocsp.bce.example.ec:80",
        "ocsp.bce.example.ec:443",
        "10.1.1.1:8080",
    }


def test_issuer_certificates_are_never_fetched():
    async def fetched():
        fetcher = NoCertificateFetcher()
        return [cert async for cert in fetcher.fetch_cert_issuers(None)] + [
            cert async for cert in fetcher.fetch_crl_issuers(None)
        ]

    assert asyncio.run(fetched()) == []


def test_the_allow_list_holds_what_the_shipped_entities_name(settings):
    """Argos Data's intermediate names its OCSP responder; Uanataca's its CRL host."""
    settings.SIGNATURE_TRUST_ROOTS_DIR = ""
    settings.SIGNATURE_REVOCATION_HOSTS = []
    origins = allowed_origins()
    assert {"ocsp.argosdata.com.ec:80", "crl2.uanataca.com:80"} <= origins
    settings.SIGNATURE_TRUST_SHIPPED = False
    assert allowed_origins() == set()
