import hashlib

from django.db import transaction

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record

from .models import GeneratedDocument


@transaction.atomic
def generated_document_create(
    *,
    code: str,
    kind: str,
    holder_identification: str,
    holder_name: str,
    content: bytes,
    holder_unverified: bool = False,
) -> GeneratedDocument:
    document = GeneratedDocument(
        code=code,
        kind=kind,
        holder_identification=holder_identification,
        holder_name=holder_name,
        holder_unverified=holder_unverified,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
    )
    document.full_clean()
    document.save()
    audit_event_record(
        action=AuditAction.DOCUMENTO_GENERADO,
        target=document,
        actor_label="sistema",
        data={"kind": kind, "sha256": document.sha256},
    )
    return document


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
