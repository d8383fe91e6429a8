"""Signed links given to the applicant: to correct an observed trámite, and to open
one of its files. Signed with SECRET_KEY, so they need no table; each dies with its
lifetime, and the correction link also with the state it was made for."""

import datetime

from django.core import signing

from .models import Attachment, Tramite
from .selectors import observation_round_open

CORRECTION_SALT = "procedures.correccion"
FILE_LINK_SALT = "procedures.archivo"
# employers.services.registration signs the registration mail's link with it.
CONTINUE_SALT = "procedures.continuar"
CONFIRM_SALT = "procedures.confirmar"
STATUS_SALT = "procedures.estado"
CORRECTION_LINK_DAYS = 30
FILE_LINK_DAYS = 7
CONTINUE_LINK_DAYS = 30
CONFIRM_LINK_DAYS = 30
STATUS_LINK_DAYS = 30


def _read(token: str, *, salt: str, days: int) -> dict | None:
    try:
        value = signing.loads(token, salt=salt, max_age=datetime.timedelta(days=days))
    except signing.BadSignature:
        return None
    return value if isinstance(value, dict) else None


def continue_token(registration_number: str) -> str:
    """«Continuar en la ventanilla virtual»: mailed to the registration's e-mail,
    the only way the ventanilla shows the employer's data."""
    return signing.dumps({"g": registration_number}, salt=CONTINUE_SALT)


def continue_token_read(token: str) -> str | None:
    value = _read(token, salt=CONTINUE_SALT, days=CONTINUE_LINK_DAYS)
    return str(value["g"]) if value and "g" in value else None


def confirm_token(tramite: Tramite) -> str:
    """Mailed to the employer when someone it does not name files a trámite."""
    return signing.dumps({"n": tramite.number}, salt=CONFIRM_SALT)


def confirm_token_read(token: str) -> str | None:
    value = _read(token, salt=CONFIRM_SALT, days=CONFIRM_LINK_DAYS)
    return str(value["n"]) if value and "n" in value else None


def status_token(tramite: Tramite) -> str:
    """The trámite's status page without retyping its number and identification."""
    return signing.dumps(
        {"n": tramite.number, "i": tramite.applicant_identification}, salt=STATUS_SALT
    )


def status_token_read(token: str) -> tuple[str, str] | None:
    value = _read(token, salt=STATUS_SALT, days=STATUS_LINK_DAYS)
    if not value or "n" not in value or "i" not in value:
        return None
    return str(value["n"]), str(value["i"])


def correction_token(tramite: Tramite, round_: int) -> str:
    return signing.dumps({"n": tramite.number, "r": round_}, salt=CORRECTION_SALT)


def correction_token_read(token: str) -> tuple[str, int] | None:
    """(number, round) of a correction link still within its lifetime; else None."""
    try:
        value = signing.loads(
            token,
            salt=CORRECTION_SALT,
            max_age=datetime.timedelta(days=CORRECTION_LINK_DAYS),
        )
        return str(value["n"]), int(value["r"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def attachment_link_token(attachment: Attachment) -> str:
    return signing.dumps({"a": attachment.pk}, salt=FILE_LINK_SALT)


def attachment_link_read(token: str) -> int | None:
    try:
        value = signing.loads(
            token, salt=FILE_LINK_SALT, max_age=datetime.timedelta(days=FILE_LINK_DAYS)
        )
        return int(value["a"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def attachment_links(tramite: Tramite) -> list[tuple[Attachment, str]]:
    """Each current file with its signed link (`tramite` comes from tramite_detail)."""
    return [
        (attachment, attachment_link_token(attachment))
        for attachment in tramite.current_attachments
    ]


def correction_token_open(tramite: Tramite) -> str:
    """The token of the correction an observed trámite waits on; "" when none."""
    round_ = observation_round_open(tramite=tramite)
    return correction_token(tramite, round_) if round_ is not None else ""
