"""Applications for a drawn day: filed in step h («Confirmar»), cancelled from
their link, and the mails that tell each applicant how their draw went."""

import datetime

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.core.addresses import public_url
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.identity.validators import identification_compact
from clavepatronal.notifications.services import email_send
from clavepatronal.observability import record

from ..constants import (
    APPLICATION_LIVE_STATUSES,
    APPLICATION_MAX_HOURS,
    ApplicationStatus,
    DrawStatus,
    TurnStatus,
)
from ..models import Agency, Draw, TurnApplication
from ..selectors import employer_mailbox, slot_starts
from ..selectors.draws import (
    DayPhase,
    application_link_token,
    application_pending_get,
    application_pseudonym,
    application_pseudonyms,
    day_phase,
    draw_day_get,
)
from .application_notices import (
    application_employer_notice,
    applications_unconfirmed_lapse,
)
from .assisted import Assisted, assisted_actor, assisted_channel, assisted_quota_take
from .booking import (
    ActiveTurnError,
    holder_free_require,
    procedure_served_require,
)
from .employer import employer_application_standing
from .mail import LINK_RESEND_SECONDS, turn_confirmation_send
from .transitions import citizen_actor
from .verification import verification_require


class ApplicationExistsError(ActiveTurnError):
    """The person (or the employer) already has an application in the draws."""


def _hours_clean(
    *, agency: Agency, day: datetime.date, hours: list[str], any_hour: bool
) -> list[str]:
    grid = {
        timezone.localtime(s).strftime("%H:%M")
        for s in slot_starts(agency=agency, day=day)
    }
    chosen = list(dict.fromkeys(hours))
    if len(chosen) > APPLICATION_MAX_HOURS or not set(chosen) <= grid:
        raise ApplicationError(
            _("Elija hasta tres horas de la lista, en orden de preferencia."),
            extra={"code": "hours"},
        )
    if not chosen and not any_hour:
        raise ApplicationError(
            _("Elija al menos una hora o marque «cualquier hora»."),
            extra={"code": "hours"},
        )
    return chosen


@record.draw_application_refusals_counted
def application_file(
    *,
    verification_id: int | None,
    identification_type: str,
    identification: str,
    email: str,
    mobile: str,
    agency: Agency,
    procedure_type: ProcedureType,
    day: datetime.date,
    hours: list[str],
    any_hour: bool,
    employer_identification: str = "",
    employer_proof_id: int | None = None,
    employer_pending: bool = False,
    assisted: Assisted | None = None,
    now: datetime.datetime | None = None,
) -> TurnApplication:
    """Step h on a drawn day: the application, no seat yet (services.employer);
    `assisted`: an officer files it, with their proof (services.assisted)."""
    now = now or timezone.now()
    identification = identification_compact(identification)
    _filer_require(assisted, agency, (verification_id, identification, email), now)
    draw = _day_open_require(agency=agency, day=day, now=now)
    procedure_served_require(agency=agency, procedure_type=procedure_type)
    hours = _hours_clean(agency=agency, day=day, hours=hours, any_hour=any_hour)
    holder = holder_free_require(
        procedure_type=procedure_type,
        identification=identification,
        employer_identification=employer_identification,
    )
    standing = _standing(
        holder,
        (identification, email),
        assisted,
        proof=employer_proof_id,
        pending=employer_pending,
        closes_at=draw.closes_at,
        now=now,
    )
    application = TurnApplication(
        agency=agency,
        procedure_type=procedure_type,
        day=day,
        hours=hours,
        any_hour=any_hour,
        identification_type=identification_type,
        identification=identification,
        **_holder_fields(holder),
        email=email.strip().lower(),
        mobile=mobile,
        **standing,
        **(assisted.fields("filed_by") if assisted else {}),
    )
    _application_insert(application, draw)
    return application


def _filer_require(
    assisted: Assisted | None, agency: Agency, verification: tuple, now
) -> None:
    """Online, the person's e-mailed code; assisted, what the officer may do."""
    verification_id, identification, email = verification
    if assisted is not None:
        assisted.require(agency=agency, identification=identification)
        return
    verification_require(
        verification_id=verification_id,
        identification=identification,
        email=email,
        now=now,
    )


def _holder_fields(holder) -> dict:
    return {
        "registration": holder.registration,
        "employer_identification": holder.employer_identification,
        "holder_role": holder.role,
        "holder_names": holder.names,
    }


def _standing(holder, person: tuple, assisted: Assisted | None, **kwargs) -> dict:
    """The status an application starts in: the employer's standing online, the
    officer's proof when assisted (PENDIENTE: in the draw, never waiting)."""
    if assisted is None:
        return employer_application_standing(holder=holder, person=person, **kwargs)
    mailbox = employer_mailbox(holder.registration) if holder.registration else None
    assisted.standing(
        holder.registration, mailbox, proof_id=kwargs["proof"], now=kwargs["now"]
    )
    return {"status": ApplicationStatus.PENDIENTE}


def _day_open_require(*, agency: Agency, day: datetime.date, now) -> Draw:
    draw = draw_day_get(agency=agency, day=day)
    if day_phase(draw, now) != DayPhase.SOLICITUDES:
        raise ApplicationError(
            _("Ese día ya no recibe solicitudes. Elija otro día."),
            extra={"code": "not_bookable"},
        )
    return draw


def _application_insert(application: TurnApplication, draw: Draw) -> None:
    """Saved with its audit event and receipt, or nothing: the database refuses a
    second pending application of the same number or employer (and an officer's
    row is locked for their daily count: assisted_quota_take)."""
    application.full_clean(
        exclude=["agency", "procedure_type", "registration", "turn"],
        validate_unique=False,
        validate_constraints=False,
    )
    try:
        with transaction.atomic():
            if application.filed_by_id is not None:
                assisted_quota_take(officer=application.filed_by)
            if application.status == ApplicationStatus.PENDIENTE:
                applications_unconfirmed_lapse(
                    employer=application.employer_identification
                )
            application.save()
            record.draw_application_filed(agency=application.agency_id)
            audit_event_record(
                action=AuditAction.SOLICITUD_REGISTRADA,
                target=application,
                **assisted_actor(application),
                data={
                    "agency": application.agency_id,
                    "day": application.day.isoformat(),
                    "hours": application.hours,
                    **assisted_channel(application),
                },
            )
            _application_mail(application, draw, "turno_solicitud")
            application_employer_notice(application=application)
    except IntegrityError:
        if application.status == ApplicationStatus.POR_CONFIRMAR:
            raise ApplicationError(
                _(
                    "Ya hay una solicitud a nombre de este empleador esperando su "
                    "confirmación. Pida al empleador que la confirme desde el aviso "
                    "que recibió en su correo, o escriba el código enviado a ese "
                    "correo."
                ),
                extra={"code": "employer_waiting"},
            ) from None
        raise _application_exists() from None


def _application_exists() -> ApplicationExistsError:
    return ApplicationExistsError(
        _(
            "Ya existe una solicitud para el sorteo con esta identificación (o para "
            "este empleador). Enviamos el enlace para verla o cancelarla al correo con "
            "el que se presentó."
        ),
        turn=None,
    )


def application_exists_check(
    *, identification: str, procedure_type: ProcedureType, employer: str
) -> TurnApplication | None:
    return application_pending_get(
        identification=identification_compact(identification),
        procedure_type=procedure_type,
        employer_identification=employer,
    )


def application_cancel(*, application: TurnApplication) -> TurnApplication:
    """The applicant leaves the draws (their link); a won turn is cancelled from
    the turn's own link instead."""
    with transaction.atomic():
        cancelled = TurnApplication.objects.filter(
            pk=application.pk,
            status__in=APPLICATION_LIVE_STATUSES,
        ).update(status=ApplicationStatus.CANCELADA, updated=timezone.now())
        if not cancelled:
            raise ApplicationError(_("Esta solicitud ya no se puede cancelar."))
        application.refresh_from_db()
        audit_event_record(
            action=AuditAction.SOLICITUD_CANCELADA,
            target=application,
            actor_label=citizen_actor(application.identification),
        )
    return application


def _application_mail(application: TurnApplication, draw: Draw, template: str) -> None:
    """Its receipt or its draw's outcome; nothing for an application an officer
    filed for a person without e-mail (they learn it from the officer or the
    draw's public page, by the pseudonym the officer gave them)."""
    if not application.email:
        return
    email_send(
        to=application.email,
        subject=(
            _("Solicitud de turno registrada — sorteo IESS")
            if template == "turno_solicitud"
            else _("Resultado del sorteo de turnos — IESS")
        ),
        template_name=template,
        context={
            "application": application,
            "agency": application.agency,
            "draw": draw,
            "pseudonym": application_pseudonym(application.pk),
            "application_url": public_url(
                "appointments:application_detail",
                token=application_link_token(application=application),
            ),
            "draw_url": public_url(
                "appointments:draw_public",
                agency_id=draw.agency_id,
                day=draw.day.isoformat(),
            ),
        },
    )


def draw_notify(*, draw_id: int) -> None:
    """After a draw (in a task): each winner gets the usual confirmation of their
    turn (PDF, QR, .ics); every other applicant is told, and stays in."""
    draw = Draw.objects.select_related("agency").get(pk=draw_id)
    if draw.status != DrawStatus.REALIZADO:
        return
    assigned = set(draw.result.get("assigned", {}))
    entered = {entry[0] for entry in draw.result.get("entries", [])}
    # Only who could have taken part: still pending for this day or before, or
    # holding a turn still ahead (this draw's winners are among them); not every
    # application the agency ever had.
    applications = list(
        TurnApplication.objects.filter(agency=draw.agency)
        .filter(
            Q(status=ApplicationStatus.PENDIENTE, day__lte=draw.day)
            | Q(
                status=ApplicationStatus.ASIGNADA,
                turn__status=TurnStatus.RESERVADO,
                turn__slot__starts_at__gt=timezone.now(),
            )
        )
        .select_related("agency")
    )
    pseudonyms = application_pseudonyms([a.pk for a in applications])
    for application, pseudonym in zip(applications, pseudonyms, strict=True):
        if pseudonym in assigned and application.turn_id:
            turn_confirmation_send(turn_id=application.turn_id)
        elif application.status == ApplicationStatus.PENDIENTE and pseudonym in entered:
            _application_mail(application, draw, "turno_sorteo_perdido")


def application_link_resend(*, application: TurnApplication) -> bool:
    """Someone started again with the numbers of a pending application: its link
    goes to the address it was filed with, at most once in a while."""
    if not cache.add(f"turnos:solicitud:{application.pk}", 1, LINK_RESEND_SECONDS):
        return False
    draw = draw_day_get(agency=application.agency, day=application.day)
    with transaction.atomic():
        _application_mail(application, draw, "turno_solicitud")
    return True
