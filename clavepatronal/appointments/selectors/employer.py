"""Reads of the employer's proof: whether a booking is backed by the mailbox of the
employer's registration, who the employer has blocked, and the employer's links."""

import datetime

from django.conf import settings
from django.core import signing
from django.db.models import Q

from clavepatronal.employers.constants import RecipientRole
from clavepatronal.employers.models import Registration
from clavepatronal.employers.selectors import registration_named_person
from clavepatronal.notifications.constants import VerificationPurpose
from clavepatronal.notifications.mailboxes import mailbox_key
from clavepatronal.notifications.models import EmailVerification

from ..constants import (
    EMPLOYER_APPLICATION_LINK_SALT,
    EMPLOYER_LINK_SALT,
    TurnChannel,
)
from ..models import EmployerBlock, Turn, TurnApplication, WaitlistEntry


def employer_mailbox(registration: Registration) -> str:
    """Where the proof goes: the employer's contact e-mail, as its portal account
    last confirmed it (Cambiar correo de contacto), or else the one the registration
    verified."""
    account_email = (
        registration.accounts.exclude(user__email="")
        .order_by("-pk")
        .values_list("user__email", flat=True)
        .first()
    )
    return (account_email or registration.email).strip().lower()


def employer_mailbox_proven(
    *,
    registration: Registration | None,
    email: str,
    proof_id: int | None,
    now: datetime.datetime,
    identification: str = "",
    mailbox: str | None = None,
) -> bool:
    """True when the employer backs whoever books: the address they verified is the
    registration's mailbox, or they used the code sent to it within
    TURNOS_VERIFIED_MINUTES, or (`identification`) they are an apoderado whose
    notarized power the delegado jurídico has stamped. Knowing the RUC and the
    representative's cédula (both public) proves nothing. `mailbox` when the caller
    already read employer_mailbox (a booking reads it once for this and its
    notice)."""
    if registration is None:
        return True  # not an employer's turn
    if identification and apoderado_stamped(
        registration=registration, identification=identification
    ):
        return True
    mailbox = mailbox or employer_mailbox(registration)
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


def employer_notice_mailbox(
    *, made: Turn | TurnApplication | WaitlistEntry, mailbox: str | None = None
) -> str:
    """Where the notice of a turn or an application made in an employer's name
    goes: the employer's mailbox; "" when it is no employer's, or when whoever made
    it reads that mailbox (their own mail says it). One an officer made at the
    counter or by phone is always announced: the officer vouched, not the mailbox,
    and the address the person gave proves nothing."""
    if made.registration_id is None:
        return ""
    mailbox = mailbox or employer_mailbox(made.registration)
    if made.channel != TurnChannel.EN_LINEA:
        return mailbox
    return "" if mailbox_key(made.email) == mailbox_key(mailbox) else mailbox


def apoderado_stamped(*, registration: Registration, identification: str) -> bool:
    person = registration_named_person(
        registration=registration, identification=identification, stamped_only=True
    )
    return person is not None and person.role == RecipientRole.APODERADO


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


def employer_application_link_token(*, application: TurnApplication) -> str:
    """The link of the notice of a draw application made in an employer's name."""
    return signing.Signer(salt=EMPLOYER_APPLICATION_LINK_SALT).sign_object(
        [application.pk]
    )


def application_from_employer_link(*, token: str) -> TurnApplication | None:
    try:
        (pk,) = signing.Signer(salt=EMPLOYER_APPLICATION_LINK_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return (
        TurnApplication.objects.select_related("agency", "registration")
        .exclude(registration=None)
        .filter(pk=pk)
        .first()
    )
