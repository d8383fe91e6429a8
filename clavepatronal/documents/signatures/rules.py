"""The rules a returned Solicitud or Acuerdo must pass, in the order a person can act
on them; each refusal has its own code and message."""

import datetime
import hashlib
import re
from io import BytesIO

from django.utils.translation import gettext as _
from pyhanko.pdf_utils.reader import PdfFileReader
from pypdf import PdfReader

from ..constants import RevocationCheck
from ..models import GeneratedDocument
from ..truststore import trust_store
from .messages import broken, named
from .report import SignatureRefused, SignatureReport
from .signer import signer_check
from .validation import Verdict, validated

# A signing time this far in the future of our clock is not believed.
CLOCK_SKEW = datetime.timedelta(minutes=10)
# The signature covers its whole revision (the whole file, or everything up to the end
# of the signed revision); revisions after it may only add validation data (DSS,
# document timestamps), which the upload inspection reads like everything else.
COVERAGE_ACCEPTED = {"ENTIRE_FILE", "ENTIRE_REVISION"}
LATER_CHANGES_ACCEPTED = {"NONE", "LTA_UPDATES"}


def signature_verify(
    *, data: bytes, document: GeneratedDocument, identification: str, ruc: str
) -> SignatureReport:
    """Verify; return the report when every rule holds, else raise SignatureRefused
    carrying the report's code and message (the report itself is on `.report`).

    `identification` is the legal representative's; `ruc` the employer's (a company
    certificate must be of that RUC)."""
    report = SignatureReport()
    try:
        _verify(data, document, identification, ruc, report)
    except SignatureRefused as refused:
        report.code, report.message = refused.code, refused.message
        refused.report = report
        raise
    report.ok = True
    return report


def _verify(
    data: bytes, document: GeneratedDocument, identification: str, ruc: str, report
) -> None:
    kind = document.get_kind_display()
    signatures = _signatures_read(data, kind)
    store = trust_store()  # a configuration error must surface, not read as "broken"
    now = datetime.datetime.now(datetime.UTC)
    try:
        verdict = validated(signatures, store, now, report)
    except Exception:  # noqa: BLE001 - a malformed signature fails in many ways
        raise broken(kind) from None
    _integrity_check(verdict, report, kind)
    _validity_check(verdict, report, kind, now)
    signer_check(verdict, report, kind, identification=identification, ruc=ruc)
    _content_check(data, verdict, document, report, kind)


def _signatures_read(data: bytes, kind: str) -> list:
    try:
        signatures = PdfFileReader(BytesIO(data), strict=False).embedded_signatures
    except Exception:  # noqa: BLE001 - a malformed signature fails in many ways
        if b"/ByteRange" in data:  # a signature is there, but unreadable
            raise broken(kind) from None
        signatures = []
    if not signatures:
        raise SignatureRefused(
            "unsigned",
            _(
                "%(The_kind)s no tiene firma electrónica. Firme el documento con el "
                "certificado de firma electrónica del representante legal (por "
                "ejemplo, con FirmaEC) y cargue el archivo firmado."
            )
            % named(kind),
        )
    return signatures


def _integrity_check(verdict: Verdict, report: SignatureReport, kind: str) -> None:
    """Intact, covering its whole revision, nothing but validation data after it."""
    status = verdict.status
    report.intact = bool(status.intact and status.valid)
    report.trusted = status.trust_problem_indic is None
    report.coverage = status.coverage.name if status.coverage else ""
    level = status.modification_level
    report.modification_level = level.name if level else ""
    if not report.intact:
        raise broken(kind)
    report.checks.append("firma íntegra")
    if report.coverage not in COVERAGE_ACCEPTED:
        raise SignatureRefused(
            "partial_coverage",
            _(
                "La firma %(of_the_kind)s no cubre todo el documento: una parte del "
                "archivo quedó fuera de lo firmado y podría cambiar sin que la firma "
                "lo muestre. Firme de nuevo el documento original con su aplicación "
                "de firma electrónica (por ejemplo, FirmaEC) y cargue el archivo "
                "firmado sin modificarlo."
            )
            % named(kind),
        )
    if (
        level is not None and level.name not in LATER_CHANGES_ACCEPTED
    ) or status.docmdp_ok is False:
        raise SignatureRefused(
            "modified",
            _(
                "%(The_kind)s se modificó después de firmarse (se agregaron cambios "
                "posteriores a la firma). Cargue el archivo tal como quedó al firmarlo."
            )
            % named(kind),
        )
    report.checks.append("sin cambios después de la firma")


def _validity_check(
    verdict: Verdict, report: SignatureReport, kind: str, now: datetime.datetime
) -> None:
    """A believable signing time; the certificate valid at the moment it is judged
    (now, or a trusted timestamp) and not revoked."""
    cert, moment = verdict.cert, verdict.moment
    if verdict.signed_at is None or verdict.signed_at > now + CLOCK_SKEW:
        raise SignatureRefused(
            "no_time",
            _(
                "La firma %(of_the_kind)s no indica una fecha válida de firma. Firme "
                "de nuevo el documento con una aplicación de firma electrónica "
                "actualizada."
            )
            % named(kind),
        )
    if moment > cert.not_valid_after_utc:
        raise SignatureRefused(
            "expired",
            _(
                "El certificado de firma electrónica con el que se firmó %(the_kind)s "
                "está caducado (venció el %(date)s). La vigencia se comprueba al "
                "recibir el documento, no en la fecha de firma que indica el archivo. "
                "Renueve su certificado y firme de nuevo."
            )
            % {**named(kind), "date": cert.not_valid_after_utc.strftime("%d/%m/%Y")},
        )
    if moment < cert.not_valid_before_utc:
        raise SignatureRefused(
            "not_yet_valid",
            _(
                "El certificado de firma electrónica con el que se firmó %(the_kind)s "
                "aún no es válido (rige desde el %(date)s). Revise la fecha de su "
                "equipo y firme de nuevo."
            )
            % {**named(kind), "date": cert.not_valid_before_utc.strftime("%d/%m/%Y")},
        )
    report.checks.append(
        "certificado vigente en el sello de tiempo"
        if report.timestamp_at
        else "certificado vigente al recibir el documento"
    )
    _revocation_check(verdict, report, kind)


def _revocation_check(verdict: Verdict, report: SignatureReport, kind: str) -> None:
    """Refused when the authority says revoked; unchecked (no answer) is only marked
    for the officer (report.revocation)."""
    revoked = verdict.status.revocation_details
    if revoked is not None:
        raise SignatureRefused(
            "revoked",
            _(
                "El certificado de firma electrónica con el que se firmó %(the_kind)s "
                "fue revocado por %(issuer)s el %(date)s y ya no sirve para firmar. "
                "Obtenga un certificado vigente y firme de nuevo."
            )
            % {
                **named(kind),
                "issuer": report.issuer,
                "date": (
                    revoked.revocation_date.strftime("%d/%m/%Y")
                    if revoked.revocation_date
                    else "—"
                ),
            },
        )
    if report.revocation == RevocationCheck.VERIFIED:
        report.checks.append("certificado no revocado (OCSP o CRL)")


def _content_check(
    data: bytes,
    verdict: Verdict,
    document: GeneratedDocument,
    report: SignatureReport,
    kind: str,
) -> None:
    """What was signed is the document this service generated: its stored SHA-256
    is the signed revision's prefix, or, where a tool rewrote the file, the same
    document code and the same text on every page."""
    start, length = verdict.embedded.byte_range[2], verdict.embedded.byte_range[3]
    signed_revision = data[: start + length]
    if starts_with_document(signed_revision, document):
        report.content_match = "prefijo"
    elif _same_text_and_code(signed_revision, bytes(document.content), document.code):
        report.content_match = "reescrito"
    else:
        raise SignatureRefused(
            "other_document",
            _(
                "El PDF firmado no es %(the_kind)s que se generó en su Registro "
                "nuevo empleador (código %(code)s). Descargue ese documento, fírmelo "
                "sin cambiarlo y cárguelo."
            )
            % {**named(kind), "code": document.code},
        )
    report.checks.append("es el documento generado en el registro")


def starts_with_document(data: bytes, document: GeneratedDocument) -> bool:
    """Our bytes, exactly, as the file's prefix (a signature by incremental
    update keeps them)."""
    return (
        len(data) >= document.size
        and hashlib.sha256(data[: document.size]).hexdigest() == document.sha256
    )


def page_texts(data: bytes) -> list[str]:
    """Each page's text, whitespace collapsed (raises on an unreadable PDF)."""
    return [
        re.sub(r"\s+", " ", page.extract_text() or "").strip()
        for page in PdfReader(BytesIO(data)).pages
    ]


def carries_code(texts: list[str], code: str) -> bool:
    """Our document code somewhere in the text, however a tool spaced or grouped
    it."""
    return code in "".join(texts).replace(" ", "").replace("-", "")


def _same_text_and_code(signed: bytes, original: bytes, code: str) -> bool:
    """A file a tool rewrote: our document code inside, the same text on every page."""
    texts = page_texts(signed)
    return carries_code(texts, code) and texts == page_texts(original)
