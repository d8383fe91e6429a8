"""Registrations in progress: one draft per flow, its expiry, and the e-mailed link
that resumes it on another device, once."""

import datetime
import hashlib
import secrets

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.core.addresses import public_url
from clavepatronal.notifications.services import email_send

from ..constants import DRAFT_LIFETIME_HOURS, DRAFT_RESUME_LINK_HOURS
from ..models import RegistrationDraft

DRAFT_RESUME_SALT = "employers.registration-draft-resume"


def _expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(hours=DRAFT_LIFETIME_HOURS)


@transaction.atomic
def registration_draft_create() -> RegistrationDraft:
    """A new, empty draft; abandoned ones are removed on the way."""
    RegistrationDraft.objects.filter(expires_at__lte=timezone.now()).delete()
    draft = RegistrationDraft(
        key=secrets.token_urlsafe(24), state={}, expires_at=_expiry()
    )
    draft.full_clean()
    draft.save()
    return draft


def registration_draft_save(*, draft: RegistrationDraft, state: dict) -> None:
    """Store the answers; every change gives the draft its full lifetime again."""
    draft.state = state
    draft.expires_at = _expiry()
    draft.save(update_fields=["state", "expires_at", "updated"])


def registration_draft_delete(*, draft: RegistrationDraft) -> None:
    RegistrationDraft.objects.filter(pk=draft.pk).delete()


def _secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def registration_draft_resume_send(*, draft: RegistrationDraft, email: str) -> None:
    """Mail a signed link that opens this draft on one device, once, within
    DRAFT_RESUME_LINK_HOURS; a new link replaces the one before.

    Only for a verified address (the caller checks): the link is the draft.
    """
    secret = secrets.token_urlsafe(24)
    until = min(
        timezone.now() + datetime.timedelta(hours=DRAFT_RESUME_LINK_HOURS),
        draft.expires_at,
    )
    RegistrationDraft.objects.filter(pk=draft.pk).update(
        resume_secret_hash=_secret_hash(secret), resume_until=until
    )
    token = signing.dumps({"key": draft.key, "secret": secret}, salt=DRAFT_RESUME_SALT)
    email_send(
        to=email,
        subject=_("Continúe su Registro nuevo empleador"),
        template_name="registro_borrador",
        context={
            "url": public_url("employers:resume", token=token),
            "expires_at": timezone.localtime(until),
        },
    )


def registration_draft_resume(*, token: str) -> RegistrationDraft | None:
    """Follow an e-mailed resume link: the draft it names, under a new key that
    only the caller's session will hold (the sessions that held the old key lose
    it), and the link spent. None for a link that is not ours, was used, was
    replaced or expired, or whose draft is gone or not verified.

    One conditional UPDATE spends the link: two devices following it at once get
    the draft once.
    """
    try:
        payload = signing.loads(
            token,
            salt=DRAFT_RESUME_SALT,
            max_age=datetime.timedelta(hours=DRAFT_RESUME_LINK_HOURS),
        )
        key, secret = payload["key"], payload["secret"]
    except (signing.BadSignature, TypeError, KeyError):
        return None
    if not isinstance(key, str) or not isinstance(secret, str):
        return None
    now = timezone.now()
    link = {"key": key, "resume_secret_hash": _secret_hash(secret)}
    draft = RegistrationDraft.objects.filter(
        **link, resume_until__gt=now, expires_at__gt=now
    ).first()
    if draft is None or not (draft.state.get("email_verified") or {}).get("at"):
        return None
    new_key = secrets.token_urlsafe(24)
    spent = RegistrationDraft.objects.filter(pk=draft.pk, **link).update(
        key=new_key, resume_secret_hash="", resume_until=None
    )
    if not spent:  # another device followed it first
        return None
    draft.refresh_from_db()
    return draft
