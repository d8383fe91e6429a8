"""Reads for the portal: accounts, activations, lockouts and what an employer owns.

Every object an employer can open is looked up through the employer, so another
employer's code in a URL finds nothing (404).
"""

import datetime
from dataclasses import dataclass, field

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from clavepatronal.appointments.constants import TurnStatus
from clavepatronal.appointments.models import Turn
from clavepatronal.catalogue.constants import CLAVE_PATRONAL_CODE, Channel
from clavepatronal.documents.codes import code_normalize, document_code_normalize
from clavepatronal.documents.models import GeneratedDocument
from clavepatronal.procedures.links import correction_token_open
from clavepatronal.procedures.models import Tramite
from clavepatronal.procedures.selectors import (
    employer_tramite_get,
    employer_tramite_list,
    tramite_detail,
)

from ..constants import ACTIVATION_CODE_LENGTH, ActivationPurpose, ActivationStatus
from ..models import Activation, EmployerAccount

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


def account_get_by_identification(*, identification: str) -> EmployerAccount | None:
    return (
        EmployerAccount.objects.select_related("user", "registration")
        .filter(user__username=identification, user__is_staff=False)
        .first()
    )


def activation_get_by_token(*, token: str, purpose: str) -> Activation | None:
    """The activation an e-mailed link names, whatever its state."""
    if not token or len(token) > 100:
        return None
    return (
        Activation.objects.select_related("account__user", "registration")
        .filter(
            secret_hash=activation_secret_hash(secret=token),
            purpose=purpose,
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


def activation_pending_live(*, account: EmployerAccount, now) -> Activation | None:
    return account.activations.filter(
        status=ActivationStatus.PENDIENTE, expires_at__gt=now
    ).first()


def login_lockout_until(
    *, username: str | None, ip_address: str | None, now: datetime.datetime
) -> datetime.datetime | None:
    """When django-axes lets this username and this IP try again, or None.

    Failures are counted per username and, separately, per IP (AXES_LOCKOUT_
    PARAMETERS); each attempt row holds its latest failure. Going from the newest
    row back, the one where the count reaches the limit is the one whose expiry
    lifts the lock.
    """
    cooloff = settings.AXES_COOLOFF_TIME
    limit = settings.AXES_FAILURE_LIMIT
    until = None
    for name, value in (("username", username), ("ip_address", ip_address)):
        if not value:
            continue
        rows = AccessAttempt.objects.filter(
            **{name: value}, attempt_time__gte=now - cooloff
        ).order_by("-attempt_time")
        counted = 0
        for row in rows.only("attempt_time", "failures_since_start"):
            counted += row.failures_since_start
            if counted >= limit:
                lifted = row.attempt_time + cooloff
                until = lifted if until is None else max(until, lifted)
                break
    return until


# --- what an employer owns


def _turn_people(account: EmployerAccount) -> Q:
    """Turns booked by the legal representative or the authorized person."""
    registration = account.registration
    people = Q(
        identification_type=registration.rep_id_type,
        identification=registration.rep_identification,
    )
    if registration.has_authorization:
        people |= Q(
            identification_type=registration.authorized_id_type,
            identification=registration.authorized_identification,
        )
    return people


def employer_turn_list(*, account: EmployerAccount) -> QuerySet[Turn]:
    """Clave patronal turns of the employer's people, newest first."""
    return (
        Turn.objects.filter(_turn_people(account))
        .filter(procedure_type__code=CLAVE_PATRONAL_CODE)
        .select_related("slot__agency", "procedure_type")
        .order_by("-slot__starts_at")
    )


def employer_turn_get(*, account: EmployerAccount, code: str) -> Turn | None:
    return employer_turn_list(account=account).filter(code=str(code).upper()).first()


def employer_turn_manageable(*, turn: Turn, now: datetime.datetime) -> bool:
    return turn.status == TurnStatus.RESERVADO and turn.slot.starts_at > now


def employer_document_list(*, account: EmployerAccount) -> QuerySet[GeneratedDocument]:
    """Every document generated for this RUC (or cédula): the registration forms,
    delivery slips and, later, procedure receipts."""
    return GeneratedDocument.objects.defer("content").filter(
        holder_identification=account.identification
    )


def employer_document_get(
    *, account: EmployerAccount, code: str
) -> GeneratedDocument | None:
    normalized = document_code_normalize(code)
    if normalized is None:
        return None
    return GeneratedDocument.objects.filter(
        holder_identification=account.identification, code=normalized
    ).first()


def employer_tramites(*, account: EmployerAccount, limit: int = 20) -> list[Tramite]:
    """The employer's trámites; an observed one carries the link to correct it."""
    tramites = list(
        employer_tramite_list(identification=account.identification)[:limit]
    )
    for tramite in tramites:
        tramite.correction_token = correction_token_open(tramite)
    return tramites


def employer_tramite_detail(*, account: EmployerAccount, number: str) -> Tramite | None:
    tramite = employer_tramite_get(identification=account.identification, number=number)
    return tramite_detail(tramite=tramite) if tramite else None


# --- the dashboard


@dataclass
class DashboardSection:
    """One block of the dashboard: a template under employers/portal/sections/ and
    the data it shows (`section.data` in the template)."""

    template: str
    data: dict = field(default_factory=dict)


def dashboard_sections(
    *, account: EmployerAccount, now: datetime.datetime
) -> list[DashboardSection]:
    """The dashboard, top to bottom. A new block (the trámites of the ventanilla
    virtual) is one more entry here and one template."""
    turns = list(employer_turn_list(account=account)[:20])
    for turn in turns:
        turn.manageable = employer_turn_manageable(turn=turn, now=now)
    return [
        DashboardSection(
            "employers/portal/sections/employer.html",
            {"account": account, "registration": account.registration},
        ),
        DashboardSection(
            "employers/portal/sections/tramites.html",
            {"tramites": employer_tramites(account=account)},
        ),
        DashboardSection("employers/portal/sections/turns.html", {"turns": turns}),
        DashboardSection(
            "employers/portal/sections/documents.html",
            {"documents": list(employer_document_list(account=account))},
        ),
        DashboardSection(
            "employers/portal/sections/account.html", {"account": account}
        ),
    ]


def activation_get(*, pk: int | None) -> Activation | None:
    if pk is None:
        return None
    return (
        Activation.objects.select_related("account__user", "registration")
        .filter(pk=pk)
        .first()
    )
