from .drafts import resume, save_later
from .existing import document, done, existing, existing_code
from .registration import email, legacy_step, new, review, start, step

__all__ = [
    "document",
    "done",
    "email",
    "existing",
    "existing_code",
    "legacy_step",
    "new",
    "resume",
    "review",
    "save_later",
    "start",
    "step",
]
