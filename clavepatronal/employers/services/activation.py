"""Activation: an issued link or code, used once, sets the clave; a forgotten clave
is recovered by a short-lived link to the verified e-mail. Every clave change is
notified by e-mail.
"""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.catalogue.constants import Channel
from clavepatronal.core.addresses import public_url
from clavepatronal.notifications.services import email_send

from ..constants import (
    ActivationPurpose,
    ActivationStatus,
    RecipientRole,
    RegistrationStatus,
)
from ..models import Activation, EmployerAccount
from ..selectors import activation_problem, activation_secret_hash, email_masked
from .keys import ActivationError, _activation_create, _pending_close


def _activation_use(*, activation_id: int, now: datetime) -> Activation:
    """Mark the activation used, once: a conditional UPDATE only one caller wins."""
    used = Activation.objects.filter(
        pk=activation_id, status=ActivationStatus.PENDIENTE, expires_at__gt=now
    ).update(status=ActivationStatus.USADA, used_at=now, updated=now)
    if used != 1:
        raise ActivationError(_("dead"))
    return Activation.objects.select_related("account__user", "registration").get(
        pk=activation_id
    )


def clave_set_by_activation(
    *, activation_id: int, password: str, now: datetime | None = None
) -> EmployerAccount:
    """Set the clave with an activation (issued link or code, or recovery link).

    The password rules run first, so a refused clave does not burn the link.
    """
    now = now or timezone.now()
    activation = (
        Activation.objects.select_related("account__user")
        .filter(pk=activation_id)
        .first()
    )
    if activation is None:
        raise ActivationError(activation_problem(activation=None, now=now))
    user = activation.account.user
    password_validation.validate_password(password, user)
    try:
        with transaction.atomic():
            activation = _activation_use(activation_id=activation_id, now=now)
            account = activation.account
            user = account.user
            user.set_password(password)
            user.save(update_fields=["password"])
            _account_after_use(activation=activation, now=now)
            recovery = activation.purpose != ActivationPurpose.EMISION
            audit_event_record(
                action=(
                    AuditAction.CLAVE_RESTABLECIDA
                    if recovery
                    else AuditAction.CLAVE_ACTIVADA
                ),
                target=activation,
                actor=user,
                actor_label=f"empleador {user.get_username()}",
            )
            _clave_changed_mail(account=account, now=now, activated=not recovery)
    except ActivationError:
        Activation.objects.filter(
            pk=activation_id, status=ActivationStatus.PENDIENTE, expires_at__lte=now
        ).update(status=ActivationStatus.VENCIDA, closed_at=now, updated=now)
        activation.refresh_from_db()
        problem = activation_problem(activation=activation, now=now)
        raise ActivationError(problem) from None
    return account


def _account_after_use(*, activation: Activation, now: datetime) -> None:
    """What setting the clave changes on the account besides the clave: the first
    activation's date and, for a signed reset, the contact e-mail, which becomes the
    address the link was sent to (the old one is told)."""
    account = activation.account
    if activation.purpose == ActivationPurpose.EMISION or (
        activation.purpose == ActivationPurpose.RECUPERACION_FIRMA
        and account.activated_at is None
    ):
        account.activated_at = now
    account.clave_changed_at = now
    account.save(update_fields=["activated_at", "clave_changed_at", "updated"])
    user = account.user
    if (
        activation.purpose != ActivationPurpose.RECUPERACION_FIRMA
        or not activation.email
        or activation.email.lower() == (user.email or "").lower()
    ):
        return
    old_email, user.email = user.email, activation.email
    user.full_clean(validate_unique=False)
    user.save(update_fields=["email"])
    audit_event_record(
        action=AuditAction.CORREO_CAMBIADO,
        target=account,
        actor=user,
        actor_label=f"empleador {user.get_username()}",
        data={"from": old_email, "to": user.email, "by": "restablecimiento con firma"},
    )
    if old_email:
        email_send(
            to=old_email,
            subject=_("El correo de su cuenta del portal del empleador cambió — IESS"),
            template_name="correo_cambiado_aviso",
            context={
                "registration": account.registration,
                "account": account,
                "new_email_masked": email_masked(user.email),
                "when": timezone.localtime(now),
            },
        )


def _clave_changed_mail(*, account: EmployerAccount, now: datetime, activated: bool):
    user = account.user
    if not user.email:
        return
    email_send(
        to=user.email,
        subject=(
            _("Su clave patronal quedó activada — IESS")
            if activated
            else _("Su clave patronal cambió — IESS")
        ),
        template_name="clave_activada" if activated else "clave_cambiada",
        context={
            "account": account,
            "registration": account.registration,
            "when": timezone.localtime(now),
            "login_url": public_url("portal:login"),
            "recovery_url": public_url("portal:recovery"),
        },
    )


def _recoverable_account(
    *, identification: str, rep_identification: str, now: datetime
) -> EmployerAccount | None:
    """The employer account whose active registration names this representative,
    with an e-mail and no live issued activation; None otherwise."""
    account = (
        EmployerAccount.objects.select_related("user", "registration")
        .filter(
            user__username=identification,
            user__is_staff=False,
            user__is_active=True,
        )
        .first()
    )
    if (
        account is None
        or account.registration.status != RegistrationStatus.ACTIVO
        or account.registration.rep_identification != rep_identification
        or not account.user.email
        or account.activations.filter(
            purpose=ActivationPurpose.EMISION,
            status=ActivationStatus.PENDIENTE,
            expires_at__gt=now,
        ).exists()
    ):
        return None
    return account


def clave_recovery_request(
    *, identification: str, rep_identification: str, now: datetime | None = None
) -> bool:
    """¿Olvidó su clave?: mail a short-lived single-use link to the account's
    verified e-mail when the RUC and the legal representative's identification
    match an active registration. Returns whether a link went out; the caller must
    answer the same either way.

    A live issued activation is left alone (the person already has a link or a
    code); the current clave keeps working until the link is used.
    """
    now = now or timezone.now()
    account = _recoverable_account(
        identification=identification, rep_identification=rep_identification, now=now
    )
    if account is None:
        return False
    registration = account.registration
    secret = secrets.token_urlsafe(32)
    expires_at = now + timedelta(minutes=settings.CLAVE_RECOVERY_MINUTES)
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=account.user_id).get()
        _pending_close(account=account, now=now)
        activation = _activation_create(
            account=account,
            registration=registration,
            purpose=ActivationPurpose.RECUPERACION,
            channel=Channel.VIRTUAL,
            secret_hash=activation_secret_hash(secret=secret),
            expires_at=expires_at,
            email=account.user.email,
            recipient_names=registration.rep_names,
            recipient_id_type=registration.rep_id_type,
            recipient_identification=registration.rep_identification,
            recipient_role=RecipientRole.REPRESENTANTE_LEGAL,
            issued_by_label="recuperación en línea",
        )
        audit_event_record(
            action=AuditAction.CLAVE_RECUPERACION_SOLICITADA,
            target=activation,
            actor_label=f"ciudadano {rep_identification}",
            data={"email": account.user.email},
        )
        email_send(
            to=account.user.email,
            subject=_("Restablezca su clave patronal — IESS"),
            template_name="clave_recuperacion",
            context={
                "registration": registration,
                "link": public_url("portal:recovery_link", token=secret),
                "minutes": settings.CLAVE_RECOVERY_MINUTES,
            },
        )
    return True
