from .registration import (
    document,
    done,
    email,
    existing,
    existing_code,
    review,
    start,
    step,
)

__all__ = [
    "document",
    "done",
    "email",
    "existing",
    "existing_code",
    "review",
    "start",
    "step",
]
