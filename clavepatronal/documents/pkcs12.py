"""A person's own certificate file (PKCS#12, .p12/.pfx) and the one certificate in
it that may sign now.

Files handed out by Ecuador's entities often hold more than the signing
certificate: an expired one kept after a renewal, an encipherment certificate, the
entity's chain. `p12_open` picks the certificate that is valid now, may sign
(digitalSignature or nonRepudiation) and belongs to the file's private key, and says
why each other one was not used; none of them ever signs.
"""

import datetime
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from .pki import Issued
from .signatures.certificates import can_sign


class P12Refused(Exception):
    """The file cannot be used to sign; the message is for the person (Spanish)."""


@dataclass(frozen=True)
class Skipped:
    cert: x509.Certificate
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class P12Bundle:
    """The certificate that signs, the authorities embedded with it, and the
    certificates not used (with why)."""

    signer: Issued
    chain: tuple[x509.Certificate, ...]
    skipped: tuple[Skipped, ...]


def _is_authority(cert: x509.Certificate) -> bool:
    try:
        return cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False


def _public_der(key) -> bytes:
    return key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _reasons(cert: x509.Certificate, *, key, now: datetime.datetime) -> list[str]:
    """Why `cert` may not sign now (empty: it may)."""
    reasons = []
    if cert.not_valid_after_utc < now:
        reasons.append(f"venció el {cert.not_valid_after_utc.date().isoformat()}")
    if cert.not_valid_before_utc > now:
        reasons.append(
            f"vale recién desde el {cert.not_valid_before_utc.date().isoformat()}"
        )
    if not can_sign(cert):
        reasons.append("no es para firmar (su uso de clave no es firma digital)")
    if key is None or _public_der(cert.public_key()) != _public_der(key.public_key()):
        reasons.append("su clave privada no está en el archivo")
    return reasons


def _load(data: bytes, password: str | None):
    secret = password.encode() if password else None
    try:
        return pkcs12.load_pkcs12(data, secret)
    except (ValueError, TypeError):
        raise P12Refused(
            "No se pudo abrir el archivo: la clave no es correcta o no es un archivo "
            "PKCS#12 (.p12, .pfx)."
        ) from None


def p12_open(data: bytes, *, password: str | None, now: datetime.datetime) -> P12Bundle:
    """The signing certificate of a PKCS#12 file and the rest, each with its
    reasons; the one valid longest wins when several may sign."""
    loaded = _load(data, password)
    found = [loaded.cert] if loaded.cert else []
    found += loaded.additional_certs
    certificates = list({c.certificate: None for c in found})
    chain = tuple(c for c in certificates if _is_authority(c))
    candidates, skipped = [], []
    for cert in certificates:
        if cert in chain:
            continue
        reasons = _reasons(cert, key=loaded.key, now=now)
        if reasons:
            skipped.append(Skipped(cert, tuple(reasons)))
        else:
            candidates.append(cert)
    if not candidates:
        found = "; ".join(_describe(s) for s in skipped) or (
            "solo trae certificados de autoridades de certificación"
        )
        raise P12Refused(
            "El archivo no tiene un certificado vigente para firmar con su clave "
            f"privada: {found}."
        )
    candidates.sort(key=lambda c: c.not_valid_after_utc, reverse=True)
    chosen, *later = candidates
    skipped += [
        Skipped(c, ("otro certificado vigente del archivo vale por más tiempo",))
        for c in later
    ]
    return P12Bundle(
        signer=Issued(cert=chosen, key=loaded.key),
        chain=chain,
        skipped=tuple(skipped),
    )


def _describe(skipped: Skipped) -> str:
    return f"{describe(skipped.cert)}: {', '.join(skipped.reasons)}"


def describe(cert: x509.Certificate) -> str:
    """Subject, serial and validity, as the command reports a certificate."""
    return (
        f"{cert.subject.rfc4514_string()} (serie {format(cert.serial_number, 'X')}, "
        f"del {cert.not_valid_before_utc.date().isoformat()} al "
        f"{cert.not_valid_after_utc.date().isoformat()})"
    )
