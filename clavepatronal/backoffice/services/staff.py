"""Staff accounts: roles as groups, where each one works, and the TOTP second
factor every staff account must use (django-otp)."""

import base64
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from clavepatronal.appointments.models import Agency
from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.core.addresses import public_url
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.identity.models import Province
from clavepatronal.identity.validators import validate_cedula
from clavepatronal.notifications.services import email_send

from ..constants import ROLE_PERMISSIONS, Role
from ..models import StaffProfile

DEVICE_NAME = "Aplicación de autenticación"


def _permission(perm: str) -> Permission:
    """The permission row, created if missing: this may run before Django's own
    post_migrate handler has created the app's permissions."""
    app_label, codename = perm.split(".")
    for model in apps.get_app_config(app_label).get_models():
        for code, name in model._meta.permissions:
            if code == codename:
                content_type = ContentType.objects.get_for_model(model)
                return Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=codename,
                    defaults={"name": name},
                )[0]
    raise LookupError(perm)


def staff_roles_sync() -> None:
    """Create the three role groups and give each exactly its permissions.

    Idempotent; runs after every migrate (apps.py) and before creating staff."""
    ContentType.objects.clear_cache()  # rows may have been flushed since cached
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role.value)
        group.permissions.set([_permission(perm) for perm in perms])


@dataclass(frozen=True)
class NewStaff:
    user: object
    device: TOTPDevice


@transaction.atomic
def staff_create(
    *,
    username: str,
    password: str,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    agency: Agency | None = None,
    province: Province | None = None,
    identification: str = "",
) -> NewStaff:
    """A staff account with its role, its place, the officer's own cédula (a turno
    asistido is never for the officer who books it; without it they book none) and
    a confirmed TOTP device whose secret is handed over once (QR or key) by whoever
    creates the account."""
    role = Role(role)
    identification = staff_identification_clean(identification)
    if role == Role.SERVIDOR and agency is None:
        raise ApplicationError(_("Un servidor de atención pertenece a una agencia."))
    if role == Role.DELEGADO and province is None and agency is None:
        raise ApplicationError(_("Un delegado jurídico pertenece a una provincia."))
    if agency is not None:
        province = agency.province
    User = get_user_model()
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=True,
        is_superuser=False,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    staff_roles_sync()
    user.groups.add(Group.objects.get(name=role.value))
    profile = StaffProfile(
        user=user, agency=agency, province=province, identification=identification
    )
    profile.full_clean()
    profile.save()
    device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
    return NewStaff(user=user, device=device)


def staff_identification_clean(identification: str) -> str:
    """The officer's cédula as the records keep it (compact), or "" if none given;
    a wrong one is refused with the cédula's own message."""
    if not identification.strip():
        return ""
    try:
        return validate_cedula(identification)
    except ValidationError as error:
        raise ApplicationError(error.messages[0]) from None


def device_secret_display(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it typed: base32, in groups of 4."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def device_code_now(device: TOTPDevice) -> str:
    """The code the authenticator shows right now (demo command, tests)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def staff_device(*, user) -> TOTPDevice | None:
    """The user's confirmed authenticator, if it has one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


ENROLMENT_SALT = "backoffice.staff-enrolment"


def _enrolment_token(device: TOTPDevice) -> str:
    return signing.dumps({"u": device.user_id, "d": device.pk}, salt=ENROLMENT_SALT)


def staff_enrolment_device(*, token: str) -> TOTPDevice | None:
    """The authenticator a live enrolment link sets up, or None.

    The link names one unconfirmed device: it dies when that device is confirmed
    (used once), when a newer link replaces it, or after STAFF_ENROLMENT_HOURS.
    """
    try:
        data = signing.loads(
            token,
            salt=ENROLMENT_SALT,
            max_age=settings.STAFF_ENROLMENT_HOURS * 3600,
        )
    except signing.BadSignature:
        return None
    return (
        TOTPDevice.objects.select_related("user")
        .filter(
            pk=data.get("d"),
            user_id=data.get("u"),
            confirmed=False,
            user__is_active=True,
            user__is_staff=True,
        )
        .first()
    )


@transaction.atomic
def staff_enrolment_link_send(*, user, issued_by) -> str:
    """Start setting up (or replacing) a staff member's authenticator: a new,
    unconfirmed device whose single-use link goes to the account's e-mail. Nobody
    can enrol by merely knowing the password. Returns the link (for tests)."""
    if not user.is_staff or not user.email:
        raise ApplicationError(
            _("Solo se envía el enlace a una cuenta del personal con correo.")
        )
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    link = public_url("backoffice:enrol", token=_enrolment_token(device))
    audit_event_record(
        action=AuditAction.PERSONAL_ENLACE_SEGUNDO_FACTOR,
        target=user,
        actor=issued_by,
        actor_label=issued_by.get_username(),
    )
    email_send(
        to=user.email,
        subject=_("Configure su segundo factor — Back office IESS"),
        template_name="personal_segundo_factor",
        context={
            "user": user,
            "link": link,
            "hours": settings.STAFF_ENROLMENT_HOURS,
        },
    )
    return link


@transaction.atomic
def staff_enrolment_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm the link's device with a code from the app; the link dies with it."""
    token = "".join(token.split())
    device = TOTPDevice.objects.select_for_update().filter(pk=device.pk).first()
    if (
        device is None
        or device.confirmed
        or not token.isdigit()
        or not device.verify_token(token)
    ):
        if device is not None:
            audit_event_record(
                action=AuditAction.PERSONAL_CODIGO_FALLIDO,
                target=device.user,
                actor=None,
                actor_label=device.user.get_username(),
            )
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_event_record(
        action=AuditAction.PERSONAL_SEGUNDO_FACTOR,
        target=device.user,
        actor=device.user,
        actor_label=device.user.get_username(),
    )
    return True


@transaction.atomic
def staff_code_verify(*, user, token: str) -> TOTPDevice | None:
    """Check a code against the user's confirmed device.

    django-otp refuses a code already used and slows down repeated failures; every
    failure is an audit event. An account without a confirmed device never passes:
    its authenticator is set up only through an enrolment link."""
    token = "".join(token.split())
    device = staff_device(user=user)
    if device is None or not token.isdigit() or not device.verify_token(token):
        audit_event_record(
            action=AuditAction.PERSONAL_CODIGO_FALLIDO,
            target=user,
            actor=None,
            actor_label=user.get_username(),
        )
        return None
    return device


def staff_login_record(*, user) -> None:
    audit_event_record(
        action=AuditAction.PERSONAL_INGRESO,
        target=user,
        actor=user,
        actor_label=user.get_username(),
    )


def staff_logout_record(*, user) -> None:
    audit_event_record(
        action=AuditAction.PERSONAL_SALIDA,
        target=user,
        actor=user,
        actor_label=user.get_username(),
    )
