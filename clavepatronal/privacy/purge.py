"""`manage.py depurar_datos`: apply the retention table (privacy.retention).

Each enforced rule has a finder (the rows past their period that still hold what
the rule removes) and an applier (delete or anonymise a batch of them, in one
transaction). A file leaves storage only after the commit that removed its row; if
storage refuses, the file has no row any more and the next run's orphan sweep
(procedures' `orphan_files_delete`) removes it: never a row without its file for
long, never a file kept past its row. A second run finds nothing: deleted rows are
gone and anonymised rows no longer match their finder.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from clavepatronal.appointments.models import EmployerBlock
from clavepatronal.appointments.services.retention import (
    applications_anonymise,
    applications_anonymise_due,
    turns_anonymise,
    turns_anonymise_due,
    waitlist_anonymise,
    waitlist_anonymise_due,
)
from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.documents.models import GeneratedDocument
from clavepatronal.documents.services import (
    generated_documents_purge,
    generated_orphan_files_delete,
)
from clavepatronal.employers.constants import ClaveResetStatus, PowerStatus
from clavepatronal.employers.models import (
    ClaveResetRequest,
    PowerOfAttorney,
    RegistrationDraft,
)
from clavepatronal.notifications.constants import OutboxStatus
from clavepatronal.notifications.models import EmailVerification, OutboxEmail
from clavepatronal.procedures.constants import TramiteStatus
from clavepatronal.procedures.models import (
    Attachment,
    DraftAttachment,
    StatusChange,
    Tramite,
    TramiteDraft,
)
from clavepatronal.procedures.services import orphan_files_delete
from clavepatronal.procedures.services.files import files_delete

from .retention import RETENTION_TABLE, RetentionRule

logger = logging.getLogger(__name__)

TRAMITE_CLOSED = (TramiteStatus.CLAVE_EMITIDA, TramiteStatus.RECHAZADO)
APPLICANT_LABEL = "solicitante"
APPLICANT_BLANK = {
    "applicant_identification": "",
    "applicant_names": "",
    "applicant_email": "",
    "applicant_mobile": "",
    "message": "",
}


@dataclass(frozen=True)
class Step:
    """How one rule runs: the rows due at `cutoff`, and what to do with a batch."""

    due: Callable[[datetime.datetime], QuerySet]
    apply: Callable[[list[int]], int]


def _files_delete_on_commit(names: list[str]) -> None:
    def delete() -> None:
        try:
            files_delete(names)
        except Exception:
            # The rows are gone: the next run's orphan sweep deletes these files.
            logger.warning("purge: storage refused %d file(s); retried", len(names))

    transaction.on_commit(delete)


def _drafts_delete(ids: list[int]) -> int:
    names = list(
        DraftAttachment.objects.filter(draft__in=ids).values_list("file", flat=True)
    )
    deleted = TramiteDraft.objects.filter(pk__in=ids).delete()[1]
    _files_delete_on_commit(names)
    return deleted.get(TramiteDraft._meta.label, 0)


def _attachments_delete(ids: list[int]) -> int:
    rows = Attachment.objects.filter(pk__in=ids)
    names = list(rows.values_list("file", flat=True))
    deleted = rows.delete()[0]
    _files_delete_on_commit(names)
    return deleted


def _applicants_anonymise(ids: list[int]) -> int:
    """The applicant leaves the trámite and its history (which named them as the
    one who filed or corrected it); number, type, province and states stay."""
    tramites = Tramite.objects.filter(pk__in=ids, status__in=TRAMITE_CLOSED)
    for pk, names in tramites.values_list("pk", "applicant_names"):
        if names:
            StatusChange.objects.filter(tramite=pk, actor_label=names).update(
                actor_label=APPLICANT_LABEL
            )
    return tramites.update(**APPLICANT_BLANK)


def _resets_delete(ids: list[int]) -> int:
    rows = ClaveResetRequest.objects.filter(
        pk__in=ids, status=ClaveResetStatus.PENDIENTE
    )
    documents = list(rows.values_list("document", flat=True))
    deleted = rows.delete()[0]
    generated_documents_purge(GeneratedDocument.objects.filter(pk__in=documents))
    return deleted


def _unreferenced_documents(cutoff: datetime.datetime) -> QuerySet:
    """Generated documents older than `cutoff` that no row points at (whatever
    model: read from the relations, so a new record that keeps one keeps it)."""
    used = Q(pk__in=[])
    for relation in GeneratedDocument._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue
        if not (relation.one_to_one or relation.one_to_many):
            continue
        field = relation.field
        used |= Q(
            pk__in=field.model._base_manager.filter(
                **{f"{field.name}__isnull": False}
            ).values(field.attname)
        )
    return GeneratedDocument.objects.filter(created__lt=cutoff).exclude(used)


def _documents_delete(ids: list[int]) -> int:
    # Checked again inside the transaction: a record may have taken it since.
    return generated_documents_purge(
        _unreferenced_documents(timezone.now()).filter(pk__in=ids)
    )


STEPS: dict[str, Step] = {
    "codigos_verificacion": Step(
        due=lambda cutoff: EmailVerification.objects.filter(created__lt=cutoff),
        apply=lambda ids: EmailVerification.objects.filter(pk__in=ids).delete()[0],
    ),
    "borradores_registro": Step(
        due=lambda cutoff: RegistrationDraft.objects.filter(expires_at__lt=cutoff),
        apply=lambda ids: RegistrationDraft.objects.filter(pk__in=ids).delete()[0],
    ),
    "borradores_tramite": Step(
        due=lambda cutoff: TramiteDraft.objects.filter(expires_at__lt=cutoff),
        apply=_drafts_delete,
    ),
    "escaneos_poder_rechazado": Step(
        due=lambda cutoff: PowerOfAttorney.objects.filter(
            status=PowerStatus.RECHAZADO, reviewed_at__lt=cutoff, scan__isnull=False
        ),
        apply=lambda ids: PowerOfAttorney.objects.filter(
            pk__in=ids, status=PowerStatus.RECHAZADO
        ).update(scan=None, scan_kind="", scan_sha256=""),
    ),
    "restablecimientos_no_firmados": Step(
        due=lambda cutoff: ClaveResetRequest.objects.filter(
            status=ClaveResetStatus.PENDIENTE, expires_at__lt=cutoff
        ),
        apply=_resets_delete,
    ),
    "bloqueos_no_fui_yo": Step(
        due=lambda cutoff: EmployerBlock.objects.filter(until__lt=cutoff),
        apply=lambda ids: EmployerBlock.objects.filter(pk__in=ids).delete()[0],
    ),
    "correos_enviados": Step(
        due=lambda cutoff: OutboxEmail.objects.filter(
            status=OutboxStatus.ENVIADO, sent_at__lt=cutoff
        ),
        apply=lambda ids: OutboxEmail.objects.filter(pk__in=ids).delete()[0],
    ),
    "turnos": Step(
        due=lambda cutoff: turns_anonymise_due(day_before=cutoff),
        apply=lambda ids: turns_anonymise(turn_ids=ids),
    ),
    "solicitudes_sorteo": Step(
        due=lambda cutoff: applications_anonymise_due(
            day_before=timezone.localdate(cutoff)
        ),
        apply=lambda ids: applications_anonymise(application_ids=ids),
    ),
    "lista_espera": Step(
        due=lambda cutoff: waitlist_anonymise_due(
            day_before=timezone.localdate(cutoff)
        ),
        apply=lambda ids: waitlist_anonymise(entry_ids=ids),
    ),
    "adjuntos_tramite": Step(
        due=lambda cutoff: Attachment.objects.filter(
            tramite__status__in=TRAMITE_CLOSED, tramite__created__lt=cutoff
        ),
        apply=_attachments_delete,
    ),
    "solicitantes_tramite": Step(
        due=lambda cutoff: Tramite.objects.filter(
            status__in=TRAMITE_CLOSED, created__lt=cutoff
        ).exclude(**APPLICANT_BLANK),
        apply=_applicants_anonymise,
    ),
    "documentos_generados": Step(
        due=_unreferenced_documents,
        apply=_documents_delete,
    ),
}


def purge_due_counts(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """What a run would change, per kind (`--dry-run`): nothing is written."""
    now = now or timezone.now()
    return {
        rule.key: STEPS[rule.key].due(rule.cutoff(now)).count()
        for rule in _enforced_rules()
    }


def _enforced_rules() -> list[RetentionRule]:
    return [rule for rule in RETENTION_TABLE if rule.enforced]


def _rule_run(rule: RetentionRule, now: datetime.datetime, batch: int) -> int:
    step = STEPS[rule.key]
    cutoff = rule.cutoff(now)
    done = 0
    while True:
        ids = list(step.due(cutoff).order_by("pk").values_list("pk", flat=True)[:batch])
        if not ids:
            return done
        with transaction.atomic():
            # Still due now, and locked (PostgreSQL) until the batch commits: a
            # draft extended or a row taken meanwhile is left alone.
            locked = list(
                step.due(cutoff)
                .filter(pk__in=ids)
                .select_for_update(of=("self",))
                .values_list("pk", flat=True)
            )
            changed = step.apply(locked) if locked else 0
        done += changed
        if not changed:
            # Every row of the batch changed under us (taken by a record, reopened):
            # the next run looks again rather than loop on them.
            return done


def purge_run(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Apply every enforced rule in batches; retry the files storage refused last
    time; record one audit event with the counts per kind. Returns the counts."""
    now = now or timezone.now()
    batch = settings.PRIVACY_PURGE_BATCH
    window = datetime.timedelta(minutes=settings.UPLOAD_ORPHAN_MINUTES)
    # Files whose rows are gone (a refused delete, a crash): uploads and PDFs.
    orphans = orphan_files_delete(older_than=window)
    orphans += generated_orphan_files_delete(older_than=window)
    rules = _enforced_rules()
    counts: dict[str, int] = {}
    try:
        for rule in rules:
            counts[rule.key] = _rule_run(rule, now, batch)
    finally:
        # Also when a rule fails: what the committed batches did is on record.
        audit_event_record(
            action=AuditAction.DATOS_DEPURADOS,
            actor_label="sistema (depurar_datos)",
            data={
                "counts": counts,
                "orphan_files": len(orphans),
                "complete": len(counts) == len(rules),
                "at": now.isoformat(),
            },
        )
    return counts
