"""Checks the electronic signature (PAdES) on a returned Solicitud or Acuerdo.

The rules, in the order a person can act on them: the PDF is signed; the signature is
intact and covers its whole revision, with no change after it but validation data; the
certificate is valid now (or at a trusted timestamp: the signing time the signer wrote
proves nothing), is not revoked, may sign, and chains to a trusted authority; it
belongs to the legal representative; and what was signed is the document this service
generated (its stored SHA-256 is the signed revision's prefix, or, where a tool
rewrote the file, the same document code and the same text on every page). Each
failure has its own message.
"""

import asyncio
import datetime
import hashlib
import re
from dataclasses import asdict, dataclass, field
from io import BytesIO
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.generic_cms import collect_timing_info
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.fetchers.api import OwnedFetcherBackend
from pypdf import PdfReader

from .constants import CEDULA_EXTENSION_OIDS, SIGNATURE_FIELD_NAME, RevocationCheck
from .models import GeneratedDocument
from .pki import asn1_certificate, demo_ca_load_or_create, is_demo_ca
from .revocation import CachedFetcherBackend, declares_revocation_sources

# A signing time this far in the future of our clock is not believed.
CLOCK_SKEW = datetime.timedelta(minutes=10)
SIGNING_USAGES = KeyUsageConstraints(
    key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
)
# The signature covers its whole revision (the whole file, or everything up to the end
# of the signed revision); revisions after it may only add validation data (DSS,
# document timestamps), which the upload inspection reads like everything else.
COVERAGE_ACCEPTED = {"ENTIRE_FILE", "ENTIRE_REVISION"}
LATER_CHANGES_ACCEPTED = {"NONE", "LTA_UPDATES"}


@dataclass
class SignatureReport:
    """The full result, stored with the attachment and shown to officers."""

    ok: bool = False
    code: str = ""
    message: str = ""
    field_name: str = ""
    signer_name: str = ""
    signer_identification: str = ""
    issuer: str = ""
    certificate_serial: str = ""
    certificate_valid_from: str = ""
    certificate_valid_until: str = ""
    signed_at: str = ""
    intact: bool | None = None
    trusted: bool | None = None
    coverage: str = ""
    modification_level: str = ""
    content_match: str = ""  # "prefijo" | "reescrito" | ""
    validated_at: str = ""  # the moment the certificate was judged at
    timestamp_at: str = ""  # a trusted timestamp's time, when there is one
    revocation: str = ""  # a RevocationCheck value
    checks: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


class SignatureRefused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


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


def _common_name(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(values[0].value) if values else name.rfc4514_string()


def _can_sign(cert: x509.Certificate) -> bool:
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return True  # no restriction stated
    return usage.digital_signature or usage.content_commitment


def _page_texts(data: bytes) -> list[str]:
    return [
        re.sub(r"\s+", " ", page.extract_text() or "").strip()
        for page in PdfReader(BytesIO(data)).pages
    ]


def _same_text_and_code(signed: bytes, original: bytes, code: str) -> bool:
    """A file a tool rewrote: our document code inside, the same text on every page."""
    texts = _page_texts(signed)
    return code in "".join(texts).replace(" ", "").replace("-", "") and texts == (
        _page_texts(original)
    )


def signature_verify(
    *, data: bytes, document: GeneratedDocument, identification: str
) -> SignatureReport:
    """Verify; return the report when every rule holds, else raise SignatureRefused
    carrying the report's code and message (the report itself is on `.report`)."""
    report = SignatureReport()
    try:
        _verify(data, document, identification, report)
    except SignatureRefused as refused:
        report.code, report.message = refused.code, refused.message
        refused.report = report
        raise
    report.ok = True
    return report


def _verify(
    data: bytes, document: GeneratedDocument, identification: str, report
) -> None:
    kind = document.get_kind_display()
    try:
        signatures = PdfFileReader(BytesIO(data), strict=False).embedded_signatures
    except Exception:  # noqa: BLE001 - a malformed signature fails in many ways
        if b"/ByteRange" in data:  # a signature is there, but unreadable
            raise _broken(kind) from None
        signatures = []
    if not signatures:
        raise SignatureRefused(
            "unsigned",
            _(
                "La %(kind)s no tiene firma electrónica. Fírmela con el certificado de "
                "firma electrónica del representante legal (por ejemplo, con FirmaEC) "
                "y cargue el archivo firmado."
            )
            % {"kind": kind},
        )
    roots = trust_roots()  # a configuration error must surface, not read as "broken"
    now = datetime.datetime.now(datetime.UTC)
    try:
        embedded, cert, signed_at, moment, status = _validated(
            signatures, roots, now, report
        )
    except Exception:  # noqa: BLE001 - a malformed signature fails in many ways
        raise _broken(kind) from None
    report.intact = bool(status.intact and status.valid)
    report.trusted = status.trust_problem_indic is None
    report.coverage = status.coverage.name if status.coverage else ""
    level = status.modification_level
    report.modification_level = level.name if level else ""

    if not report.intact:
        raise _broken(kind)
    report.checks.append("firma íntegra")
    if report.coverage not in COVERAGE_ACCEPTED:
        raise SignatureRefused(
            "partial_coverage",
            _(
                "La firma de la %(kind)s no cubre todo el documento: una parte del "
                "archivo quedó fuera de lo firmado y podría cambiar sin que la firma "
                "lo muestre. Firme de nuevo el documento original con su aplicación "
                "de firma electrónica (por ejemplo, FirmaEC) y cargue el archivo "
                "firmado sin modificarlo."
            )
            % {"kind": kind},
        )
    if (
        level is not None and level.name not in LATER_CHANGES_ACCEPTED
    ) or status.docmdp_ok is False:
        raise SignatureRefused(
            "modified",
            _(
                "La %(kind)s se modificó después de firmarse (se agregaron cambios "
                "posteriores a la firma). Cargue el archivo tal como quedó al firmarlo."
            )
            % {"kind": kind},
        )
    report.checks.append("sin cambios después de la firma")
    if signed_at is None or signed_at > now + CLOCK_SKEW:
        raise SignatureRefused(
            "no_time",
            _(
                "La firma de la %(kind)s no indica una fecha válida de firma. Fírmela "
                "de nuevo con una aplicación de firma electrónica actualizada."
            )
            % {"kind": kind},
        )
    if moment > cert.not_valid_after_utc:
        raise SignatureRefused(
            "expired",
            _(
                "El certificado de firma electrónica con el que se firmó la %(kind)s "
                "está caducado (venció el %(date)s). La vigencia se comprueba al "
                "recibir el documento, no en la fecha de firma que indica el archivo. "
                "Renueve su certificado y firme de nuevo."
            )
            % {"kind": kind, "date": cert.not_valid_after_utc.strftime("%d/%m/%Y")},
        )
    if moment < cert.not_valid_before_utc:
        raise SignatureRefused(
            "not_yet_valid",
            _(
                "El certificado de firma electrónica con el que se firmó la %(kind)s "
                "aún no es válido (rige desde el %(date)s). Revise la fecha de su "
                "equipo y firme de nuevo."
            )
            % {"kind": kind, "date": cert.not_valid_before_utc.strftime("%d/%m/%Y")},
        )
    report.checks.append(
        "certificado vigente en el sello de tiempo"
        if report.timestamp_at
        else "certificado vigente al recibir el documento"
    )
    if status.revocation_details is not None:
        revoked_on = status.revocation_details.revocation_date
        raise SignatureRefused(
            "revoked",
            _(
                "El certificado de firma electrónica con el que se firmó la %(kind)s "
                "fue revocado por %(issuer)s el %(date)s y ya no sirve para firmar. "
                "Obtenga un certificado vigente y firme de nuevo."
            )
            % {
                "kind": kind,
                "issuer": report.issuer,
                "date": revoked_on.strftime("%d/%m/%Y") if revoked_on else "—",
            },
        )
    if report.revocation == RevocationCheck.VERIFIED:
        report.checks.append("certificado no revocado (OCSP o CRL)")
    if not _can_sign(cert):
        raise SignatureRefused(
            "usage",
            _(
                "El certificado usado en la %(kind)s no está autorizado para firmar "
                "documentos. Use su certificado de firma electrónica."
            )
            % {"kind": kind},
        )
    if not report.trusted:
        raise SignatureRefused(
            "untrusted",
            _(
                "La firma de la %(kind)s fue hecha con un certificado de una entidad "
                "que no está acreditada en Ecuador (%(issuer)s). Firme con un "
                "certificado emitido por una entidad de certificación acreditada."
            )
            % {"kind": kind, "issuer": report.issuer},
        )
    report.checks.append("emitido por una entidad acreditada")
    if report.signer_identification != identification:
        raise SignatureRefused(
            "wrong_signer",
            _(
                "La %(kind)s está firmada por %(signer)s (identificación %(number)s), "
                "no por el representante legal registrado. Debe firmarla el "
                "representante legal con su propio certificado."
            )
            % {
                "kind": kind,
                "signer": report.signer_name,
                "number": report.signer_identification or "—",
            },
        )
    report.checks.append("firmada por el representante legal")
    start, length = embedded.byte_range[2], embedded.byte_range[3]
    signed_revision = data[: start + length]
    if (
        len(signed_revision) >= document.size
        and hashlib.sha256(signed_revision[: document.size]).hexdigest()
        == document.sha256
    ):
        report.content_match = "prefijo"
    elif _same_text_and_code(signed_revision, bytes(document.content), document.code):
        report.content_match = "reescrito"
    else:
        raise SignatureRefused(
            "other_document",
            _(
                "El PDF firmado no es la %(kind)s generada en su Registro nuevo "
                "empleador (código %(code)s). Descargue ese documento, fírmelo sin "
                "cambiarlo y cárguelo."
            )
            % {"kind": kind, "code": document.code},
        )
    report.checks.append("es el documento generado en el registro")


def _broken(kind: str) -> SignatureRefused:
    return SignatureRefused(
        "broken",
        _(
            "La firma de la %(kind)s no es válida: el documento cambió después de "
            "firmarse o la firma está dañada. Firme de nuevo el documento original "
            "descargado del registro y cárguelo sin modificarlo."
        )
        % {"kind": kind},
    )


def _context(roots, moment, revocation_mode: str) -> ValidationContext:
    """Certificates judged at `moment`, revocation fetched as each certificate says.
    Revocation data fetched now counts for a past moment (a timestamp's): a
    certificate revoked after it was still good then."""
    return ValidationContext(
        trust_roots=roots,
        moment=moment,
        allow_fetching=True,
        revocation_mode=revocation_mode,
        retroactive_revinfo=True,
        fetcher_backend=OwnedFetcherBackend(CachedFetcherBackend()),
    )


def _trusted_timestamp(embedded, roots, now) -> datetime.datetime | None:
    """The time of a signature timestamp from a trusted authority, if there is one."""
    context = _context(roots, now, "soft-fail")

    async def timing():
        try:
            return await collect_timing_info(
                embedded.signer_info, context, raw_digest=embedded.compute_digest
            )
        finally:
            await context.aclose()

    validity = asyncio.run(timing()).get("timestamp_validity")
    if validity is not None and validity.intact and validity.valid and validity.trusted:
        return validity.timestamp
    return None


def _validated(signatures, roots, now, report):
    """The representative's signature, its certificate, its claimed signing time, the
    moment it is judged at (now, or a trusted timestamp) and pyHanko's verdict then.

    Revocation is checked hard first; a verdict that fails only because no OCSP or
    CRL answer came is taken with revocation unchecked, and the report says so."""
    by_name = {signature.field_name: signature for signature in signatures}
    embedded = by_name.get(SIGNATURE_FIELD_NAME, signatures[0])
    report.field_name = embedded.field_name
    cert = x509.load_der_x509_certificate(embedded.signer_cert.dump())
    report.signer_name = _common_name(cert.subject)
    report.issuer = _common_name(cert.issuer)
    report.certificate_serial = format(cert.serial_number, "X")
    report.certificate_valid_from = cert.not_valid_before_utc.isoformat()
    report.certificate_valid_until = cert.not_valid_after_utc.isoformat()
    report.signer_identification = certificate_identification(cert)
    signed_at = embedded.self_reported_timestamp
    report.signed_at = signed_at.isoformat() if signed_at else ""
    timestamp = _trusted_timestamp(embedded, roots, now)
    moment = min(timestamp, now) if timestamp else now
    report.timestamp_at = timestamp.isoformat() if timestamp else ""
    report.validated_at = moment.isoformat()

    def judged(revocation_mode: str):
        return validate_pdf_signature(
            embedded,
            _context(roots, moment, revocation_mode),
            key_usage_settings=SIGNING_USAGES,
        )

    status = judged("hard-fail")
    revocation = RevocationCheck.NO_INFORMATION
    if status.trust_problem_indic is None:
        path = status.validation_path.iter_certs(include_root=False)
        if any(declares_revocation_sources(member) for member in path):
            revocation = RevocationCheck.VERIFIED
    elif status.revocation_details is None:
        lenient = judged("soft-fail")
        if lenient.trust_problem_indic is None:
            status, revocation = lenient, RevocationCheck.UNVERIFIED
    report.revocation = revocation
    return embedded, cert, signed_at, moment, status
