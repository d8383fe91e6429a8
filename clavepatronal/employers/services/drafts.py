"""Registrations in progress: one draft per flow, its expiry, and the e-mailed link
that resumes it on another device."""

import datetime
import secrets

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.core.addresses import public_url
from clavepatronal.notifications.services import email_send

from ..constants import DRAFT_LIFETIME_HOURS
from ..models import RegistrationDraft
from ..selectors import DRAFT_RESUME_SALT


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


def registration_draft_resume_send(*, draft: RegistrationDraft, email: str) -> None:
    """Mail a signed link that opens this draft on any device, until it expires.

    Only for a verified address (the caller checks): the link is the draft.
    """
    token = signing.dumps(draft.key, salt=DRAFT_RESUME_SALT)
    email_send(
        to=email,
        subject=_("Continúe su Registro nuevo empleador"),
        template_name="registro_borrador",
        context={
            "url": public_url("employers:resume", token=token),
            "expires_at": timezone.localtime(draft.expires_at),
        },
    )
