"""«Recuperar con firma electrónica»: the legal representative signs a Solicitud de
restablecimiento de clave patronal and the link to choose a new clave goes to the new
e-mail it names (docs/portal.md).

A RUC, a razón social and the representative's name and cédula are public: nothing
here tells whoever asks whether the RUC is registered. The PDF carries only what was
typed; the verdict is never shown (the portal answers the same words whatever it
was); only the legal representative's own valid signature issues a link, and
anything less waits for an officer (procedures.services.clave_reset).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.core.addresses import public_url
from clavepatronal.documents.codes import code_grouped, document_code_new
from clavepatronal.documents.constants import DocumentKind
from clavepatronal.documents.models import GeneratedDocument
from clavepatronal.documents.services import (
    generated_document_create,
    generated_documents_atomic,
)
from clavepatronal.documents.signatures import (
    SignatureRefused,
    carries_code,
    page_texts,
    signature_verify,
    starts_with_document,
)

from ..constants import (
    ClaveResetReason,
    EmployerIdType,
    SriStatus,
)
from ..models import ClaveResetRequest, Registration
from ..pdfs import reset_request_pdf
from ..selectors import registration_active_get

# Stored as the document's holder: the PDF names no one from our records.
RESET_HOLDER_NAME = "No consta: datos escritos por quien pidió la solicitud"
# Refusals about the file itself, which the person can fix and which say nothing
# about the employer: shown at once instead of reaching an officer.
FILE_REFUSALS = {"unsigned", "broken"}
# Who must sign when no active registration names anyone: no certificate holds this,
# so the check refuses as it does for a known RUC signed by someone else.
NO_REPRESENTATIVE = "(sin registro activo)"
# Third digit of a company's RUC (9: private, 6: public): the SRI names its
# representatives.
COMPANY_RUC_DIGITS = {"6", "9"}


@dataclass(frozen=True)
class ResetVerdict:
    """What the signed upload proved: `reason` is empty only when every rule held."""

    registration: Registration | None
    report: dict
    reason: str = ""

    @property
    def passed(self) -> bool:
        return not self.reason


def clave_reset_request_create(
    *, identification: str, email: str, mobile: str, now: datetime | None = None
) -> ClaveResetRequest:
    """The Solicitud de restablecimiento for what was typed, the same whether or not
    the RUC is registered: nothing is looked up here."""
    now = now or timezone.now()
    code = document_code_new()
    expires_at = now + timedelta(days=settings.CLAVE_SIGNED_RECOVERY_DAYS)
    content = reset_request_pdf(
        identification=identification,
        email=email,
        code_display=code_grouped(code),
        verification_url=public_url("documents:verify_code", code=code),
        created_at=now,
        expires_at=expires_at,
    )
    with generated_documents_atomic():
        document = generated_document_create(
            code=code,
            kind=DocumentKind.SOLICITUD_RESTABLECIMIENTO,
            holder_identification=identification,
            holder_name=RESET_HOLDER_NAME,
            content=content,
        )
        reset = ClaveResetRequest(
            document=document,
            identification=identification,
            email=email,
            mobile=mobile,
            expires_at=expires_at,
        )
        reset.full_clean()
        reset.save()
        audit_event_record(
            action=AuditAction.RESTABLECIMIENTO_SOLICITADO,
            target=reset,
            actor_label=f"ciudadano (solicitud {code})",
            data={"identification": identification, "email": email, "code": code},
        )
    return reset


def _is_generated_copy(document: GeneratedDocument, data: bytes) -> bool:
    """Our bytes as the prefix (a signature by incremental update), or, where a tool
    rewrote the file, our document code in its text."""
    if starts_with_document(data, document):
        return True
    try:
        texts = page_texts(data)
    except Exception:  # noqa: BLE001 - an unreadable text layer is "not ours"
        return False
    return carries_code(texts, document.code)


def _obstacle(
    *, reset: ClaveResetRequest, registration: Registration | None, now: datetime
) -> str:
    """What, besides the signature, keeps the link from going out at once."""
    if registration is None:
        return ClaveResetReason.SIN_REGISTRO
    if reset.expires_at <= now:
        return ClaveResetReason.VENCIDA
    company = (
        registration.employer_id_type == EmployerIdType.RUC
        and registration.employer_identification[2:3] in COMPANY_RUC_DIGITS
    )
    if company and registration.sri_status != SriStatus.VERIFICADO:
        return ClaveResetReason.SRI
    user = (
        get_user_model()
        .objects.filter(username=registration.employer_identification)
        .first()
    )
    if user is not None and (user.is_staff or user.is_superuser or not user.is_active):
        return ClaveResetReason.CUENTA
    return ""


def clave_reset_check(
    *, reset_request: ClaveResetRequest, data: bytes, now: datetime | None = None
) -> ResetVerdict:
    """Judge a signed upload (outside any transaction: the check may ask an
    authority's OCSP). A file that is not this request's PDF, or that carries no
    readable signature, raises ValidationError: the person can fix it, and it says
    nothing about the employer. Anything else is a verdict."""
    now = now or timezone.now()
    document = reset_request.document
    if not _is_generated_copy(document, data):
        raise ValidationError(
            _(
                "Este PDF no es la Solicitud de restablecimiento de clave patronal "
                "con el código %(code)s. Descargue esa solicitud, fírmela sin "
                "modificarla y cárguela."
            )
            % {"code": document.code_display},
            code="other_document",
        )
    registration = registration_active_get(identification=reset_request.identification)
    try:
        report = signature_verify(
            data=data,
            document=document,
            identification=(
                registration.rep_identification if registration else NO_REPRESENTATIVE
            ),
            ruc=reset_request.identification,
        ).as_dict()
    except SignatureRefused as refused:
        if refused.code in FILE_REFUSALS:
            raise ValidationError(refused.message, code=refused.code) from None
        report = refused.report.as_dict() if getattr(refused, "report", None) else {}
        report.setdefault("code", refused.code)
        report.setdefault("message", refused.message)
        reason = (
            ClaveResetReason.SIN_REGISTRO
            if registration is None
            else ClaveResetReason.FIRMA
        )
        return ResetVerdict(registration=registration, report=report, reason=reason)
    reason = _obstacle(reset=reset_request, registration=registration, now=now)
    return ResetVerdict(registration=registration, report=report, reason=reason)
