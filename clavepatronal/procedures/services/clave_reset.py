"""«Recuperar con firma electrónica» received (docs/portal.md): the link to the new
e-mail at once when the legal representative's signature passed every rule, or else a
trámite in the officers' queue carrying the signed PDF and what the check found.
Nothing is decided silently, and the person is answered the same either way."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.catalogue.constants import CLAVE_RESET_CODE
from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.core.addresses import public_url
from clavepatronal.documents.constants import RevocationCheck
from clavepatronal.documents.inspection import CheckedFile
from clavepatronal.employers.constants import ClaveResetReason
from clavepatronal.employers.models import ClaveResetRequest
from clavepatronal.employers.services import (
    ResetVerdict,
    clave_reset_check,
    clave_reset_grant,
    clave_reset_review_mark,
)
from clavepatronal.identity.constants import IdentificationType
from clavepatronal.identity.models import Province
from clavepatronal.notifications.services import email_send
from clavepatronal.observability import record

from ..constants import MESSAGE_MAX_LENGTH, REVIEW_WORKING_DAYS, TramiteStatus
from ..models import Tramite
from ..selectors import tramite_requirement_slots
from .files import Upload, attachment_create, files_delete
from .history import history_add
from .submission import _tracking_number_new

# Where a trámite goes when no registration names a province: the province the
# identification's first two digits name, or else Pichincha.
FALLBACK_PROVINCE_CODE = "17"
SIGNED_LINK = "enlace"
SENT_TO_REVIEW = "revision"


def clave_reset_receive(
    *, reset_request: ClaveResetRequest, file: CheckedFile, now=None
) -> str:
    """Judge the signed upload and act: SIGNED_LINK or SENT_TO_REVIEW. A file that
    is not this request's signed PDF raises ValidationError; a request already
    received raises ClaveResetTaken. The caller answers the same whatever this
    returns."""
    now = now or timezone.now()
    verdict = clave_reset_check(reset_request=reset_request, data=file.content, now=now)
    if (verdict.report or {}).get("revocation") == RevocationCheck.UNVERIFIED:
        record.signature_revocation_unchecked()
    if verdict.passed:
        clave_reset_grant(
            reset_request=reset_request,
            registration=verdict.registration,
            report=verdict.report,
            now=now,
        )
        return SIGNED_LINK
    _review_file(reset=reset_request, file=file, verdict=verdict, now=now)
    return SENT_TO_REVIEW


def _province(reset: ClaveResetRequest, verdict: ResetVerdict) -> Province:
    if verdict.registration is not None:
        return verdict.registration.province
    return Province.objects.filter(
        code=reset.identification[:2]
    ).first() or Province.objects.get(code=FALLBACK_PROVINCE_CODE)


def _applicant(reset: ClaveResetRequest, report: dict) -> dict:
    """Who asked, as far as the signature tells (the officer reads the report)."""
    signer = report.get("signer_identification") or ""
    identification = signer or reset.identification
    return {
        "applicant_id_type": (
            IdentificationType.CEDULA
            if len(identification) in (10, 13) and identification.isdigit()
            else IdentificationType.PASAPORTE
        ),
        "applicant_identification": identification[:25],
        "applicant_names": (report.get("signer_name") or _("Firmante sin identificar"))[
            :200
        ],
        "applicant_email": reset.email,
        "applicant_mobile": reset.mobile,
    }


def _message(reset: ClaveResetRequest, verdict: ResetVerdict) -> str:
    """What the officer reads first: the request, the new e-mail and why it is here."""
    lines = [
        _(
            "Solicitud de restablecimiento de clave patronal con firma electrónica, "
            "código %(code)s, para enviar el enlace al correo %(email)s."
        )
        % {"code": reset.document.code_display, "email": reset.email},
        _("Motivo de la revisión: %(reason)s.")
        % {"reason": ClaveResetReason(verdict.reason).label},
    ]
    if verdict.report.get("message"):
        lines.append(
            _("Verificación de la firma: %(message)s")
            % {"message": verdict.report["message"]}
        )
    return "\n".join(lines)[:MESSAGE_MAX_LENGTH]


def _review_file(
    *, reset: ClaveResetRequest, file: CheckedFile, verdict: ResetVerdict, now
) -> Tramite:
    """The trámite, its file (written inside the transaction, deleted if it fails),
    its history, its audit event and the receipt, with the request marked."""
    procedure_type = ProcedureType.objects.get(code=CLAVE_RESET_CODE)
    slot = tramite_requirement_slots(procedure_type=procedure_type, registration=None)[
        0
    ]
    written: list[str] = []
    try:
        with transaction.atomic():
            reset = clave_reset_review_mark(
                reset_request=reset, verdict=verdict, now=now
            )
            tramite = Tramite(
                form_token=f"restablecimiento-{reset.document.code}",
                number=_tracking_number_new(),
                status=TramiteStatus.RECIBIDO,
                procedure_type=procedure_type,
                province=_province(reset, verdict),
                employer_identification=reset.identification,
                registration=verdict.registration,
                message=_message(reset, verdict),
                clave_reset=reset,
                **_applicant(reset, verdict.report),
            )
            tramite.full_clean(validate_unique=False)
            tramite.save()
            upload = Upload(
                requirement_code=slot.code,
                requirement_name=slot.name,
                file=file,
                signature_report=verdict.report,
            )
            attachment_create(tramite=tramite, upload=upload, written=written)
            _recorded(tramite=tramite, reset=reset)
    except BaseException:
        files_delete(written)
        raise
    return tramite


def _recorded(*, tramite: Tramite, reset: ClaveResetRequest) -> None:
    history_add(
        tramite=tramite,
        from_status="",
        to_status=TramiteStatus.RECIBIDO,
        actor_label=tramite.applicant_names,
    )
    audit_event_record(
        action=AuditAction.TRAMITE_RECIBIDO,
        target=tramite,
        actor_label=tramite.applicant_identification,
        data={"number": tramite.number, "clave_reset": reset.document.code},
    )
    email_send(
        to=tramite.applicant_email,
        subject=_("Solicitud de restablecimiento recibida %(number)s — IESS")
        % {"number": tramite.number},
        template_name="restablecimiento_revision",
        context={
            "tramite": tramite,
            "code": reset.document.code_display,
            "status_url": public_url("procedures:status"),
            "working_days": REVIEW_WORKING_DAYS,
        },
    )
