"""Emisión de clave: issue an activation (link or printed code). Nobody but the
employer ever holds a usable clave: officers hand over a one-time code, and the
employer chooses the clave (activation.py).
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
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
from clavepatronal.documents.services import generated_document_create
from clavepatronal.identity.validators import validate_identification
from clavepatronal.notifications.services import email_send

from ..constants import (
    ACTIVATION_CODE_LENGTH,
    ActivationPurpose,
    ActivationStatus,
    PowerStatus,
    RecipientRole,
    RegistrationStatus,
)
from ..models import Activation, EmployerAccount, PowerOfAttorney, Registration
from ..pdfs import acta_pdf
from ..selectors import activation_secret_hash


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


def _same_person(a_type: str, a_number: str, b_type: str, b_number: str) -> bool:
    return a_type == b_type and a_number == b_number


def _recipient(
    *,
    registration: Registration,
    channel: str,
    names: str | None,
    id_type: str | None,
    identification: str | None,
    role: str | None,
    power: PowerOfAttorney | None,
) -> tuple[str, str, str, str]:
    """Who receives the key, checked against the registration.

    The legal representative and the authorized third party must be exactly the
    people the Solicitud names; an apoderado must be the one named in a notarized
    power of this employer that the delegado jurídico has validated and stamped.
    By link, the default is the legal representative, owner of the registration's
    verified e-mail.
    """
    if channel == Channel.VIRTUAL and not any((names, id_type, identification, role)):
        return (
            registration.rep_names,
            registration.rep_id_type,
            registration.rep_identification,
            RecipientRole.REPRESENTANTE_LEGAL,
        )
    if not all((names, id_type, identification, role)):
        raise ApplicationError(
            _("Indique nombres, identificación y calidad de quien recibe la clave."),
            extra={"code": "recipient_missing"},
        )
    if role not in RecipientRole.values:
        raise ApplicationError(_("La calidad de quien recibe no es válida."))
    try:
        identification = validate_identification(id_type, identification)
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages)) from None
    if role == RecipientRole.REPRESENTANTE_LEGAL and not _same_person(
        id_type,
        identification,
        registration.rep_id_type,
        registration.rep_identification,
    ):
        raise ApplicationError(
            _("La identificación no es la del representante legal del registro."),
            extra={"code": "recipient_mismatch"},
        )
    if role == RecipientRole.TERCERO_AUTORIZADO and not (
        registration.has_authorization
        and _same_person(
            id_type,
            identification,
            registration.authorized_id_type,
            registration.authorized_identification,
        )
    ):
        raise ApplicationError(
            _(
                "La persona no consta en la Autorización de Retiro de Contraseña de "
                "la Solicitud."
            ),
            extra={"code": "recipient_mismatch"},
        )
    if role == RecipientRole.APODERADO:
        _power_require(
            power=power,
            registration=registration,
            id_type=id_type,
            identification=identification,
        )
    return names.strip(), id_type, identification, role


def _power_require(
    *,
    power: PowerOfAttorney | None,
    registration: Registration,
    id_type: str,
    identification: str,
) -> None:
    if power is None or power.registration_id != registration.pk:
        raise ApplicationError(
            _("Registre el poder notarial del apoderado antes de emitir la clave."),
            extra={"code": "power_missing"},
        )
    if power.status != PowerStatus.SELLADO:
        raise ApplicationError(
            _(
                "El poder notarial aún no tiene el sello del delegado jurídico; la "
                "clave no se puede entregar al apoderado."
            ),
            extra={"code": "power_not_stamped"},
        )
    if not _same_person(
        id_type, identification, power.apoderado_id_type, power.apoderado_identification
    ):
        raise ApplicationError(
            _("La identificación no es la del apoderado que consta en el poder."),
            extra={"code": "recipient_mismatch"},
        )


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


def clave_issue(
    *,
    registration: Registration,
    channel: str,
    issued_by=None,
    actor_label: str = "",
    recipient_name: str | None = None,
    recipient_identification_type: str | None = None,
    recipient_identification: str | None = None,
    recipient_role: str | None = None,
    power_of_attorney: PowerOfAttorney | None = None,
    now: datetime | None = None,
) -> IssuanceResult:
    """Issue the key by either channel; the one service both channels call.

    Creates the employer account on first use (username: the RUC, or the cédula of
    a domestic employer), revokes any earlier pending activation and disables a
    clave already set (a new key replaces the old one), records the delivery and
    an audit event. Virtual: a link valid CLAVE_ACTIVATION_LINK_HOURS is mailed to
    the registration's verified e-mail. In person: a one-time code and the Acta.
    `issued_by` is the officer (staff user); without one, `actor_label` says who
    (e.g. "soporte (emitir_clave)").
    """
    now = now or timezone.now()
    if registration.status != RegistrationStatus.ACTIVO:
        raise ApplicationError(
            _("El registro del empleador no está activo."), extra={"code": "inactive"}
        )
    if channel not in Channel.values:
        raise ApplicationError(_("El canal de entrega no es válido."))
    if issued_by is not None and not issued_by.is_staff:
        raise ApplicationError(_("Solo un servidor del IESS puede emitir la clave."))
    if issued_by is None and not actor_label:
        raise ApplicationError(_("Indique quién emite la clave."))
    issuer = actor_label or f"servidor {issued_by.get_username()}"
    names, id_type, identification, role = _recipient(
        registration=registration,
        channel=channel,
        names=recipient_name,
        id_type=recipient_identification_type,
        identification=recipient_identification,
        role=recipient_role,
        power=power_of_attorney,
    )
    power = power_of_attorney if role == RecipientRole.APODERADO else None
    if channel == Channel.PRESENCIAL:
        secret = random_code(ACTIVATION_CODE_LENGTH)
        expires_at = now + timedelta(hours=settings.CLAVE_ACTIVATION_CODE_HOURS)
    else:
        secret = secrets.token_urlsafe(32)
        expires_at = now + timedelta(hours=settings.CLAVE_ACTIVATION_LINK_HOURS)

    acta_kwargs = acta_code = None
    if channel == Channel.PRESENCIAL:
        # Drawn before the transaction, so the write lock is held only for inserts.
        acta_code = document_code_new()
        officer = issued_by.get_full_name() if issued_by else ""
        acta_kwargs = dict(
            registration=registration,
            recipient_names=names,
            recipient_id_type=id_type,
            recipient_identification=identification,
            recipient_role=role,
            officer_name=officer or issuer,
            issued_at=now,
            expires_at=expires_at,
            activation_url=public_url("portal:activate_code"),
            code_display=code_grouped(acta_code),
            verification_url=public_url("documents:verify_code", code=acta_code),
            power=power,
        )
        printed = acta_pdf(code=secret, **acta_kwargs)
        archived = acta_pdf(code=None, **acta_kwargs)

    with transaction.atomic():
        account = _account_for(registration)
        revoked = _pending_close(account=account, now=now)
        user = account.user
        if user.has_usable_password():
            user.set_unusable_password()  # the old clave dies with the new issue
            user.save(update_fields=["password"])
        acta = None
        if channel == Channel.PRESENCIAL:
            acta = generated_document_create(
                code=acta_code,
                kind=DocumentKind.ACTA_ENTREGA_CLAVE,
                holder_identification=registration.employer_identification,
                holder_name=registration.business_name,
                content=archived,
            )
        activation = _activation_create(
            account=account,
            registration=registration,
            purpose=ActivationPurpose.EMISION,
            channel=channel,
            secret_hash=activation_secret_hash(secret=secret),
            expires_at=expires_at,
            email=registration.email if channel == Channel.VIRTUAL else "",
            recipient_names=names,
            recipient_id_type=id_type,
            recipient_identification=identification,
            recipient_role=role,
            issued_by=issued_by,
            issued_by_label=issuer,
            acta=acta,
            power_of_attorney=power,
        )
        audit_event_record(
            action=AuditAction.CLAVE_EMITIDA,
            target=activation,
            actor=issued_by,
            actor_label=issuer,
            data={
                "channel": channel,
                "recipient_role": role,
                "recipient_id_type": id_type,
                "recipient_identification": identification,
                "email": activation.email,
                "revoked": revoked,
                "acta": acta.code if acta else "",
                "power_stamp": power.stamp_code if power else "",
            },
        )
        if channel == Channel.VIRTUAL:
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
    if channel == Channel.PRESENCIAL:
        return IssuanceResult(
            activation=activation, code=secret, acta=acta, acta_pdf=printed
        )
    return IssuanceResult(activation=activation)
