"""E-mail: sending with templates, and single-use codes that prove an address works."""

import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from clavepatronal.core.exceptions import ApplicationError

from .constants import CODE_DIGITS
from .models import EmailVerification


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


def email_send(
    *,
    to: str,
    subject: str,
    template_name: str,
    context: dict,
    attachments: Iterable[Attachment] = (),
) -> None:
    """Send a plain-text e-mail once the surrounding transaction commits."""
    body = render_to_string(f"notifications/email/{template_name}.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[to])
    for attachment in attachments:
        message.attach(attachment.filename, attachment.content, attachment.mimetype)
    transaction.on_commit(message.send)


class VerificationError(ApplicationError):
    """The code was wrong, used, expired or exhausted; the message says which."""


def _code_hash(salt: str, code: str) -> str:
    return salted_hmac(salt, code, algorithm="sha256").hexdigest()


def _limit_reached(**filters) -> bool:
    since = timezone.now() - timedelta(hours=1)
    count = EmailVerification.objects.filter(created__gte=since, **filters).count()
    return count >= settings.VERIFICATION_MAX_CODES_PER_HOUR


@transaction.atomic
def email_verification_start(
    *,
    purpose: str,
    subject: str,
    email: str,
    mail_subject: str,
    template_name: str,
    context: dict | None = None,
) -> EmailVerification:
    """Mail a new code; earlier pending codes for the same person stop working.

    Codes per hour are limited per identification and per address, in the database,
    so the limit holds across every app server.
    """
    email = email.strip().lower()
    if _limit_reached(purpose=purpose, subject=subject) or _limit_reached(
        purpose=purpose, email=email
    ):
        raise VerificationError(
            _(
                "Ya se enviaron varios códigos en la última hora. Espere una hora "
                "antes de pedir otro."
            ),
            extra={"code": "resend_limit"},
        )
    EmailVerification.objects.filter(
        purpose=purpose, subject=subject, used_at__isnull=True, superseded=False
    ).update(superseded=True)
    code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
    salt = secrets.token_hex(16)
    verification = EmailVerification(
        purpose=purpose,
        subject=subject,
        email=email,
        salt=salt,
        code_hash=_code_hash(salt, code),
        expires_at=timezone.now()
        + timedelta(minutes=settings.VERIFICATION_CODE_MINUTES),
    )
    verification.full_clean()
    verification.save()
    email_send(
        to=email,
        subject=mail_subject,
        template_name=template_name,
        context={
            **(context or {}),
            "code": code,
            "minutes": settings.VERIFICATION_CODE_MINUTES,
        },
    )
    return verification


def email_verification_confirm(*, verification_id: int, code: str) -> EmailVerification:
    """Use the code once. Conditional UPDATEs make use and failed tries race-proof."""
    now = timezone.now()
    max_attempts = settings.VERIFICATION_MAX_ATTEMPTS
    live = EmailVerification.objects.filter(
        pk=verification_id,
        used_at__isnull=True,
        superseded=False,
        expires_at__gt=now,
        attempts__lt=max_attempts,
    )
    verification = live.first()
    if verification is None:
        raise VerificationError(_dead_code_message(verification_id))
    code = "".join(ch for ch in str(code) if ch.isdigit())
    if hmac.compare_digest(verification.code_hash, _code_hash(verification.salt, code)):
        if live.update(used_at=now) == 1:
            verification.used_at = now
            return verification
        raise VerificationError(_dead_code_message(verification_id))
    live.update(attempts=F("attempts") + 1)
    verification.refresh_from_db(fields=["attempts"])
    left = max_attempts - verification.attempts
    if left <= 0:
        raise VerificationError(
            _(
                "El código no es correcto y ya no le quedan intentos. Solicite un "
                "código nuevo."
            ),
            extra={"code": "attempts"},
        )
    raise VerificationError(
        _("El código no es correcto. Le quedan %(left)d intentos.") % {"left": left},
        extra={"code": "wrong"},
    )


def _dead_code_message(verification_id: int) -> str:
    verification = EmailVerification.objects.filter(pk=verification_id).first()
    if verification is None or verification.superseded:
        return _("Este código ya no es válido. Use el último código que le enviamos.")
    if verification.used_at is not None:
        return _("Este código ya se usó. Solicite un código nuevo.")
    if verification.attempts >= settings.VERIFICATION_MAX_ATTEMPTS:
        return _("Superó el número de intentos con este código. Solicite uno nuevo.")
    return _("El código venció. Solicite un código nuevo.")
