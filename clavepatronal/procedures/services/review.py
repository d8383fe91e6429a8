"""The officer's steps: take, observe, reject, approve (which issues the clave)."""

from django.db import transaction
from django.utils.translation import gettext as _

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.catalogue.constants import CLAVE_PATRONAL_CODE, CLAVE_RESET_CODE
from clavepatronal.core.addresses import public_url
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.employers.services import clave_issue_by_link, clave_reset_grant
from clavepatronal.notifications.services import email_send

from ..constants import TramiteStatus
from ..links import CORRECTION_LINK_DAYS, correction_token
from ..models import Observation, Tramite
from .history import legal_require, transition


def _assignee_require(*, tramite: Tramite, actor, to: str) -> None:
    """A legal step, by the officer who took the trámite (and only them)."""
    legal_require(tramite=tramite, to=to)
    if tramite.assigned_to_id != actor.pk:
        raise ApplicationError(
            _(
                "Tome el trámite antes de actuar: está asignado a otro servidor o a "
                "nadie."
            ),
            extra={"code": "not_assignee"},
        )


@transaction.atomic
def tramite_view_record(*, tramite: Tramite, actor) -> None:
    """An officer opened the trámite (the applicant's and the employer's data, the
    files' list): an audit event, which «Quién consultó mis datos» shows."""
    audit_event_record(
        action=AuditAction.TRAMITE_CONSULTADO,
        target=tramite,
        actor=actor,
        data={"number": tramite.number, "status": tramite.status},
    )


def tramite_review_start(*, tramite: Tramite, actor) -> Tramite:
    """An officer takes the trámite (RECIBIDO or CORREGIDO → EN_REVISION)."""
    transition(
        tramite=tramite,
        to=TramiteStatus.EN_REVISION,
        actor=actor,
        actor_label=actor.get_username(),
    )
    Tramite.objects.filter(pk=tramite.pk).update(assigned_to=actor)
    tramite.assigned_to = actor
    return tramite


def _observations_build(
    *,
    tramite: Tramite,
    actor,
    items: dict[str, str],
    names: dict[str, str],
    general: str,
) -> tuple[int, list[Observation]]:
    """The next round's observations, unsaved: one per requirement, and the general
    one if written."""
    round_ = (
        tramite.observations.order_by("-round").values_list("round", flat=True).first()
        or 0
    ) + 1
    observations = [
        Observation(
            tramite=tramite,
            round=round_,
            requirement_code=code,
            requirement_name=names[code],
            text=text.strip(),
            author=actor,
        )
        for code, text in items.items()
    ]
    if general.strip():
        observations.append(
            Observation(
                tramite=tramite, round=round_, text=general.strip(), author=actor
            )
        )
    return round_, observations


@transaction.atomic
def tramite_observe(
    *, tramite: Tramite, actor, items: dict[str, str], general: str = ""
) -> list[Observation]:
    """EN_REVISION → OBSERVADO: one observation per requirement to correct (and an
    optional general one); the applicant gets them by e-mail with a link to replace
    only those files."""
    _assignee_require(tramite=tramite, actor=actor, to=TramiteStatus.OBSERVADO)
    if not items and not general.strip():
        raise ApplicationError(_("Escriba al menos una observación."))
    names = dict(
        tramite.attachments.filter(is_current=True).values_list(
            "requirement_code", "requirement_name"
        )
    )
    unknown = set(items) - set(names)
    if unknown:
        raise ApplicationError(
            _("El trámite no tiene estos requisitos: %(codes)s.")
            % {"codes": ", ".join(sorted(unknown))}
        )
    transition(
        tramite=tramite,
        to=TramiteStatus.OBSERVADO,
        actor=actor,
        actor_label=actor.get_username(),
        note="; ".join([*items.values(), general]).strip("; "),
    )
    round_, observations = _observations_build(
        tramite=tramite, actor=actor, items=items, names=names, general=general
    )
    for observation in observations:
        observation.full_clean()
        observation.save()
    email_send(
        to=tramite.applicant_email,
        subject=_("Su trámite %(number)s tiene observaciones — Ventanilla virtual IESS")
        % {"number": tramite.number},
        template_name="tramite_observado",
        context={
            "tramite": tramite,
            "observations": observations,
            "correction_url": public_url(
                "procedures:correct", token=correction_token(tramite, round_)
            ),
            "days": CORRECTION_LINK_DAYS,
        },
    )
    return observations


@transaction.atomic
def tramite_reject(*, tramite: Tramite, actor, reason: str) -> Tramite:
    """→ RECHAZADO, saying why; the applicant is told by e-mail and may file again."""
    _assignee_require(tramite=tramite, actor=actor, to=TramiteStatus.RECHAZADO)
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("Escriba el motivo del rechazo."))
    transition(
        tramite=tramite,
        to=TramiteStatus.RECHAZADO,
        actor=actor,
        actor_label=actor.get_username(),
        note=reason,
    )
    email_send(
        to=tramite.applicant_email,
        subject=_("Su trámite %(number)s no fue aprobado — Ventanilla virtual IESS")
        % {"number": tramite.number},
        template_name="tramite_rechazado",
        context={
            "tramite": tramite,
            "reason": reason,
            "ventanilla_url": public_url("procedures:start"),
        },
    )
    return tramite


def _clave_issue(*, tramite: Tramite, actor) -> str:
    """The link an approved trámite sends, and where: to the employer's verified
    e-mail, or, for a signed reset, to the new e-mail its Solicitud names (the same
    outcome as a signature that passed every rule)."""
    if tramite.registration is None:
        raise ApplicationError(
            _("El trámite no tiene un registro de empleador; no se emite la clave.")
        )
    if tramite.clave_reset_id is not None:
        activation = clave_reset_grant(
            reset_request=tramite.clave_reset,
            registration=tramite.registration,
            issued_by=actor,
        )
    else:
        activation = clave_issue_by_link(
            registration=tramite.registration, issued_by=actor
        ).activation
    return activation.email


@transaction.atomic
def tramite_approve(*, tramite: Tramite, actor) -> Tramite:
    """EN_REVISION → APROBADO; for the clave patronal, the key is issued by the
    virtual channel at once (a link to the employer's verified e-mail) and the
    trámite ends CLAVE_EMITIDA. All of it lands together or not at all."""
    _assignee_require(tramite=tramite, actor=actor, to=TramiteStatus.APROBADO)
    transition(
        tramite=tramite,
        to=TramiteStatus.APROBADO,
        actor=actor,
        actor_label=actor.get_username(),
    )
    issued = tramite.procedure_type.code in (CLAVE_PATRONAL_CODE, CLAVE_RESET_CODE)
    email = ""
    if issued:
        email = _clave_issue(tramite=tramite, actor=actor)
        transition(
            tramite=tramite,
            to=TramiteStatus.CLAVE_EMITIDA,
            actor=actor,
            actor_label=actor.get_username(),
            note=_("Enlace de activación enviado a %(email)s") % {"email": email},
        )
    email_send(
        to=tramite.applicant_email,
        subject=_("Su trámite %(number)s fue aprobado — Ventanilla virtual IESS")
        % {"number": tramite.number},
        template_name="tramite_aprobado",
        context={
            "tramite": tramite,
            "clave_emitida": issued,
            "email": email,
            "status_url": public_url("procedures:status"),
        },
    )
    return tramite
