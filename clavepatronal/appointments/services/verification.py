"""Step d: the e-mailed code, and the check that a booking is by a verified person."""

from django.utils.translation import gettext as _

from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.notifications.constants import VerificationPurpose
from clavepatronal.notifications.models import EmailVerification
from clavepatronal.notifications.services import email_verification_start
from clavepatronal.observability import record

from ..selectors import verification_valid

VERIFICATION_MAIL_SUBJECT = "Verificar IESS turno online"


def turn_verification_start(*, identification: str, email: str) -> EmailVerification:
    """Step d: mail the 6-digit code with the seed's subject."""
    with record.code_sending(purpose=VerificationPurpose.TURNO):
        return email_verification_start(
            purpose=VerificationPurpose.TURNO,
            subject=identification,
            email=email,
            mail_subject=VERIFICATION_MAIL_SUBJECT,
            template_name="verification_code",
            context={"purpose_label": VerificationPurpose.TURNO.label},
        )


def verification_require(
    *,
    verification_id: int | None,
    identification: str,
    email: str,
    now,
    verified: bool | None = None,
) -> None:
    """Nothing is booked without a code used for this identification and address;
    `verified` when the caller already read it (booking_facts)."""
    if verified is None:
        verified = verification_id is not None and verification_valid(
            verification=(verification_id, identification, email), now=now
        )
    if not verified:
        raise ApplicationError(
            _(
                "Para reservar un turno primero verifique su correo electrónico con el "
                "código que le enviamos."
            ),
            extra={"code": "not_verified"},
        )
