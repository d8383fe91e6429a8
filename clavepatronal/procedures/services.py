"""Writes of the Ventanilla virtual: receive a trámite, move it through its states,
observe it and take the applicant's corrections.

A trámite and its files land together or not at all: files are written inside the
transaction and deleted if anything fails before the commit; a hard crash between the
two leaves only files without a row, which `limpiar_adjuntos` removes.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.catalogue.constants import CLAVE_PATRONAL_CODE
from clavepatronal.core.addresses import public_url
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.documents.inspection import CheckedFile
from clavepatronal.employers.services import clave_issue_by_link
from clavepatronal.notifications.services import email_send

from .constants import (
    REVIEW_WORKING_DAYS,
    TRACKING_PREFIX,
    TRAMITE_TRANSITIONS,
    TramiteStatus,
)
from .links import CORRECTION_LINK_DAYS, correction_token
from .models import (
    Attachment,
    Observation,
    StatusChange,
    Tramite,
    TramiteCounter,
    private_storage,
)

UPLOAD_FOLDER = "tramites"


class TransitionNotAllowed(ApplicationError):
    """The trámite is not in a state that allows this step."""


@dataclass(frozen=True)
class Upload:
    """A checked file for one requirement, with its signature report when signed."""

    requirement_code: str
    requirement_name: str
    file: CheckedFile
    signature_report: dict | None = None


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


def _file_store(checked: CheckedFile, written: list[str]) -> str:
    """Write under a random name; note it so a failure can remove it."""
    today = timezone.localdate()
    name = f"{UPLOAD_FOLDER}/{today:%Y/%m}/{uuid.uuid4().hex}{checked.extension}"
    stored = private_storage().save(name, ContentFile(checked.content))
    written.append(stored)
    return stored


def _files_delete(names: list[str]) -> None:
    storage = private_storage()
    for name in names:
        storage.delete(name)


def _attachment_create(*, tramite: Tramite, upload: Upload, written: list[str]):
    attachment = Attachment(
        tramite=tramite,
        requirement_code=upload.requirement_code,
        requirement_name=upload.requirement_name,
        kind=upload.file.kind,
        display_name=upload.file.display_name[:200],
        size=upload.file.size,
        sha256=upload.file.sha256,
        signature_report=upload.signature_report,
    )
    attachment.file.name = _file_store(upload.file, written)
    attachment.full_clean()
    attachment.save()
    return attachment


def _history_add(*, tramite, from_status, to_status, actor_label, note="") -> None:
    StatusChange.objects.create(
        tramite=tramite,
        from_status=from_status,
        to_status=to_status,
        actor_label=actor_label,
        note=note,
    )


def tramite_submit(
    *,
    form_token: str,
    data: dict,
    uploads: list[Upload],
) -> tuple[Tramite, bool]:
    """Receive a trámite. Returns (trámite, created): the same form token again (a
    reload, a double click) returns the trámite it already made, and makes nothing."""
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
                **data,
            )
            tramite.full_clean(validate_unique=False)
            tramite.save()
            for upload in uploads:
                _attachment_create(tramite=tramite, upload=upload, written=written)
            _history_add(
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
                    "attachments": [u.requirement_code for u in uploads],
                },
            )
            _receipt_send(tramite)
    except IntegrityError:
        _files_delete(written)
        existing = Tramite.objects.filter(form_token=form_token).first()
        if existing:  # the twin request committed first
            return existing, False
        raise
    except BaseException:
        _files_delete(written)
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


def _legal_require(*, tramite: Tramite, to: str) -> TramiteStatus:
    current = TramiteStatus(tramite.status)
    if to not in TRAMITE_TRANSITIONS[current]:
        raise TransitionNotAllowed(
            _("Un trámite en estado «%(from)s» no puede pasar a «%(to)s».")
            % {"from": current.label, "to": TramiteStatus(to).label}
        )
    return current


def _transition(
    *, tramite: Tramite, to: str, actor=None, actor_label: str, note: str = ""
) -> Tramite:
    """Move the trámite one legal step, once: a conditional UPDATE, so two officers
    (or two tabs) acting at the same moment cannot both succeed."""
    current = _legal_require(tramite=tramite, to=to)
    changed = Tramite.objects.filter(pk=tramite.pk, status=current).update(
        status=to, updated=timezone.now()
    )
    if not changed:
        raise TransitionNotAllowed(
            _("El trámite cambió de estado mientras tanto; vuelva a cargarlo.")
        )
    tramite.status = to
    _history_add(
        tramite=tramite,
        from_status=current,
        to_status=to,
        actor_label=actor_label,
        note=note,
    )
    audit_event_record(
        action=AuditAction.for_tramite_status(to),
        target=tramite,
        actor=actor,
        actor_label=actor_label,
        data={"number": tramite.number, "from": current, "to": to, "note": note},
    )
    return tramite


def _assignee_require(*, tramite: Tramite, actor, to: str) -> None:
    """A legal step, by the officer who took the trámite (and only them)."""
    _legal_require(tramite=tramite, to=to)
    if tramite.assigned_to_id != actor.pk:
        raise ApplicationError(
            _(
                "Tome el trámite antes de actuar: está asignado a otro servidor o a "
                "nadie."
            ),
            extra={"code": "not_assignee"},
        )


@transaction.atomic
def tramite_review_start(*, tramite: Tramite, actor) -> Tramite:
    """An officer takes the trámite (RECIBIDO or CORREGIDO → EN_REVISION)."""
    _transition(
        tramite=tramite,
        to=TramiteStatus.EN_REVISION,
        actor=actor,
        actor_label=actor.get_username(),
    )
    Tramite.objects.filter(pk=tramite.pk).update(assigned_to=actor)
    tramite.assigned_to = actor
    return tramite


@transaction.atomic
def tramite_observe(
    *, tramite: Tramite, actor, items: dict[str, str], general: str = ""
) -> list[Observation]:
    """EN_REVISION → OBSERVADO: one observation per requirement to correct (and an
    optional general one); the applicant gets them by e-mail with a link to replace
    only those files."""
    _assignee_require(tramite=tramite, actor=actor, to=TramiteStatus.OBSERVADO)
    if not items and not general.strip():
        raise ApplicationError(_("Escriba al menos una observación."))
    names = dict(
        tramite.attachments.filter(is_current=True).values_list(
            "requirement_code", "requirement_name"
        )
    )
    unknown = set(items) - set(names)
    if unknown:
        raise ApplicationError(
            _("El trámite no tiene estos requisitos: %(codes)s.")
            % {"codes": ", ".join(sorted(unknown))}
        )
    _transition(
        tramite=tramite,
        to=TramiteStatus.OBSERVADO,
        actor=actor,
        actor_label=actor.get_username(),
        note="; ".join([*items.values(), general]).strip("; "),
    )
    round_ = (
        tramite.observations.order_by("-round").values_list("round", flat=True).first()
        or 0
    ) + 1
    observations = [
        Observation(
            tramite=tramite,
            round=round_,
            requirement_code=code,
            requirement_name=names[code],
            text=text.strip(),
            author=actor,
        )
        for code, text in items.items()
    ]
    if general.strip():
        observations.append(
            Observation(
                tramite=tramite, round=round_, text=general.strip(), author=actor
            )
        )
    for observation in observations:
        observation.full_clean()
        observation.save()
    email_send(
        to=tramite.applicant_email,
        subject=_("Su trámite %(number)s tiene observaciones — Ventanilla virtual IESS")
        % {"number": tramite.number},
        template_name="tramite_observado",
        context={
            "tramite": tramite,
            "observations": observations,
            "correction_url": public_url(
                "procedures:correct", token=correction_token(tramite, round_)
            ),
            "days": CORRECTION_LINK_DAYS,
        },
    )
    return observations


@transaction.atomic
def tramite_reject(*, tramite: Tramite, actor, reason: str) -> Tramite:
    """→ RECHAZADO, saying why; the applicant is told by e-mail and may file again."""
    _assignee_require(tramite=tramite, actor=actor, to=TramiteStatus.RECHAZADO)
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("Escriba el motivo del rechazo."))
    _transition(
        tramite=tramite,
        to=TramiteStatus.RECHAZADO,
        actor=actor,
        actor_label=actor.get_username(),
        note=reason,
    )
    email_send(
        to=tramite.applicant_email,
        subject=_("Su trámite %(number)s no fue aprobado — Ventanilla virtual IESS")
        % {"number": tramite.number},
        template_name="tramite_rechazado",
        context={
            "tramite": tramite,
            "reason": reason,
            "ventanilla_url": public_url("procedures:start"),
        },
    )
    return tramite


@transaction.atomic
def tramite_approve(*, tramite: Tramite, actor) -> Tramite:
    """EN_REVISION → APROBADO; for the clave patronal, the key is issued by the
    virtual channel at once (a link to the employer's verified e-mail) and the
    trámite ends CLAVE_EMITIDA. All of it lands together or not at all."""
    _assignee_require(tramite=tramite, actor=actor, to=TramiteStatus.APROBADO)
    _transition(
        tramite=tramite,
        to=TramiteStatus.APROBADO,
        actor=actor,
        actor_label=actor.get_username(),
    )
    issued = tramite.procedure_type.code == CLAVE_PATRONAL_CODE
    if issued:
        if tramite.registration is None:
            raise ApplicationError(
                _("El trámite no tiene un registro de empleador; no se emite la clave.")
            )
        result = clave_issue_by_link(
            registration=tramite.registration,
            issued_by=actor,
        )
        _transition(
            tramite=tramite,
            to=TramiteStatus.CLAVE_EMITIDA,
            actor=actor,
            actor_label=actor.get_username(),
            note=_("Enlace de activación enviado a %(email)s")
            % {"email": result.activation.email},
        )
    email_send(
        to=tramite.applicant_email,
        subject=_("Su trámite %(number)s fue aprobado — Ventanilla virtual IESS")
        % {"number": tramite.number},
        template_name="tramite_aprobado",
        context={
            "tramite": tramite,
            "clave_emitida": issued,
            "email": tramite.registration.email if issued else "",
            "status_url": public_url("procedures:status"),
        },
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
            _transition(
                tramite=tramite,
                to=TramiteStatus.CORREGIDO,
                actor_label=tramite.applicant_names,
                note=note,
            )
            Attachment.objects.filter(
                tramite=tramite, requirement_code__in=open_items, is_current=True
            ).update(is_current=False, updated=timezone.now())
            for upload in uploads:
                _attachment_create(tramite=tramite, upload=upload, written=written)
            tramite.observations.filter(round=round_, resolved_at__isnull=True).update(
                resolved_at=timezone.now()
            )
    except BaseException:
        _files_delete(written)
        raise
    return tramite


def attachment_view_record(*, attachment: Attachment, actor=None, actor_label: str):
    """Every look at an uploaded file leaves an audit event (who, which, from where:
    the address comes with the request, audit.context)."""
    audit_event_record(
        action=AuditAction.ADJUNTO_VISTO,
        target=attachment,
        actor=actor,
        actor_label=actor_label,
        data={
            "number": attachment.tramite.number,
            "requirement": attachment.requirement_code,
        },
    )


def orphan_files_delete(*, older_than: datetime.timedelta) -> list[str]:
    """Files under the uploads folder with no attachment row, older than the window
    (a hard crash between writing and commit). Returns the names removed."""
    storage = private_storage()
    known = set(Attachment.objects.values_list("file", flat=True))
    cutoff = timezone.now() - older_than
    removed = []
    pending = [UPLOAD_FOLDER]
    while pending:
        folder = pending.pop()
        try:
            folders, files = storage.listdir(folder)
        except FileNotFoundError:
            continue
        pending.extend(f"{folder}/{name}" for name in folders)
        for name in files:
            path = f"{folder}/{name}"
            if path in known or storage.get_modified_time(path) > cutoff:
                continue
            storage.delete(path)
            removed.append(path)
    return removed
