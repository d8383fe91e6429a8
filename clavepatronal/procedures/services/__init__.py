"""Writes of the Ventanilla virtual: receive a trámite, move it through its states,
observe it and take the applicant's corrections."""

from .clave_reset import SENT_TO_REVIEW, SIGNED_LINK, clave_reset_receive
from .drafts import (
    expired_drafts_delete,
    tramite_draft_create,
    tramite_draft_files_attach,
    tramite_draft_prune,
    tramite_draft_save,
)
from .files import Upload, attachment_view_record, orphan_files_delete
from .history import TransitionNotAllowed, transition
from .review import (
    tramite_approve,
    tramite_observe,
    tramite_reject,
    tramite_review_start,
    tramite_view_record,
)
from .submission import tramite_correct, tramite_employer_confirm, tramite_submit

__all__ = [
    "SENT_TO_REVIEW",
    "SIGNED_LINK",
    "clave_reset_receive",
    "TransitionNotAllowed",
    "Upload",
    "attachment_view_record",
    "expired_drafts_delete",
    "orphan_files_delete",
    "tramite_approve",
    "tramite_correct",
    "tramite_draft_create",
    "tramite_draft_files_attach",
    "tramite_draft_prune",
    "tramite_draft_save",
    "tramite_employer_confirm",
    "tramite_observe",
    "tramite_reject",
    "tramite_review_start",
    "tramite_view_record",
    "tramite_submit",
    "transition",
]
