"""E-mail: sending with templates through an outbox, and single-use codes that prove
an address works."""

import base64
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.core.tasks import task_enqueue_with_transaction

from .constants import CODE_DIGITS, OutboxStatus
from .mailboxes import mailbox_key
from .models import EmailVerification, OutboxEmail


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
    key: str | None = None,
) -> OutboxEmail | None:
    """Write the e-mail to the outbox, and enqueue its delivery task, with the
    surrounding transaction: a rolled-back change mails nothing.

    `key` makes the call idempotent: a second call with the same key (a retried
    task) writes nothing and returns None. A blank `to` (a person booked at an
    agency's counter or by phone without an e-mail) writes nothing either.
    """
    if not to.strip():
        return None
    body = render_to_string(f"notifications/email/{template_name}.txt", context)
    outbox = OutboxEmail(
        key=key,
        to=to,
        subject=subject,
        body=body,
        attachments=[
            {
                "filename": item.filename,
                "mimetype": item.mimetype,
                "content": base64.b64encode(item.content).decode("ascii"),
            }
            for item in attachments
        ],
    )
    outbox.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            outbox.save()
    except IntegrityError:
        if key and OutboxEmail.objects.filter(key=key).exists():
            return None
        raise
    _delivery_enqueue(outbox_id=outbox.pk)
    return outbox


def _delivery_enqueue(*, outbox_id: int) -> None:
    """With the surrounding transaction: sent only if the change commits."""
    from .tasks import email_deliver_task

    task_enqueue_with_transaction(email_deliver_task, outbox_id=outbox_id)


def _message_build(outbox: OutboxEmail) -> EmailMessage:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].rstrip(">") or "localhost"
    stamp = int(outbox.created.timestamp())
    message = EmailMessage(
        subject=outbox.subject,
        body=outbox.body,
        to=[outbox.to],
        # One Message-ID per outbox row: a copy sent again after a crash between
        # sending and marking it sent is recognised as the same message.
        headers={"Message-ID": f"<outbox-{outbox.pk}.{stamp}@{domain}>"},
    )
    for item in outbox.attachments:
        message.attach(
            item["filename"], base64.b64decode(item["content"]), item["mimetype"]
        )
    return message


def email_deliver(*, outbox_id: int) -> bool:
    """Claim the row (pending, or sending for longer than the lease: its worker
    died), send, mark it sent. False when another run has it or it was sent."""
    now = timezone.now()
    lease_expired = now - timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    claimed = (
        OutboxEmail.objects.filter(pk=outbox_id)
        .filter(
            Q(status=OutboxStatus.PENDIENTE)
            | Q(status=OutboxStatus.ENVIANDO, claimed_at__lt=lease_expired)
        )
        .update(
            status=OutboxStatus.ENVIANDO,
            claimed_at=now,
            attempts=F("attempts") + 1,
            updated=now,
        )
    )
    if claimed != 1:
        return False
    outbox = OutboxEmail.objects.get(pk=outbox_id)
    mine = OutboxEmail.objects.filter(
        pk=outbox_id, status=OutboxStatus.ENVIANDO, claimed_at=now
    )
    try:
        _message_build(outbox).send()
    except Exception as error:
        mine.update(
            status=OutboxStatus.PENDIENTE,
            last_error=repr(error)[:2000],
            updated=timezone.now(),
        )
        raise
    mine.update(status=OutboxStatus.ENVIADO, sent_at=timezone.now(), updated=now)
    return True


def task_stale_requeue(*, now: datetime | None = None) -> int:
    """Put back in the queue the database tasks whose worker died while running
    them (still RUNNING past the lease). Safe because our tasks are idempotent:
    delivery claims its outbox row, a confirmation has its outbox key."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=stale
    ).update(status=TaskResultStatus.READY, started_at=None)


def email_outbox_recover(*, now: datetime | None = None) -> int:
    """Enqueue again what no task is sending: rows pending longer than the lease (a
    lost task, a failed send) and rows whose sender died mid-send. Delivery claims
    each row first, so an extra task is harmless. For cron or a worker loop."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    due = (
        OutboxEmail.objects.filter(attempts__lt=settings.OUTBOX_MAX_ATTEMPTS)
        .filter(
            Q(status=OutboxStatus.PENDIENTE, updated__lt=stale)
            | Q(status=OutboxStatus.ENVIANDO, claimed_at__lt=stale)
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:1000]
    )
    count = 0
    for outbox_id in due:
        _delivery_enqueue(outbox_id=outbox_id)
        count += 1
    return count


class VerificationError(ApplicationError):
    """The code was wrong, used, expired or exhausted; the message says which."""


def _code_hash(salt: str, code: str) -> str:
    return salted_hmac(salt, code, algorithm="sha256").hexdigest()


def _limit_reached(*, limit: int, **filters) -> bool:
    since = timezone.now() - timedelta(hours=1)
    count = EmailVerification.objects.filter(created__gte=since, **filters).count()
    return count >= limit


def _codes_exhausted(*, purpose: str, subject: str, email: str) -> bool:
    """Codes per hour: per identification and mailbox together, per mailbox, and
    per identification with a higher ceiling; a stranger who types someone's
    number with their own address spends their own codes, not the owner's. The
    mailbox (mailboxes.mailbox_key) is what the address reaches, so aliases of
    one mailbox share its allowance."""
    mailbox = mailbox_key(email)
    return (
        _limit_reached(
            limit=settings.VERIFICATION_MAX_CODES_PER_HOUR,
            purpose=purpose,
            subject=subject,
            mailbox=mailbox,
        )
        or _limit_reached(
            limit=settings.VERIFICATION_MAX_CODES_PER_EMAIL_HOUR,
            purpose=purpose,
            mailbox=mailbox,
        )
        or _limit_reached(
            limit=settings.VERIFICATION_MAX_CODES_PER_SUBJECT_HOUR,
            purpose=purpose,
            subject=subject,
        )
    )


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
    """Mail a new code; earlier pending codes for the same person and address stop
    working (a code asked with another address leaves them alone).

    Codes per hour are limited in the database (_codes_exhausted), so the limit
    holds across every app server.
    """
    email = email.strip().lower()
    if _codes_exhausted(purpose=purpose, subject=subject, email=email):
        raise VerificationError(
            _(
                "Ya se enviaron varios códigos en la última hora. Espere una hora "
                "antes de pedir otro."
            ),
            extra={"code": "resend_limit"},
        )
    EmailVerification.objects.filter(
        purpose=purpose,
        subject=subject,
        email=email,
        used_at__isnull=True,
        superseded=False,
    ).update(superseded=True)
    code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
    salt = secrets.token_hex(16)
    verification = EmailVerification(
        purpose=purpose,
        subject=subject,
        email=email,
        mailbox=mailbox_key(email),
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
        ngettext(
            "El código no es correcto. Le queda %(left)d intento.",
            "El código no es correcto. Le quedan %(left)d intentos.",
            left,
        )
        % {"left": left},
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
