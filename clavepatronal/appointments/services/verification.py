"""Step d: the e-mailed code, and the check that a booking is by a verified person."""

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.notifications.constants import VerificationPurpose
from clavepatronal.notifications.models import EmailVerification
from clavepatronal.notifications.services import email_verification_start

VERIFICATION_MAIL_SUBJECT = "Verificar IESS turno online"


def turn_verification_start(*, identification: str, email: str) -> EmailVerification:
    """Step d: mail the 6-digit code with the seed's subject."""
    return email_verification_start(
        purpose=VerificationPurpose.TURNO,
        subject=identification,
        email=email,
        mail_subject=VERIFICATION_MAIL_SUBJECT,
        template_name="verification_code",
        context={"purpose_label": VerificationPurpose.TURNO.label},
    )


def verification_require(
    *, verification_id: int | None, identification: str, email: str, now
) -> None:
    """Nothing is booked without a code used for this identification and address."""
    verified = (
        verification_id is not None
        and EmailVerification.objects.filter(
            pk=verification_id,
            purpose=VerificationPurpose.TURNO,
            subject=identification,
            email=email.strip().lower(),
            used_at__isnull=False,
            used_at__gt=now
            - datetime.timedelta(minutes=settings.TURNOS_VERIFIED_MINUTES),
        ).exists()
    )
    if not verified:
        raise ApplicationError(
            _(
                "Para reservar un turno primero verifique su correo electrónico con el "
                "código que le enviamos."
            ),
            extra={"code": "not_verified"},
        )
