"""The authorities we trust and what a certificate says about its holder."""

import re
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ..constants import CEDULA_EXTENSION_OIDS
from ..pki import asn1_certificate, demo_ca_load_or_create, is_demo_ca


def _pem_certificates(directory: Path) -> list[x509.Certificate]:
    certificates = []
    for path in sorted(directory.glob("*.pem")) + sorted(directory.glob("*.crt")):
        certificates.extend(x509.load_pem_x509_certificates(path.read_bytes()))
    return certificates


def trust_roots() -> list[asn1_x509.Certificate]:
    """The configured authorities; the demo CA only where demo data is allowed."""
    roots = []
    directory = settings.SIGNATURE_TRUST_ROOTS_DIR
    if directory and Path(directory).is_dir():
        roots = _pem_certificates(Path(directory))
    demo_allowed = settings.DEMO_DATA_ALLOWED
    if not demo_allowed and any(is_demo_ca(cert) for cert in roots):
        raise ImproperlyConfigured(
            "SIGNATURE_TRUST_ROOTS_DIR contains the demo CA; production never trusts it"
        )
    if demo_allowed:
        roots.append(demo_ca_load_or_create(Path(settings.DEMO_CA_DIR)).cert)
    return [asn1_certificate(cert) for cert in roots]


def _der_string(value: bytes) -> str:
    """The text of a DER UTF8String/PrintableString/IA5String, as the CAs encode it."""
    if len(value) >= 2 and value[0] in (0x0C, 0x13, 0x16) and value[1] < 0x80:
        return value[2 : 2 + value[1]].decode("utf-8", "replace")
    return value.decode("utf-8", "replace")


def certificate_identification(cert: x509.Certificate) -> str:
    """The holder's identity number: an authority's extension, else subject serialNumber
    (ETSI style `IDCEC-0912345678` or bare digits)."""
    for oid in CEDULA_EXTENSION_OIDS:
        try:
            extension = cert.extensions.get_extension_for_oid(
                x509.ObjectIdentifier(oid)
            )
        except x509.ExtensionNotFound:
            continue
        return _der_string(extension.value.value).strip()
    serials = cert.subject.get_attributes_for_oid(x509.NameOID.SERIAL_NUMBER)
    if serials:
        value = str(serials[0].value).strip()
        match = re.fullmatch(r"(?:[A-Z]{2,3}[A-Z]{2}-)?([0-9A-Z]+)", value.upper())
        return match.group(1) if match else value
    return ""


def common_name(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(values[0].value) if values else name.rfc4514_string()


def can_sign(cert: x509.Certificate) -> bool:
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return True  # no restriction stated
    return usage.digital_signature or usage.content_commitment
