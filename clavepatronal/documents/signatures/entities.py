"""Who holds a certificate, read the way the entity that issued it writes it.

The table is data (trust/entities.json, made by scripts/trust_import.py from the
FirmaEC library's facts): for each of Ecuador's accredited entities, where the
holder's cédula or passport and the RUC are (a private extension of the entity's
arc, or the subject's serialNumber / organizationIdentifier) and which OIDs mark the
certificate's kind. An entity's extension is read only from a certificate that chains
to that entity; a subject serialNumber counts only when it is a person's number
(ETSI `IDCEC-…` / `PASEC-…` or a bare number that is not a RUC).
"""

import functools
import json
import re
from dataclasses import dataclass

from asn1crypto import core
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..truststore import TRUST_DIR

ORGANIZATION_IDENTIFIER = x509.ObjectIdentifier("2.5.4.97")
# ETSI EN 319 411-2 policies for certificates of legal persons (seals).
LEGAL_PERSON_POLICIES = frozenset({"0.4.0.194112.1.1", "0.4.0.194112.1.3"})
PERSON_PREFIXES = ("IDC", "PAS")  # ETSI EN 319 412-1: national ID, passport
RUC_PATTERN = re.compile(r"\d{13}")


class CertificateKind(models.TextChoices):
    NATURAL = "natural", _("Persona natural")
    MEMBER = "member", _("Miembro de empresa")
    REPRESENTATIVE = "representative", _("Representante legal")
    LEGAL_PERSON = "legal_person", _("Persona jurídica")
    PUBLIC_SERVANT = "public_servant", _("Funcionario público")
    SEAL = "seal", _("Sello electrónico")
    TIMESTAMP = "timestamp", _("Sellado de tiempo")
    SERVER = "server", _("Servidor")
    UNKNOWN = "", _("No indicado")


# When a certificate carries several kind marks, the one that limits it most wins.
KIND_PRECEDENCE = (
    CertificateKind.TIMESTAMP,
    CertificateKind.SEAL,
    CertificateKind.LEGAL_PERSON,
    CertificateKind.REPRESENTATIVE,
    CertificateKind.MEMBER,
    CertificateKind.PUBLIC_SERVANT,
    CertificateKind.NATURAL,
)
# Kinds issued for a company: their RUC must be the employer's.
COMPANY_KINDS = frozenset(
    {
        CertificateKind.REPRESENTATIVE,
        CertificateKind.MEMBER,
        CertificateKind.LEGAL_PERSON,
    }
)
NOT_A_PERSON = frozenset(
    {CertificateKind.SEAL, CertificateKind.TIMESTAMP, CertificateKind.SERVER}
)


@functools.cache
def entities() -> dict[str, dict]:
    return json.loads((TRUST_DIR / "entities.json").read_text())


def kind_oid(entity: str, kind: str) -> str:
    """The OID `entity` marks `kind` with ("" when it has none, or only doubtful
    ones)."""
    kinds = entities()[entity]["kinds"]
    return next((oid for oid in sorted(kinds) if kinds[oid] == kind), "")


def entity_name(key: str) -> str:
    entity = entities().get(key)
    return entity["name"] if entity else ""


@dataclass(frozen=True)
class Holder:
    entity: str
    kind: str
    identification: str
    ruc: str
    name: str

    @property
    def company(self) -> bool:
        """A company's certificate: by its kind, or, where no kind is marked, by a
        RUC that is not the person's own (cédula + 001)."""
        if self.kind in COMPANY_KINDS:
            return True
        return self.kind == CertificateKind.UNKNOWN and bool(
            self.ruc and self.ruc != f"{self.identification}001"
        )


def der_string(value: bytes) -> str:
    """The text of a DER string of any length and type (UTF8, Printable, IA5,
    BMP…); bytes that are not DER are read as UTF-8."""
    try:
        parsed = core.Asn1Value.load(value, strict=True)
        if isinstance(parsed, core.AbstractString):
            return parsed.native.strip()
    except (ValueError, TypeError):
        pass
    return value.decode("utf-8", "replace").strip()


def _extension_text(cert: x509.Certificate, oid: str) -> str:
    try:
        extension = cert.extensions.get_extension_for_oid(x509.ObjectIdentifier(oid))
    except x509.ExtensionNotFound:
        return ""
    value = extension.value
    return (
        der_string(value.value) if isinstance(value, x509.UnrecognizedExtension) else ""
    )


def _subject_text(cert: x509.Certificate, oid: x509.ObjectIdentifier) -> str:
    values = cert.subject.get_attributes_for_oid(oid)
    return str(values[0].value).strip().upper() if values else ""


def person_number(serial_number: str) -> str:
    """A person's number in a subject serialNumber: `IDCEC-0912345678`,
    `PASEC-A1234567` or bare; a RUC (`VATEC-…`, 13 digits) or another prefix is not."""
    match = re.fullmatch(r"([A-Z]{3})([A-Z]{2})-([0-9A-Z]+)", serial_number)
    if match:
        return match.group(3) if match.group(1) in PERSON_PREFIXES else ""
    if re.fullmatch(r"[0-9A-Z]{5,20}", serial_number) and not RUC_PATTERN.fullmatch(
        serial_number
    ):
        return serial_number
    return ""


def ruc_number(value: str) -> str:
    """A RUC in an organizationIdentifier (`VATEC-1790012345001`) or bare."""
    value = value.removeprefix("VATEC-")
    return value if RUC_PATTERN.fullmatch(value) else ""


def _field(cert: x509.Certificate, layout: dict | None, name: str) -> str:
    """The extension the entity defines first, then the subject."""
    if layout and layout[name]["where"] == "extension":
        if text := _extension_text(cert, layout[name]["oid"]):
            return text
    if name == "cedula":
        return person_number(_subject_text(cert, NameOID.SERIAL_NUMBER))
    return ruc_number(_subject_text(cert, ORGANIZATION_IDENTIFIER))


def _marks(cert: x509.Certificate) -> set[str]:
    """Every OID that may mark a kind: extensions present and policies stated."""
    marks = {extension.oid.dotted_string for extension in cert.extensions}
    try:
        policies = cert.extensions.get_extension_for_class(x509.CertificatePolicies)
    except x509.ExtensionNotFound:
        return marks
    return marks | {p.policy_identifier.dotted_string for p in policies.value}


def _extended_usages(cert: x509.Certificate) -> set:
    try:
        return set(cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value)
    except x509.ExtensionNotFound:
        return set()


def certificate_kind(cert: x509.Certificate, layout: dict | None) -> str:
    usages = _extended_usages(cert)
    if ExtendedKeyUsageOID.TIME_STAMPING in usages:
        return CertificateKind.TIMESTAMP
    marks = _marks(cert)
    found = {
        kind for oid, kind in (layout or {}).get("kinds", {}).items() if oid in marks
    }
    if marks & LEGAL_PERSON_POLICIES:
        found.add(CertificateKind.SEAL)
    for kind in KIND_PRECEDENCE:
        if kind in found:
            return kind
    if ExtendedKeyUsageOID.SERVER_AUTH in usages:
        return CertificateKind.SERVER
    return CertificateKind.UNKNOWN


def certificate_holder(cert: x509.Certificate, entity: str) -> Holder:
    """The holder as `entity` writes it ("" = an authority of no known entity: only
    the subject is read)."""
    layout = entities().get(entity)
    return Holder(
        entity=entity,
        kind=certificate_kind(cert, layout),
        identification=_field(cert, layout, "cedula"),
        ruc=_field(cert, layout, "ruc"),
        name=holder_name(cert),
    )


def holder_name(cert: x509.Certificate) -> str:
    """The subject's CN, as every entity writes it; else given name and surname."""
    subject = cert.subject
    names = subject.get_attributes_for_oid(NameOID.COMMON_NAME) or [
        *subject.get_attributes_for_oid(NameOID.GIVEN_NAME),
        *subject.get_attributes_for_oid(NameOID.SURNAME),
    ]
    return " ".join(str(name.value) for name in names) or subject.rfc4514_string()
