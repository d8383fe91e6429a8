"""Ventanilla submissions in progress: one draft per tab, its answers, the files that
already passed their checks, and its expiry (`limpiar_adjuntos` removes what an
abandoned draft kept).

A file and its row land together: the file is written inside the transaction that
saves the row and deleted if anything fails before the commit; a replaced file is
deleted only after the commit that stopped naming it.
"""

import datetime
import secrets

from django.db import transaction
from django.utils import timezone

from ..constants import DRAFT_LIFETIME_HOURS
from ..models import DraftAttachment, TramiteDraft
from .files import Upload, file_store, files_delete, stored_fields

# Page-1 answers that decide which files apply: changing one drops the kept files.
FILE_DECIDING_ANSWERS = ("employer", "procedure_type")


def _expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(hours=DRAFT_LIFETIME_HOURS)


def tramite_draft_create(*, state: dict) -> TramiteDraft:
    """A new draft with the first page's answers (or a registration's, pre-filled)."""
    draft = TramiteDraft(
        key=secrets.token_urlsafe(24), state=state, expires_at=_expiry()
    )
    draft.full_clean()
    draft.save()
    return draft


@transaction.atomic
def tramite_draft_save(*, draft: TramiteDraft, state: dict) -> None:
    """Store the answers; every change gives the draft its full lifetime again. A
    different employer or procedure asks for other files: the kept ones go."""
    if any(
        str(draft.state.get(key)) != str(state.get(key))
        for key in FILE_DECIDING_ANSWERS
    ):
        _attachments_delete(draft.attachments.all())
    draft.state = state
    draft.expires_at = _expiry()
    draft.save(update_fields=["state", "expires_at", "updated"])


def _attachments_delete(attachments) -> None:
    names = [attachment.file.name for attachment in attachments]
    attachments.delete()
    transaction.on_commit(lambda: files_delete(names))


def tramite_draft_files_attach(*, draft: TramiteDraft, uploads: list[Upload]) -> None:
    """Keep the files that passed their checks; a new file for a requirement
    replaces the one kept before."""
    if not uploads:
        return
    written: list[str] = []
    try:
        with transaction.atomic():
            TramiteDraft.objects.select_for_update().filter(pk=draft.pk).get()
            replaced = []
            for upload in uploads:
                old = draft.attachments.filter(
                    requirement_code=upload.requirement_code
                ).first()
                if old:
                    replaced.append(old.file.name)
                    old.delete()
                attachment = DraftAttachment(draft=draft, **stored_fields(upload))
                attachment.file.name = file_store(upload.file, written)
                attachment.full_clean()
                attachment.save()
            draft.expires_at = _expiry()
            draft.save(update_fields=["expires_at", "updated"])
            transaction.on_commit(lambda: files_delete(replaced))
    except BaseException:
        files_delete(written)
        raise


@transaction.atomic
def tramite_draft_prune(*, draft: TramiteDraft, codes: set[str]) -> None:
    """Drop kept files for requirements that no longer apply to the draft."""
    _attachments_delete(draft.attachments.exclude(requirement_code__in=codes))


def tramite_draft_delete(*, draft: TramiteDraft) -> None:
    """The draft and its rows (a sent draft's files now belong to the trámite)."""
    TramiteDraft.objects.filter(pk=draft.pk).delete()


def expired_drafts_delete() -> list[str]:
    """Remove the drafts past their expiry and the files they kept. Returns the
    names of the files removed."""
    with transaction.atomic():
        expired = list(
            TramiteDraft.objects.select_for_update()
            .filter(expires_at__lte=timezone.now())
            .values_list("pk", flat=True)
        )
        names = list(
            DraftAttachment.objects.filter(draft__in=expired).values_list(
                "file", flat=True
            )
        )
        TramiteDraft.objects.filter(pk__in=expired).delete()
    files_delete(names)
    return names
