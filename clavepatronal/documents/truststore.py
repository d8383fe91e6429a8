"""The authorities a signature may chain to, each with the entity it belongs to.

Three sources, in this order: the accredited entities' certificates shipped in
`trust/` (manifest.json says each file's source and fingerprint; production trusts
exactly them unless SIGNATURE_TRUST_SHIPPED is off); SIGNATURE_TRUST_ROOTS_DIR, which
adds to them (a PEM in `<dir>/<entity>/` belongs to that entity, one at the top to
none); and, where demo data is allowed, the installation's demo authorities
(`DEMO_CA_DIR/<entity>/`, one per entity layout `firmar_demo --entidad` has used).

Shipped roots are trust anchors; shipped intermediates only help build the chain
(an intermediate whose issuer is not shipped is an anchor itself). Every certificate
is judged at the moment the signature is: an expired intermediate can chain a
signature with a trusted timestamp from its time, never one judged now.
"""

import datetime
import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .pki import asn1_certificate, demo_ca_load_or_create, is_demo_ca

TRUST_DIR = Path(__file__).resolve().parent / "trust"
SHIPPED, CONFIGURED, DEMO = "incluido", "configurado", "demostración"


def fingerprint(cert: x509.Certificate) -> str:
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


@dataclass(frozen=True)
class TrustedCertificate:
    """One certificate of the store: its entity ("" when none is known), whether it
    is an anchor, where it came from, and the file it was read from."""

    entity: str
    cert: x509.Certificate
    anchor: bool
    origin: str
    file: str
    role: str = "root"

    @functools.cached_property
    def sha256(self) -> str:
        return fingerprint(self.cert)

    def days_left(self, now: datetime.datetime) -> int:
        return (self.cert.not_valid_after_utc - now).days

    def in_use(self, now: datetime.datetime) -> bool:
        """Can chain a signature judged now (an expired one only old, timestamped
        signatures)."""
        return self.cert.not_valid_before_utc <= now <= self.cert.not_valid_after_utc


@dataclass(frozen=True)
class TrustStore:
    certificates: tuple[TrustedCertificate, ...]

    @functools.cached_property
    def anchors(self) -> list[asn1_x509.Certificate]:
        return [asn1_certificate(c.cert) for c in self.certificates if c.anchor]

    @functools.cached_property
    def intermediates(self) -> list[asn1_x509.Certificate]:
        return [asn1_certificate(c.cert) for c in self.certificates if not c.anchor]

    def entity_of(self, sha256: str) -> tuple[str, str]:
        """(entity, origin) of the certificate with this fingerprint, or ("", "")."""
        for certificate in self.certificates:
            if certificate.sha256 == sha256:
                return certificate.entity, certificate.origin
        return "", ""


@functools.cache
def shipped_certificates() -> tuple[TrustedCertificate, ...]:
    """The shipped certificates, each checked against its manifest fingerprint;
    the same certificate in two files is kept once."""
    manifest = json.loads((TRUST_DIR / "manifest.json").read_text())
    found, seen = [], set()
    for entry in manifest["certificates"]:
        if entry["role"] == "excluded" or entry["sha256"] in seen:
            continue
        cert = x509.load_pem_x509_certificate((TRUST_DIR / entry["file"]).read_bytes())
        if fingerprint(cert) != entry["sha256"]:
            raise ImproperlyConfigured(
                f"{entry['file']} does not match its fingerprint in manifest.json"
            )
        seen.add(entry["sha256"])
        found.append(
            TrustedCertificate(
                entity=entry["entity"],
                cert=cert,
                anchor=entry["anchor"],
                origin=SHIPPED,
                file=entry["file"],
                role=entry["role"],
            )
        )
    return tuple(found)


def _pem_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.pem")) + sorted(directory.glob("*.crt"))


def configured_certificates() -> list[TrustedCertificate]:
    """SIGNATURE_TRUST_ROOTS_DIR: every certificate there is an anchor."""
    folder = settings.SIGNATURE_TRUST_ROOTS_DIR
    if not folder or not Path(folder).is_dir():
        return []
    root = Path(folder)
    places = [("", root)] + [
        (sub.name, sub) for sub in sorted(root.iterdir()) if sub.is_dir()
    ]
    found = []
    for entity, directory in places:
        for path in _pem_files(directory):
            for cert in x509.load_pem_x509_certificates(path.read_bytes()):
                found.append(
                    TrustedCertificate(
                        entity=entity,
                        cert=cert,
                        anchor=True,
                        origin=CONFIGURED,
                        file=str(path),
                    )
                )
    return found


def demo_certificates() -> list[TrustedCertificate]:
    """The demo authorities made so far (the default entity's always)."""
    directory = Path(settings.DEMO_CA_DIR)
    demo_ca_load_or_create(directory)
    return [
        TrustedCertificate(
            entity=sub.name,
            cert=demo_ca_load_or_create(directory, entity=sub.name).cert,
            anchor=True,
            origin=DEMO,
            file=str(sub / "demo-ca.pem"),
        )
        for sub in sorted(directory.iterdir())
        if (sub / "demo-ca.pem").is_file()
    ]


def trust_store() -> TrustStore:
    """Everything trusted now; raises ImproperlyConfigured when production would
    trust the demo CA."""
    configured = configured_certificates()
    if not settings.DEMO_DATA_ALLOWED and any(is_demo_ca(c.cert) for c in configured):
        raise ImproperlyConfigured(
            "SIGNATURE_TRUST_ROOTS_DIR contains the demo CA; production never trusts it"
        )
    found = list(shipped_certificates()) if settings.SIGNATURE_TRUST_SHIPPED else []
    found += configured
    if settings.DEMO_DATA_ALLOWED:
        found += demo_certificates()
    return TrustStore(certificates=tuple(found))
