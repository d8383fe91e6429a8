"""A draw application made in an employer's name is announced to the registration's
mailbox, with «No fui yo», as turns are (services.employer): an application is
filed only with the employer's backing (its mailbox's code, or a stamped power), and
the notice lets the employer undo one it did not ask for."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.core.addresses import public_url
from clavepatronal.notifications.mailboxes import mailbox_key
from clavepatronal.notifications.services import email_send

from ..constants import ApplicationStatus
from ..models import EmployerBlock, TurnApplication
from ..selectors import employer_application_link_token, employer_mailbox
from .employer import employer_actor, turn_not_me


def application_employer_notice(*, application: TurnApplication) -> None:
    """Inside the filing's transaction: tell the registration's e-mail, unless the
    person who filed reads it."""
    if application.registration_id is None:
        return
    mailbox = employer_mailbox(application.registration)
    if mailbox_key(application.email) == mailbox_key(mailbox):
        return
    email_send(
        to=mailbox,
        subject=_("Aviso: una solicitud de sorteo a nombre de su empresa — IESS"),
        template_name="solicitud_aviso_empleador",
        context={
            "application": application,
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
                pk=application.pk, status=ApplicationStatus.PENDIENTE
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
        EmployerBlock.objects.create(
            employer_identification=application.employer_identification,
            identification=application.identification,
            mailbox=mailbox_key(application.email),
            until=now + datetime.timedelta(days=settings.TURNOS_NOT_ME_BLOCK_DAYS),
        )
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
