"""What the domain services call, one line at each event. Counts that follow a
write wait for its commit (transaction.on_commit): a rolled-back booking is not a
booking. Every label is cut to a bounded shape (label()): a value that is not a
short code becomes "other", so personal data never reaches a label by mistake.
"""

import contextlib
import functools
import re
import time
from collections.abc import Iterator

from django.db import transaction

from clavepatronal.core.exceptions import ApplicationError

from . import metrics

_CODE = re.compile(r"[A-Za-z][A-Za-z0-9_.:-]{0,47}")
_NUMBER = re.compile(r"[0-9]{1,9}")  # a pk, never a 10- or 13-digit identification


def label(value) -> str:
    """A short code, or a pk of at most 9 digits; "other" for anything else."""
    text = str(value if value is not None else "")
    if _CODE.fullmatch(text) or _NUMBER.fullmatch(text):
        return text
    return "other" if text else "none"


def _pk(value) -> str:
    return label(getattr(value, "pk", value))


def refusal_reason(error: Exception) -> str:
    extra = getattr(error, "extra", None) or {}
    return label(extra.get("code") or "other")


def turn_booked(*, agency, procedure) -> None:
    counter = metrics.TURNS_BOOKED.labels(
        agency=_pk(agency), procedure=label(procedure)
    )
    transaction.on_commit(counter.inc)


@contextlib.contextmanager
def turn_refusals(*, agency) -> Iterator[None]:
    """Around a booking: a business rule's refusal is counted with its code."""
    try:
        yield
    except ApplicationError as error:
        metrics.TURNS_REFUSED.labels(
            agency=_pk(agency), reason=refusal_reason(error)
        ).inc()
        raise


def turn_refusals_counted(service):
    """A booking service whose refusals are counted (its `agency` keyword)."""

    @functools.wraps(service)
    def counted(*args, **kwargs):
        with turn_refusals(agency=kwargs.get("agency")):
            return service(*args, **kwargs)

    return counted


def draw_application_refusals_counted(service):
    """An application service whose refusals are counted (its `agency` keyword)."""

    @functools.wraps(service)
    def counted(*args, **kwargs):
        with draw_application_refusals(agency=kwargs.get("agency")):
            return service(*args, **kwargs)

    return counted


def draw_application_filed(*, agency) -> None:
    transaction.on_commit(metrics.DRAW_APPLICATIONS.labels(agency=_pk(agency)).inc)


@contextlib.contextmanager
def draw_application_refusals(*, agency) -> Iterator[None]:
    try:
        yield
    except ApplicationError as error:
        metrics.DRAW_APPLICATIONS_REFUSED.labels(
            agency=_pk(agency), reason=refusal_reason(error)
        ).inc()
        raise


def draw_finished(*, agency, seconds: float) -> None:
    """Inside the draw's transaction: counted when it commits."""
    agency = _pk(agency)

    def count() -> None:
        metrics.DRAWS_RUN.labels(agency=agency).inc()
        metrics.DRAW_DURATION.labels(agency=agency).observe(seconds)
        metrics.DRAW_LAST_FINISHED.labels(agency=agency).set(time.time())

    transaction.on_commit(count)


@contextlib.contextmanager
def code_sending(*, purpose) -> Iterator[None]:
    """Around email_verification_start: a code written to the outbox counts when
    it commits; a refused one (the hourly limit) counts with its reason."""
    purpose = label(purpose)
    try:
        yield
    except ApplicationError as error:
        metrics.CODES_FAILED.labels(purpose=purpose, reason=refusal_reason(error)).inc()
        raise
    transaction.on_commit(metrics.CODES_SENT.labels(purpose=purpose).inc)


def upload_refused(*, reason) -> None:
    metrics.UPLOADS_REFUSED.labels(reason=label(reason)).inc()


def signature_revocation_unchecked() -> None:
    metrics.SIGNATURE_REVOCATION_UNCHECKED.inc()


def sri_lookup(*, result, reason="", cached: bool = False) -> None:
    metrics.SRI_LOOKUPS.labels(
        result=label(result),
        reason=label(reason) if reason else "",
        cached="true" if cached else "false",
    ).inc()
