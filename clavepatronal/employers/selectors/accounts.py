"""Reads of employer accounts and their activations (links and printed codes)."""

import datetime

from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from clavepatronal.catalogue.constants import Channel
from clavepatronal.documents.codes import code_normalize

from ..constants import ACTIVATION_CODE_LENGTH, ActivationPurpose, ActivationStatus
from ..models import Activation, ClaveResetRequest, EmployerAccount

_SECRET_SALT = "clavepatronal.employers.activation-secret"


def activation_secret_hash(*, secret: str) -> str:
    """HMAC-SHA256 keyed by SECRET_KEY: the database alone cannot test guesses."""
    return salted_hmac(_SECRET_SALT, secret, algorithm="sha256").hexdigest()


def account_get(*, user) -> EmployerAccount | None:
    """The employer account of a signed-in user; None for staff and anonymous."""
    if not getattr(user, "is_authenticated", False) or user.is_staff:
        return None
    return (
        EmployerAccount.objects.select_related(
            "user", "registration__province", "registration__solicitud"
        )
        .filter(user=user)
        .first()
    )


def activation_get_by_token(
    *, token: str, purpose: str | tuple[str, ...]
) -> Activation | None:
    """The activation an e-mailed link names, whatever its state; `purpose` one
    value or several."""
    if not token or len(token) > 100:
        return None
    purposes = (purpose,) if isinstance(purpose, str) else purpose
    return (
        Activation.objects.select_related("account__user", "registration")
        .filter(
            secret_hash=activation_secret_hash(secret=token),
            purpose__in=purposes,
            channel=Channel.VIRTUAL,
        )
        .first()
    )


def activation_get_by_code(
    *, identification: str, code: str, now: datetime.datetime
) -> Activation | None:
    """A usable in-person activation for this RUC and code, or None (no reason
    given, so the form says the same for a wrong RUC, code, used or expired)."""
    normalized = code_normalize(code, length=ACTIVATION_CODE_LENGTH)
    if normalized is None:
        return None
    return (
        Activation.objects.select_related("account__user", "registration")
        .filter(
            secret_hash=activation_secret_hash(secret=normalized),
            account__user__username=identification,
            purpose=ActivationPurpose.EMISION,
            channel=Channel.PRESENCIAL,
            status=ActivationStatus.PENDIENTE,
            expires_at__gt=now,
        )
        .first()
    )


def activation_problem(
    *, activation: Activation | None, now: datetime.datetime
) -> str | None:
    """Why an activation cannot be used (Spanish, for the person), or None."""
    if activation is None:
        return _(
            "El enlace no es válido. Revise que lo haya copiado completo desde el "
            "correo."
        )
    if activation.status == ActivationStatus.USADA:
        return _(
            "Este enlace ya se usó. Si ya eligió su clave, ingrese al portal; si la "
            "olvidó, use «¿Olvidó su clave?»."
        )
    if activation.status == ActivationStatus.REVOCADA:
        return _(
            "Este enlace fue reemplazado por uno más reciente. Use el último que le "
            "enviamos."
        )
    if activation.status == ActivationStatus.VENCIDA or activation.expires_at <= now:
        return _(
            "Este enlace venció. Solicite uno nuevo con «¿Olvidó su clave?» o con un "
            "nuevo trámite de clave patronal."
        )
    return None


def activation_get(*, pk: int | None) -> Activation | None:
    if pk is None:
        return None
    return (
        Activation.objects.select_related("account__user", "registration")
        .filter(pk=pk)
        .first()
    )


def clave_reset_request_get(*, code: str | None) -> ClaveResetRequest | None:
    """A Solicitud de restablecimiento by its document code (as normalized)."""
    if not code:
        return None
    return (
        ClaveResetRequest.objects.select_related("document")
        .filter(document__code=code)
        .first()
    )
