"""A draw application made in an employer's name is announced to the registration's
mailbox, with «No fui yo», as turns are (services.employer); one filed by a person
who waits for the employer (POR_CONFIRMAR) enters the draw only once the employer
confirms it there, and lapses otherwise."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.core.addresses import public_url
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.notifications.mailboxes import mailbox_key
from clavepatronal.notifications.services import email_send

from ..constants import APPLICATION_LIVE_STATUSES, ApplicationStatus
from ..models import EmployerBlock, TurnApplication
from ..selectors import employer_application_link_token, employer_notice_mailbox
from .employer import employer_actor, employer_block_record, turn_not_me


def application_employer_notice(*, application: TurnApplication) -> None:
    """Inside the filing's transaction: tell the registration's e-mail, unless the
    person who filed reads it."""
    mailbox = employer_notice_mailbox(made=application)
    if not mailbox:
        return
    pending = application.status == ApplicationStatus.POR_CONFIRMAR
    email_send(
        to=mailbox,
        subject=(
            _("Confirme la solicitud de sorteo a nombre de su empresa — IESS")
            if pending
            else _("Aviso: una solicitud de sorteo a nombre de su empresa — IESS")
        ),
        template_name="solicitud_aviso_empleador",
        context={
            "application": application,
            "pending": pending,
            "registration": application.registration,
            "employer_url": public_url(
                "appointments:employer_application",
                token=employer_application_link_token(application=application),
            ),
        },
    )


def application_not_me(
    *, application: TurnApplication, now: datetime.datetime | None = None
) -> TurnApplication:
    """«No fui yo» for an application: it leaves the draws if it still takes part
    (a turn it already won is cancelled, its seat free), and its person and mailbox
    are blocked for the employer as for a turn. Said twice, it changes nothing
    more."""
    now = now or timezone.now()
    if application.turn_id is not None:
        turn_not_me(turn=application.turn, now=now)
    with transaction.atomic():
        cancelled = (
            TurnApplication.objects.filter(
                pk=application.pk,
                status__in=APPLICATION_LIVE_STATUSES,
            ).update(status=ApplicationStatus.CANCELADA, updated=now)
            == 1
        )
        application.refresh_from_db()
        blocked = EmployerBlock.objects.filter(
            employer_identification=application.employer_identification,
            identification=application.identification,
            mailbox=mailbox_key(application.email),
            until__gt=now,
        )
        if not cancelled and blocked.exists():
            return application
        employer_block_record(made=application, now=now)
        audit_event_record(
            action=AuditAction.SOLICITUD_NO_FUI_YO,
            target=application,
            actor_label=employer_actor(application),
            data={
                "cancelled": cancelled,
                "blocked_identification": application.identification,
                "blocked_email": application.email,
            },
        )
    return application


def application_employer_confirm(
    *, application: TurnApplication, now: datetime.datetime | None = None
) -> TurnApplication:
    """«Confirmar que esta persona solicite por mi empresa»: it enters the draw,
    if it still waits and its time has not passed."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            moved = TurnApplication.objects.filter(
                pk=application.pk,
                status=ApplicationStatus.POR_CONFIRMAR,
                employer_confirm_until__gt=now,
            ).update(status=ApplicationStatus.PENDIENTE, updated=now)
            if moved != 1:
                raise ApplicationError(
                    _(
                        "Esta solicitud ya no espera su confirmación: ya se confirmó, "
                        "se anuló o venció el plazo para confirmarla."
                    ),
                    extra={"code": "not_pending"},
                )
            application.refresh_from_db()
            audit_event_record(
                action=AuditAction.SOLICITUD_CONFIRMADA_EMPLEADOR,
                target=application,
                actor_label=employer_actor(application),
            )
    except IntegrityError:
        raise ApplicationError(
            _(
                "No se puede confirmar: su empresa (o esta persona) ya tiene otra "
                "solicitud en el sorteo."
            ),
            extra={"code": "active_turn"},
        ) from None
    return application


def applications_unconfirmed_lapse(
    *, now: datetime.datetime | None = None, employer: str = ""
) -> int:
    """Applications the employer did not confirm in time become VENCIDA (cron, with
    turnos_por_confirmar); with `employer`, all of that employer's at once (it filed
    one itself, inside that transaction)."""
    now = now or timezone.now()
    waiting = TurnApplication.objects.filter(status=ApplicationStatus.POR_CONFIRMAR)
    if employer:
        waiting = waiting.filter(employer_identification=employer)
    else:
        waiting = waiting.filter(employer_confirm_until__lte=now)
    lapsed = 0
    for pk in waiting.values_list("pk", flat=True):
        with transaction.atomic():
            if not TurnApplication.objects.filter(
                pk=pk, status=ApplicationStatus.POR_CONFIRMAR
            ).update(status=ApplicationStatus.VENCIDA, updated=now):
                continue
            application = TurnApplication.objects.get(pk=pk)
            audit_event_record(
                action=AuditAction.SOLICITUD_SIN_EFECTO,
                target=application,
                actor_label="sistema",
                data={"reason": "el empleador no la confirmó"},
            )
            email_send(
                to=application.email,
                subject=_("Solicitud de sorteo no confirmada por el empleador — IESS"),
                template_name="solicitud_no_confirmada",
                context={"application": application},
            )
            lapsed += 1
    return lapsed
