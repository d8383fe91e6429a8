"""Ventanilla virtual — Recepción de trámites: the applicant's pages."""

from .filing import applicant, applicant_draft, attachments, confirmation, start
from .followup import attachment_file, correct, status, status_link
from .links import continue_link, employer_confirm

__all__ = [
    "applicant",
    "applicant_draft",
    "attachment_file",
    "attachments",
    "confirmation",
    "continue_link",
    "correct",
    "employer_confirm",
    "start",
    "status",
    "status_link",
]
