"""What a received Solicitud de restablecimiento leads to: the link to the new
e-mail (a signature that passed every rule, or an officer's approval), or a review.
Each takes the request once, under its row lock (docs/portal.md)."""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.catalogue.constants import Channel
from clavepatronal.core.addresses import public_url
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.notifications.services import email_send

from ..constants import (
    ActivationPurpose,
    ClaveResetStatus,
    RecipientRole,
    RegistrationStatus,
)
from ..models import Activation, ClaveResetRequest, Registration
from ..selectors import activation_secret_hash, email_masked
from .keys import _account_for, _activation_create, _pending_close
from .resets import ResetVerdict


class ClaveResetTaken(ApplicationError):
    """The request was already received (another tab, a double click)."""


def _claim(*, reset_request: ClaveResetRequest, status: str) -> ClaveResetRequest:
    """The request, locked, if it is still in `status`: a second upload (or a
    second officer) waits for the first and then finds it taken."""
    reset = (
        ClaveResetRequest.objects.select_for_update()
        .select_related("document")
        .filter(pk=reset_request.pk, status=status)
        .first()
    )
    if reset is None:
        raise ClaveResetTaken(
            _("Esta solicitud ya se recibió."), extra={"code": "taken"}
        )
    return reset


def _old_mailbox(registration: Registration) -> str:
    """The contact e-mail the portal writes to now: the account's, or else the one
    the registration verified."""
    account_email = (
        registration.accounts.exclude(user__email="")
        .values_list("user__email", flat=True)
        .first()
    )
    return account_email or registration.email


def _notice_send(
    *, reset: ClaveResetRequest, registration: Registration, now: datetime, **extra
) -> None:
    """The address the clave's mail goes to now hears what happened, and when; the
    new address only masked."""
    old = _old_mailbox(registration)
    if not old or old.lower() == reset.email.lower():
        return
    email_send(
        to=old,
        subject=_("Solicitud para restablecer su clave patronal — IESS"),
        template_name="clave_restablecimiento_aviso",
        context={
            "registration": registration,
            "new_email_masked": email_masked(reset.email),
            "code": reset.document.code_display,
            "when": timezone.localtime(now),
            "login_url": public_url("portal:login"),
            **extra,
        },
    )


def clave_reset_review_mark(
    *, reset_request: ClaveResetRequest, verdict: ResetVerdict, now: datetime
) -> ClaveResetRequest:
    """PENDIENTE → EN_REVISION, inside the transaction that files its trámite; the
    employer's current address is told, the new one is not given a link."""
    reset = _claim(reset_request=reset_request, status=ClaveResetStatus.PENDIENTE)
    reset.status = ClaveResetStatus.EN_REVISION
    reset.received_at = now
    reset.review_reason = verdict.reason
    reset.signature_report = verdict.report
    reset.registration = verdict.registration
    reset.save(
        update_fields=[
            "status",
            "received_at",
            "review_reason",
            "signature_report",
            "registration",
            "updated",
        ]
    )
    audit_event_record(
        action=AuditAction.RESTABLECIMIENTO_A_REVISION,
        target=reset,
        actor_label=f"ciudadano (solicitud {reset.document.code})",
        data={
            "reason": verdict.reason,
            "signature": verdict.report.get("code", ""),
            "signer_identification": verdict.report.get("signer_identification", ""),
        },
    )
    if verdict.registration is not None:
        _notice_send(
            reset=reset, registration=verdict.registration, now=now, reviewed=True
        )
    return reset


def _link_issue(
    *,
    reset: ClaveResetRequest,
    registration: Registration,
    issued_by,
    issuer: str,
    now: datetime,
) -> Activation:
    """Inside the transaction: the account's pending links closed, a new one to the
    new address, its mail and the old address's notice."""
    account = _account_for(registration)  # locks the user row
    revoked = _pending_close(account=account, now=now)
    secret = secrets.token_urlsafe(32)
    hours = settings.CLAVE_SIGNED_RECOVERY_LINK_HOURS
    activation = _activation_create(
        account=account,
        registration=registration,
        purpose=ActivationPurpose.RECUPERACION_FIRMA,
        channel=Channel.VIRTUAL,
        secret_hash=activation_secret_hash(secret=secret),
        expires_at=now + timedelta(hours=hours),
        email=reset.email,
        recipient_names=registration.rep_names,
        recipient_id_type=registration.rep_id_type,
        recipient_identification=registration.rep_identification,
        recipient_role=RecipientRole.REPRESENTANTE_LEGAL,
        issued_by=issued_by,
        issued_by_label=issuer,
    )
    audit_event_record(
        action=AuditAction.RESTABLECIMIENTO_ENLACE_EMITIDO,
        target=activation,
        actor=issued_by,
        actor_label=issuer,
        data={"code": reset.document.code, "email": reset.email, "revoked": revoked},
    )
    _notice_send(reset=reset, registration=registration, now=now, hours=hours)
    email_send(
        to=reset.email,
        subject=_("Elija su nueva clave patronal — IESS"),
        template_name="clave_restablecimiento_enlace",
        context={
            "registration": registration,
            "link": public_url("portal:recovery_link", token=secret),
            "hours": hours,
        },
    )
    return activation


def clave_reset_grant(
    *,
    reset_request: ClaveResetRequest,
    registration: Registration,
    report: dict | None = None,
    issued_by=None,
    now: datetime | None = None,
) -> Activation:
    """Issue the link to the new e-mail: at once when the signature passed every
    rule (PENDIENTE, `report` is the check's), or when an officer approves its
    trámite (EN_REVISION, `issued_by`). The old clave keeps working until the new
    one is chosen; the e-mail changes then (clave_set_by_activation)."""
    now = now or timezone.now()
    if registration.status != RegistrationStatus.ACTIVO:
        raise ApplicationError(
            _("El registro del empleador no está activo."), extra={"code": "inactive"}
        )
    reviewed = issued_by is not None
    issuer = issued_by.get_username() if reviewed else "restablecimiento con firma"
    with transaction.atomic():
        reset = _claim(
            reset_request=reset_request,
            status=(
                ClaveResetStatus.EN_REVISION if reviewed else ClaveResetStatus.PENDIENTE
            ),
        )
        if not reviewed:
            reset.received_at, reset.signature_report = now, report
            audit_event_record(
                action=AuditAction.RESTABLECIMIENTO_FIRMA_VALIDA,
                target=reset,
                actor_label=f"representante legal {registration.rep_identification}",
                data={
                    "code": reset.document.code,
                    "checks": (report or {}).get("checks", []),
                },
            )
        reset.activation = _link_issue(
            reset=reset,
            registration=registration,
            issued_by=issued_by,
            issuer=issuer,
            now=now,
        )
        reset.status, reset.registration = ClaveResetStatus.ENLACE_ENVIADO, registration
        reset.save()
    return reset.activation
