"""Receive a trámite, and take the applicant's corrections.

A trámite and its files land together or not at all: files are written inside the
transaction and deleted if anything fails before the commit; a hard crash between the
two leaves only files without a row, which `limpiar_adjuntos` removes.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.core.addresses import public_url
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.employers.models import Registration
from clavepatronal.identity.models import Province
from clavepatronal.notifications.services import email_send

from ..constants import REVIEW_WORKING_DAYS, TRACKING_PREFIX, TramiteStatus
from ..links import confirm_token, status_token
from ..models import Attachment, Tramite, TramiteCounter, TramiteDraft
from ..selectors import applicant_is_party
from .drafts import tramite_draft_delete
from .files import Upload, attachment_create, attachment_from_draft, files_delete
from .history import history_add, transition


def _tracking_number_new() -> str:
    """VV-2026-000123. The counter row's lock serialises concurrent submissions."""
    year = timezone.localdate().year
    if not TramiteCounter.objects.filter(year=year).update(last=F("last") + 1):
        try:
            with transaction.atomic():
                TramiteCounter.objects.create(year=year, last=1)
        except IntegrityError:  # another submission created the year's row first
            TramiteCounter.objects.filter(year=year).update(last=F("last") + 1)
    last = TramiteCounter.objects.get(year=year).last
    return f"{TRACKING_PREFIX}-{year}-{last:06d}"


class DraftGone(Exception):
    """The draft was sent (or removed) by a twin request while this one waited."""


def _draft_files_take(
    tramite: Tramite, draft: TramiteDraft | None, uploads: list[Upload]
) -> list[str]:
    """The draft's kept files become the trámite's (a new upload for the same
    requirement replaces the kept one), and the draft goes, in the submission's
    transaction. Returns the requirement codes taken."""
    if draft is None:
        return []
    if not TramiteDraft.objects.select_for_update().filter(pk=draft.pk).exists():
        raise DraftGone
    new = {upload.requirement_code for upload in uploads}
    taken, replaced = [], []
    for attachment in draft.attachments.all():
        if attachment.requirement_code in new:
            replaced.append(attachment.file.name)
            continue
        attachment_from_draft(tramite=tramite, kept=attachment)
        taken.append(attachment.requirement_code)
    tramite_draft_delete(draft=draft)
    transaction.on_commit(lambda: files_delete(replaced))
    return taken


def _tramite_record(
    *,
    tramite: Tramite,
    uploads: list[Upload],
    written: list[str],
    draft: TramiteDraft | None,
) -> None:
    """Inside the submission's transaction: the row, its files, the history, the
    audit event and the receipt mail."""
    tramite.full_clean(validate_unique=False)
    tramite.save()
    codes = _draft_files_take(tramite, draft, uploads)
    for upload in uploads:
        attachment_create(tramite=tramite, upload=upload, written=written)
        codes.append(upload.requirement_code)
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
        data={
            "number": tramite.number,
            "attachments": codes,
        },
    )
    _receipt_send(tramite)
    if tramite.registration and not tramite.filed_by_party:
        _third_party_notice_send(tramite)


def _filed_by_party(
    registration: Registration | None, employer_proven: bool, applicant: tuple
) -> bool:
    """Filed from the signed link mailed to the registration's e-mail
    (`employer_proven`) by a person the registration names. Typing the
    representative's cédula, which is public, proves nothing."""
    id_type, identification = applicant
    return employer_proven and applicant_is_party(
        registration=registration, id_type=id_type, identification=identification
    )


def tramite_submit(
    *,
    form_token: str,
    procedure_type: ProcedureType,
    province: Province,
    applicant_id_type: str,
    applicant_identification: str,
    applicant_names: str,
    applicant_email: str,
    applicant_mobile: str,
    employer_identification: str,
    message: str,
    registration: Registration | None = None,
    foreign_document: str = "",
    uploads: list[Upload],
    draft: TramiteDraft | None = None,
    employer_proven: bool = False,
) -> tuple[Tramite, bool]:
    """Receive a trámite (new `uploads`, the files its `draft` kept) once per form
    token (a reload makes nothing): (trámite, created). See _filed_by_party."""
    existing = Tramite.objects.filter(form_token=form_token).first()
    if existing:
        return existing, False
    written: list[str] = []
    try:
        with transaction.atomic():
            tramite = Tramite(
                form_token=form_token,
                number=_tracking_number_new(),
                status=TramiteStatus.RECIBIDO,
                procedure_type=procedure_type,
                province=province,
                applicant_id_type=applicant_id_type,
                applicant_identification=applicant_identification,
                applicant_names=applicant_names,
                applicant_email=applicant_email,
                applicant_mobile=applicant_mobile,
                employer_identification=employer_identification,
                registration=registration,
                message=message,
                foreign_document=foreign_document,
                filed_by_party=_filed_by_party(
                    registration,
                    employer_proven,
                    (applicant_id_type, applicant_identification),
                ),
            )
            _tramite_record(
                tramite=tramite, uploads=uploads, written=written, draft=draft
            )
    except (IntegrityError, DraftGone):
        files_delete(written)
        existing = Tramite.objects.filter(form_token=form_token).first()
        if existing:  # the twin request committed first
            return existing, False
        raise
    except BaseException:
        files_delete(written)
        raise
    return tramite, True


def _receipt_send(tramite: Tramite) -> None:
    email_send(
        to=tramite.applicant_email,
        subject=_("Trámite recibido %(number)s — Ventanilla virtual IESS")
        % {"number": tramite.number},
        template_name="tramite_recibido",
        context={
            "tramite": tramite,
            "attachments": list(tramite.attachments.filter(is_current=True)),
            "status_url": public_url("procedures:status"),
            "working_days": REVIEW_WORKING_DAYS,
        },
    )


def _correction_receipt_send(tramite: Tramite, uploads: list[Upload]) -> None:
    email_send(
        to=tramite.applicant_email,
        subject=_(
            "Corrección recibida del trámite %(number)s — Ventanilla virtual IESS"
        )
        % {"number": tramite.number},
        template_name="tramite_corregido",
        context={
            "tramite": tramite,
            "files": [upload.requirement_name for upload in uploads],
            "status_url": public_url(
                "procedures:status_link", token=status_token(tramite)
            ),
        },
    )


def _third_party_notice_send(tramite: Tramite) -> None:
    """The employer learns that someone it does not name filed in its name, and
    may confirm it from the link (only then does the portal show it)."""
    email_send(
        to=tramite.registration.email,
        subject=_("Un tercero presentó el trámite %(number)s a su nombre")
        % {"number": tramite.number},
        template_name="tramite_tercero",
        context={
            "tramite": tramite,
            "confirm_url": public_url(
                "procedures:employer_confirm", token=confirm_token(tramite)
            ),
        },
    )


@transaction.atomic
def tramite_employer_confirm(*, tramite: Tramite) -> Tramite:
    """The employer, from the mailed link, claims a trámite a third party filed."""
    if tramite.employer_confirmed_at is None:
        tramite.employer_confirmed_at = timezone.now()
        tramite.save(update_fields=["employer_confirmed_at", "updated"])
        audit_event_record(
            action=AuditAction.TRAMITE_CONFIRMADO_EMPLEADOR,
            target=tramite,
            actor_label=tramite.employer_identification,
            data={"number": tramite.number},
        )
    return tramite


def tramite_correct(
    *, tramite: Tramite, round_: int, uploads: list[Upload], note: str = ""
) -> Tramite:
    """OBSERVADO → CORREGIDO: the observed files are replaced (the old ones stay in
    the history, no longer current) and the observations marked corrected."""
    open_items = {
        o.requirement_code
        for o in tramite.observations.filter(round=round_, resolved_at__isnull=True)
        if o.requirement_code
    }
    if {upload.requirement_code for upload in uploads} != open_items:
        raise ApplicationError(
            _("Cargue un archivo nuevo por cada requisito observado.")
        )
    written: list[str] = []
    try:
        with transaction.atomic():
            transition(
                tramite=tramite,
                to=TramiteStatus.CORREGIDO,
                actor_label=tramite.applicant_names,
                note=note,
            )
            Attachment.objects.filter(
                tramite=tramite, requirement_code__in=open_items, is_current=True
            ).update(is_current=False, updated=timezone.now())
            for upload in uploads:
                attachment_create(tramite=tramite, upload=upload, written=written)
            tramite.observations.filter(round=round_, resolved_at__isnull=True).update(
                resolved_at=timezone.now()
            )
            _correction_receipt_send(tramite, uploads)
    except BaseException:
        files_delete(written)
        raise
    return tramite
