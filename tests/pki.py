"""Test authorities and signers, made with `cryptography` by the app's pki module.

`make_pki()` keeps the asn1crypto shapes the PDF tests use; `trusted_ca(settings,
tmp_path)` writes a CA into a trust-roots folder the signature check loads.
"""

from dataclasses import dataclass

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509

from clavepatronal.documents.pki import (
    DEMO_ENTITY,
    Issued,
    ca_create,
    cert_pem,
    signer_create,
)


@dataclass(frozen=True)
class TestPki:
    ca_cert: asn1_x509.Certificate
    signer_cert: asn1_x509.Certificate
    signer_key: asn1_keys.PrivateKeyInfo


def make_pki(
    *, holder_name: str = "JUAN CARLOS PEREZ ANDRADE", cedula: str = "0926687856"
) -> TestPki:
    ca = ca_create()
    signer = signer_create(ca=ca, holder_name=holder_name, identification=cedula)
    return TestPki(
        ca_cert=ca.asn1_cert, signer_cert=signer.asn1_cert, signer_key=signer.asn1_key
    )


def trust(settings, directory, ca: Issued, *, entity: str = DEMO_ENTITY) -> None:
    """Make `ca` a configured trust root of `entity` (added to the shipped ones and
    the demo CA, as in tests)."""
    (directory / entity).mkdir(parents=True, exist_ok=True)
    (directory / entity / "raiz.pem").write_bytes(cert_pem(ca.cert))
    settings.SIGNATURE_TRUST_ROOTS_DIR = str(directory)
