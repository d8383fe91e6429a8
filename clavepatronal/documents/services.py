"""Writes of generated documents: the PDF goes to private storage, the row keeps its
code, SHA-256 and size.

A file is written before its row, inside the row's transaction.
`generated_documents_atomic` is `transaction.atomic` that also removes the files
written inside it when it rolls back; every creation runs in one, and callers that add
more to the same transaction use it instead of `transaction.atomic` (a plain outer
block that rolls back leaves the file to `limpiar_documentos`). Deleting rows removes
their files once the deletion is committed.
"""

import contextvars
import datetime
import hashlib
import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record

from .models import GENERATED_FOLDER, GeneratedDocument, private_storage

PURGE_BATCH_SIZE = 500

# The files written inside the innermost `generated_documents_atomic` block.
_written: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "generated_documents_written", default=None
)

logger = logging.getLogger(__name__)


def generated_files_delete(names: list[str]) -> None:
    """Remove stored files; one already gone is no error (delete is idempotent).
    One the storage refuses has no row any more: the orphan sweep (limpiar_documentos,
    depurar_datos) removes it later, so it is logged, not raised."""
    storage = private_storage()
    for name in names:
        if not name:
            continue
        try:
            storage.delete(name)
        except Exception:
            logger.warning("generated document file not deleted; the sweep retries")


@contextmanager
def generated_documents_atomic() -> Iterator[None]:
    """`transaction.atomic()`, and if it rolls back, the files of the generated
    documents created inside it are removed; when it commits inside an outer block
    of the same kind, the outer one takes them over."""
    written: list[str] = []
    token = _written.set(written)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        generated_files_delete(written)
        raise
    finally:
        _written.reset(token)
    outer = _written.get()
    if outer is not None:
        outer.extend(written)


def _file_store(content: bytes) -> str:
    """Write under a random name, never over another file; note it for rollback."""
    today = timezone.localdate()
    name = f"{GENERATED_FOLDER}/{today:%Y/%m}/{uuid.uuid4().hex}.pdf"
    stored = private_storage().save(name, ContentFile(content))
    written = _written.get()
    if written is not None:
        written.append(stored)
    return stored


def generated_document_create(
    *,
    code: str,
    kind: str,
    holder_identification: str,
    holder_name: str,
    content: bytes,
    holder_unverified: bool = False,
) -> GeneratedDocument:
    with generated_documents_atomic():
        document = GeneratedDocument(
            code=code,
            kind=kind,
            holder_identification=holder_identification,
            holder_name=holder_name,
            holder_unverified=holder_unverified,
            sha256=hashlib.sha256(content).hexdigest(),
            size=len(content),
        )
        document.file.name = _file_store(content)
        document.full_clean()
        document.save()
        audit_event_record(
            action=AuditAction.DOCUMENTO_GENERADO,
            target=document,
            actor_label="sistema",
            data={"kind": kind, "sha256": document.sha256},
        )
    return document


def generated_documents_purge(queryset: QuerySet[GeneratedDocument]) -> int:
    """Delete the documents `queryset` selects and, once that is committed, their
    files (retention: `depurar_datos`). Only the rows read here go, by primary key,
    so a row added meanwhile never loses its file. Rows still referred to (PROTECT)
    raise ProtectedError and nothing is deleted. Returns how many rows went."""
    deleted = 0
    with transaction.atomic():
        rows = list(queryset.order_by().values_list("pk", "file"))
        for start in range(0, len(rows), PURGE_BATCH_SIZE):
            batch = rows[start : start + PURGE_BATCH_SIZE]
            _total, per_model = GeneratedDocument.objects.filter(
                pk__in=[pk for pk, _name in batch]
            ).delete()
            deleted += per_model.get(GeneratedDocument._meta.label, 0)
        names = [name for _pk, name in rows]
        transaction.on_commit(lambda: generated_files_delete(names))
    return deleted


def stored_orphans_delete(
    *, folder: str, known: set[str], older_than: datetime.timedelta
) -> list[str]:
    """Files under `folder` of the private storage that no row names (`known`),
    older than the window: what a hard crash between writing a file and committing
    its row leaves. Returns the names removed."""
    storage = private_storage()
    cutoff = timezone.now() - older_than
    removed, pending = [], [folder]
    while pending:
        current = pending.pop()
        try:
            folders, files = storage.listdir(current)
        except FileNotFoundError:
            continue
        pending.extend(f"{current}/{name}" for name in folders)
        for name in files:
            path = f"{current}/{name}"
            if path in known or storage.get_modified_time(path) > cutoff:
                continue
            storage.delete(path)
            removed.append(path)
    return removed


def generated_orphan_files_delete(*, older_than: datetime.timedelta) -> list[str]:
    """The generated documents' files that no row names (`limpiar_documentos`,
    `depurar_datos`)."""
    known = set(GeneratedDocument.objects.values_list("file", flat=True).iterator())
    return stored_orphans_delete(
        folder=GENERATED_FOLDER, known=known, older_than=older_than
    )


def generated_documents_holder_verified(*, document_ids: list[int]) -> int:
    """The holder's RUC is now verified: the verification page stops saying it is
    not. Returns how many documents changed."""
    return GeneratedDocument.objects.filter(
        pk__in=document_ids, holder_unverified=True
    ).update(holder_unverified=False)


def generated_document_view_record(
    *, document: GeneratedDocument, actor=None, actor_label: str
) -> None:
    """Every time someone opens a document's bytes, the trail says who."""
    audit_event_record(
        action=AuditAction.DOCUMENTO_DESCARGADO,
        target=document,
        actor=actor,
        actor_label=actor_label,
    )
