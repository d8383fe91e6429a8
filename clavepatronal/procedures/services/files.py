"""The files of a trámite: written inside the transaction that records them, deleted
if anything fails before the commit; what a hard crash leaves behind (a file without
its row) is found by `orphan_files_delete` (`limpiar_adjuntos`)."""

import datetime
import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.documents.inspection import CheckedFile
from clavepatronal.documents.services import stored_orphans_delete

from ..models import Attachment, DraftAttachment, Tramite, private_storage

UPLOAD_FOLDER = "tramites"
DRAFT_FILE_FIELDS = (
    "requirement_code",
    "requirement_name",
    "kind",
    "display_name",
    "size",
    "sha256",
    "signature_report",
)


@dataclass(frozen=True)
class Upload:
    """A checked file for one requirement, with its signature report when signed."""

    requirement_code: str
    requirement_name: str
    file: CheckedFile
    signature_report: dict | None = None


def file_store(checked: CheckedFile, written: list[str]) -> str:
    """Write under a random name; note it so a failure can remove it."""
    today = timezone.localdate()
    name = f"{UPLOAD_FOLDER}/{today:%Y/%m}/{uuid.uuid4().hex}{checked.extension}"
    stored = private_storage().save(name, ContentFile(checked.content))
    written.append(stored)
    return stored


def files_delete(names: list[str]) -> None:
    storage = private_storage()
    for name in names:
        storage.delete(name)


def stored_fields(upload: Upload) -> dict:
    """What a file's row records about it (an attachment or a draft's file)."""
    return {
        "requirement_code": upload.requirement_code,
        "requirement_name": upload.requirement_name,
        "kind": upload.file.kind,
        "display_name": upload.file.display_name[:200],
        "size": upload.file.size,
        "sha256": upload.file.sha256,
        "signature_report": upload.signature_report,
    }


def attachment_create(*, tramite: Tramite, upload: Upload, written: list[str]):
    attachment = Attachment(tramite=tramite, **stored_fields(upload))
    attachment.file.name = file_store(upload.file, written)
    attachment.full_clean()
    attachment.save()
    return attachment


def attachment_from_draft(*, tramite: Tramite, kept: DraftAttachment) -> Attachment:
    """The draft's file becomes the trámite's: the same stored file, a new row (the
    draft's row goes in the same transaction)."""
    attachment = Attachment(
        tramite=tramite,
        file=kept.file.name,
        **{field: getattr(kept, field) for field in DRAFT_FILE_FIELDS},
    )
    attachment.full_clean()
    attachment.save()
    return attachment


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
    """Files under the uploads folder with no row (a trámite's or a draft's), older
    than the window (a hard crash between writing and commit). Returns the names
    removed."""
    known = set(Attachment.objects.values_list("file", flat=True))
    known |= set(DraftAttachment.objects.values_list("file", flat=True))
    return stored_orphans_delete(
        folder=UPLOAD_FOLDER, known=known, older_than=older_than
    )
