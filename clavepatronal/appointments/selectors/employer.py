"""Reads of the employer's proof: whether a booking is backed by the mailbox of the
employer's registration, who the employer has blocked, and the employer's links."""

import datetime

from django.conf import settings
from django.core import signing
from django.db.models import Q

from clavepatronal.employers.models import Registration
from clavepatronal.notifications.constants import VerificationPurpose
from clavepatronal.notifications.mailboxes import mailbox_key
from clavepatronal.notifications.models import EmailVerification

from ..constants import EMPLOYER_LINK_SALT
from ..models import EmployerBlock, Turn


def employer_mailbox(registration: Registration) -> str:
    """Where the proof goes: the contact e-mail the registration verified."""
    return registration.email.strip().lower()


def email_masked(email: str) -> str:
    """`r***@empresa.ec`: enough for the owner to recognise, nothing to a stranger."""
    local, _at, domain = email.rpartition("@")
    return f"{local[:1]}***@{domain}"


def employer_mailbox_proven(
    *,
    registration: Registration | None,
    email: str,
    proof_id: int | None,
    now: datetime.datetime,
) -> bool:
    """True when whoever books reads the registration's mailbox: the address they
    verified is that mailbox, or they used the code sent to it within
    TURNOS_VERIFIED_MINUTES. Knowing the RUC and the representative's cédula (both
    public) proves nothing; reading the employer's e-mail does."""
    if registration is None:
        return True  # not an employer's turn
    mailbox = employer_mailbox(registration)
    if mailbox_key(email) == mailbox_key(mailbox):
        return True
    if proof_id is None:
        return False
    since = now - datetime.timedelta(minutes=settings.TURNOS_VERIFIED_MINUTES)
    return EmailVerification.objects.filter(
        pk=proof_id,
        purpose=VerificationPurpose.EMPLEADOR_TURNO,
        subject=registration.employer_identification,
        email=mailbox,
        used_at__gt=since,
    ).exists()


def employer_blocked(
    *,
    employer_identification: str,
    identification: str,
    email: str,
    now: datetime.datetime,
) -> bool:
    """The employer said «No fui yo» to a turn by this person or this mailbox."""
    return EmployerBlock.objects.filter(
        Q(identification=identification) | Q(mailbox=mailbox_key(email)),
        employer_identification=employer_identification,
        until__gt=now,
    ).exists()


def employer_link_token(*, turn: Turn) -> str:
    """The link of the employer's notice: it names the turn, lives as long as it."""
    return signing.Signer(salt=EMPLOYER_LINK_SALT).sign_object([turn.code])


def turn_from_employer_link(*, token: str) -> Turn | None:
    try:
        (code,) = signing.Signer(salt=EMPLOYER_LINK_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return (
        Turn.objects.select_related("slot__agency", "procedure_type", "registration")
        .exclude(registration=None)
        .filter(code=code)
        .first()
    )


def turn_blocked_by_employer(*, turn: Turn) -> bool:
    """The employer already said «No fui yo» to this turn."""
    return EmployerBlock.objects.filter(turn=turn).exists()
