"""Emisión de clave: issue an activation (link or printed code). Nobody but the
employer ever holds a usable clave: officers hand over a one-time code, and the
employer chooses the clave (activation.py).
"""

import secrets
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.catalogue.constants import Channel
from clavepatronal.core.addresses import public_url
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.documents.codes import code_grouped, document_code_new, random_code
from clavepatronal.documents.constants import DocumentKind
from clavepatronal.documents.models import GeneratedDocument
from clavepatronal.documents.services import (
    generated_document_create,
    generated_documents_atomic,
)
from clavepatronal.notifications.services import email_send

from ..constants import (
    ACTIVATION_CODE_LENGTH,
    ActivationPurpose,
    ActivationStatus,
    RegistrationStatus,
)
from ..models import Activation, EmployerAccount, PowerOfAttorney, Registration
from ..pdfs import acta_pdf
from ..selectors import activation_secret_hash
from .recipients import Recipient, recipient_check, recipient_representative


class ActivationError(ApplicationError):
    """The link or code cannot set a clave (used, expired, replaced, unknown)."""


@dataclass(frozen=True)
class IssuanceResult:
    """What an issuance hands back. For the in-person channel, `code` and
    `acta_pdf` (the printable Acta with the code) exist only here, once: print the
    PDF for the recipient and let both go. `acta` is the stored copy, identical
    but for the code, which it withholds."""

    activation: Activation
    code: str | None = None
    acta: GeneratedDocument | None = None
    acta_pdf: bytes | None = None


def _account_for(registration: Registration) -> EmployerAccount:
    """The employer's account, created on the first issuance (inside a transaction;
    the user row is locked so issuances for one employer queue)."""
    User = get_user_model()
    username = registration.employer_identification
    user = User.objects.select_for_update().filter(username=username).first()
    if user is None:
        user = User(
            username=username,
            email=registration.email,
            first_name=registration.business_name[:150],
            last_name=registration.rep_names[:150],
        )
        user.set_unusable_password()
        user.full_clean()
        user.save()
        account = EmployerAccount(user=user, registration=registration)
        account.full_clean()
        account.save()
        return account
    account = EmployerAccount.objects.filter(user=user).first()
    if account is None or user.is_staff or user.is_superuser:
        raise ApplicationError(
            _("Existe una cuenta del personal con ese usuario; no se emite la clave."),
            extra={"code": "not_employer"},
        )
    if account.registration_id != registration.pk:
        # A new registration (a new legal representative): its data and its
        # verified e-mail now speak for the employer.
        account.registration = registration
        account.save(update_fields=["registration", "updated"])
        user.email = registration.email
        user.first_name = registration.business_name[:150]
        user.last_name = registration.rep_names[:150]
        user.save(update_fields=["email", "first_name", "last_name"])
    return account


def _pending_close(*, account: EmployerAccount, now: datetime) -> list[int]:
    """End the account's pending activation: expired ones as VENCIDA, live ones as
    REVOCADA. Returns the ids revoked."""
    pending = Activation.objects.filter(
        account=account, status=ActivationStatus.PENDIENTE
    )
    pending.filter(expires_at__lte=now).update(
        status=ActivationStatus.VENCIDA, closed_at=now, updated=now
    )
    revoked = list(pending.values_list("pk", flat=True))
    pending.update(status=ActivationStatus.REVOCADA, closed_at=now, updated=now)
    return revoked


def _activation_create(**fields) -> Activation:
    activation = Activation(**fields)
    # The one-pending rule is the database's (partial unique index), race-proof.
    activation.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            activation.save()
    except IntegrityError:
        raise ApplicationError(
            _("Se está emitiendo otra clave para este empleador. Inténtelo de nuevo."),
            extra={"code": "retry"},
        ) from None
    return activation


def _issuer_check(*, registration: Registration, issued_by, actor_label: str) -> str:
    """Who issues, as the trail names them; refuses an inactive registration."""
    if registration.status != RegistrationStatus.ACTIVO:
        raise ApplicationError(
            _("El registro del empleador no está activo."), extra={"code": "inactive"}
        )
    if issued_by is not None and not issued_by.is_staff:
        raise ApplicationError(_("Solo un servidor del IESS puede emitir la clave."))
    if issued_by is None and not actor_label:
        raise ApplicationError(_("Indique quién emite la clave."))
    return actor_label or f"servidor {issued_by.get_username()}"


def _issuance_record(
    *,
    registration: Registration,
    channel: str,
    recipient: Recipient,
    secret: str,
    expires_at: datetime,
    issued_by,
    issuer: str,
    now: datetime,
    acta: GeneratedDocument | None = None,
) -> Activation:
    """What both channels write, inside their transaction: the account (created on
    first use), earlier pending activations closed, the old clave disabled, the new
    activation and its audit event."""
    account = _account_for(registration)
    revoked = _pending_close(account=account, now=now)
    user = account.user
    if user.has_usable_password():
        user.set_unusable_password()  # the old clave dies with the new issue
        user.save(update_fields=["password"])
    activation = _activation_create(
        account=account,
        registration=registration,
        purpose=ActivationPurpose.EMISION,
        channel=channel,
        secret_hash=activation_secret_hash(secret=secret),
        expires_at=expires_at,
        email=registration.email if channel == Channel.VIRTUAL else "",
        issued_by=issued_by,
        issued_by_label=issuer,
        acta=acta,
        **asdict(recipient),
    )
    power = recipient.power_of_attorney
    audit_event_record(
        action=AuditAction.CLAVE_EMITIDA,
        target=activation,
        actor=issued_by,
        actor_label=issuer,
        data={
            "channel": channel,
            "recipient_role": recipient.recipient_role,
            "recipient_id_type": recipient.recipient_id_type,
            "recipient_identification": recipient.recipient_identification,
            "email": activation.email,
            "revoked": revoked,
            "acta": acta.code if acta else "",
            "power_stamp": power.stamp_code if power else "",
        },
    )
    return activation


def clave_issue_by_link(
    *,
    registration: Registration,
    issued_by=None,
    actor_label: str = "",
    now: datetime | None = None,
) -> IssuanceResult:
    """Virtual channel: a link valid CLAVE_ACTIVATION_LINK_HOURS, mailed to the
    registration's verified e-mail (the legal representative's).

    `issued_by` is the officer (staff user); without one, `actor_label` says who
    (e.g. "soporte (emitir_clave)"). A new key replaces the old one.
    """
    now = now or timezone.now()
    issuer = _issuer_check(
        registration=registration, issued_by=issued_by, actor_label=actor_label
    )
    secret = secrets.token_urlsafe(32)
    expires_at = now + timedelta(hours=settings.CLAVE_ACTIVATION_LINK_HOURS)
    with transaction.atomic():
        activation = _issuance_record(
            registration=registration,
            channel=Channel.VIRTUAL,
            recipient=recipient_representative(registration),
            secret=secret,
            expires_at=expires_at,
            issued_by=issued_by,
            issuer=issuer,
            now=now,
        )
        email_send(
            to=registration.email,
            subject=_("Active su clave patronal — IESS"),
            template_name="clave_activacion",
            context={
                "registration": registration,
                "link": public_url("portal:activate_link", token=secret),
                "expires_at": expires_at,
                "hours": settings.CLAVE_ACTIVATION_LINK_HOURS,
            },
        )
    return IssuanceResult(activation=activation)


def _acta_draw(
    *,
    registration: Registration,
    recipient: Recipient,
    secret: str,
    officer: str,
    now: datetime,
    expires_at: datetime,
) -> tuple[str, bytes, bytes]:
    """The Acta's document code, the printed copy (with the one-time code) and the
    stored copy (without it)."""
    acta_code = document_code_new()
    acta_kwargs = dict(
        registration=registration,
        recipient_names=recipient.recipient_names,
        recipient_id_type=recipient.recipient_id_type,
        recipient_identification=recipient.recipient_identification,
        recipient_role=recipient.recipient_role,
        officer_name=officer,
        issued_at=now,
        expires_at=expires_at,
        activation_url=public_url("portal:activate_code"),
        code_display=code_grouped(acta_code),
        verification_url=public_url("documents:verify_code", code=acta_code),
        power=recipient.power_of_attorney,
    )
    return (
        acta_code,
        acta_pdf(code=secret, **acta_kwargs),
        acta_pdf(code=None, **acta_kwargs),
    )


def clave_issue_at_desk(
    *,
    registration: Registration,
    recipient_names: str,
    recipient_id_type: str,
    recipient_identification: str,
    recipient_role: str,
    power_of_attorney: PowerOfAttorney | None = None,
    issued_by=None,
    actor_label: str = "",
    now: datetime | None = None,
) -> IssuanceResult:
    """In person: a one-time code printed on the Acta de entrega, handed to the
    person the Solicitud names (or a stamped apoderado). The code exists only in
    the returned PDF; the stored Acta withholds it."""
    now = now or timezone.now()
    issuer = _issuer_check(
        registration=registration, issued_by=issued_by, actor_label=actor_label
    )
    recipient = recipient_check(
        registration=registration,
        names=recipient_names,
        id_type=recipient_id_type,
        identification=recipient_identification,
        role=recipient_role,
        power=power_of_attorney,
    )
    secret = random_code(ACTIVATION_CODE_LENGTH)
    expires_at = now + timedelta(hours=settings.CLAVE_ACTIVATION_CODE_HOURS)
    # Drawn before the transaction, so the write lock is held only for inserts.
    acta_code, printed, archived = _acta_draw(
        registration=registration,
        recipient=recipient,
        secret=secret,
        officer=(issued_by.get_full_name() if issued_by else "") or issuer,
        now=now,
        expires_at=expires_at,
    )
    with generated_documents_atomic():
        acta = generated_document_create(
            code=acta_code,
            kind=DocumentKind.ACTA_ENTREGA_CLAVE,
            holder_identification=registration.employer_identification,
            holder_name=registration.business_name,
            content=archived,
        )
        activation = _issuance_record(
            registration=registration,
            channel=Channel.PRESENCIAL,
            recipient=recipient,
            secret=secret,
            expires_at=expires_at,
            issued_by=issued_by,
            issuer=issuer,
            now=now,
            acta=acta,
        )
    return IssuanceResult(
        activation=activation, code=secret, acta=acta, acta_pdf=printed
    )
