"""The signed-in employer's own changes: clave and contact e-mail. Every clave change
and every e-mail change is mailed, the latter to the old address too."""

from datetime import datetime

from django.contrib.auth import password_validation
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.core.addresses import public_url
from clavepatronal.notifications.constants import VerificationPurpose
from clavepatronal.notifications.models import EmailVerification
from clavepatronal.notifications.services import (
    VerificationError,
    email_send,
    email_verification_confirm,
    email_verification_start,
)
from clavepatronal.observability import record

from ..models import EmployerAccount
from ..selectors import email_masked


def _actor(account: EmployerAccount) -> str:
    return f"empleador {account.identification}"


def account_login_record(*, account: EmployerAccount) -> None:
    audit_event_record(
        action=AuditAction.CUENTA_INGRESO,
        target=account,
        actor=account.user,
        actor_label=_actor(account),
    )


def account_logout_record(*, account: EmployerAccount) -> None:
    audit_event_record(
        action=AuditAction.CUENTA_SALIDA,
        target=account,
        actor=account.user,
        actor_label=_actor(account),
    )


@transaction.atomic
def clave_change(
    *, account: EmployerAccount, new_password: str, now: datetime | None = None
) -> EmployerAccount:
    """Cambiar clave (the form has checked the current one). Other sessions of the
    account end: Django ties each session to the password hash."""
    now = now or timezone.now()
    user = account.user
    password_validation.validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    account.clave_changed_at = now
    account.save(update_fields=["clave_changed_at", "updated"])
    audit_event_record(
        action=AuditAction.CLAVE_CAMBIADA,
        target=account,
        actor=user,
        actor_label=_actor(account),
    )
    if user.email:
        email_send(
            to=user.email,
            subject=_("Su clave patronal cambió — IESS"),
            template_name="clave_cambiada",
            context={
                "account": account,
                "registration": account.registration,
                "when": timezone.localtime(now),
                "login_url": public_url("portal:login"),
                "recovery_url": public_url("portal:recovery"),
            },
        )
    return account


def account_email_change_start(
    *, account: EmployerAccount, new_email: str
) -> EmailVerification:
    """Mail a 6-digit code to the new address; nothing changes until it is typed."""
    with record.code_sending(purpose=VerificationPurpose.CAMBIO_CORREO):
        verification = email_verification_start(
            purpose=VerificationPurpose.CAMBIO_CORREO,
            subject=account.identification,
            email=new_email,
            mail_subject=_(
                "Código para confirmar su nuevo correo — Portal del empleador"
            ),
            template_name="verification_code",
            context={"purpose_label": VerificationPurpose.CAMBIO_CORREO.label},
        )
    audit_event_record(
        action=AuditAction.CORREO_CAMBIO_SOLICITADO,
        target=account,
        actor=account.user,
        actor_label=_actor(account),
        data={"email": verification.email},
    )
    return verification


def account_email_change_confirm(
    *, account: EmployerAccount, verification_id: int, code: str
) -> EmployerAccount:
    """Use the code; the new address becomes the contact e-mail and the old one is
    told, so an e-mail change is never silent."""
    verification = email_verification_confirm(
        verification_id=verification_id, code=code
    )
    if (
        verification.purpose != VerificationPurpose.CAMBIO_CORREO
        or verification.subject != account.identification
    ):
        raise VerificationError(
            _("El código no corresponde a este cambio. Solicite un código nuevo.")
        )
    # Not inside the code check's transaction: a wrong try must stay counted.
    with transaction.atomic():
        _email_replace(account=account, verification=verification)
    return account


def _email_replace(*, account: EmployerAccount, verification: EmailVerification):
    user = account.user
    old_email = user.email
    user.email = verification.email
    user.full_clean(validate_unique=False)
    user.save(update_fields=["email"])
    audit_event_record(
        action=AuditAction.CORREO_CAMBIADO,
        target=account,
        actor=user,
        actor_label=_actor(account),
        data={"from": old_email, "to": user.email},
    )
    context = {
        "registration": account.registration,
        "account": account,
        "new_email_masked": email_masked(user.email),
        "when": timezone.localtime(verification.used_at),
    }
    if old_email:
        email_send(
            to=old_email,
            subject=_("El correo de su cuenta del portal del empleador cambió — IESS"),
            template_name="correo_cambiado_aviso",
            context=context,
        )
    email_send(
        to=user.email,
        subject=_("Su nuevo correo quedó registrado — Portal del empleador"),
        template_name="correo_cambiado",
        context=context,
    )
