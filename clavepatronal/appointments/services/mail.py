"""The turn's mails: the confirmation (PDF, QR, .ics) in a task, and reminders.
A turn an officer booked for a person without e-mail (services.assisted) has no
address: nothing goes to the person (the printed confirmation is theirs), and the
employer's notice still goes to the registration's e-mail."""

import datetime
import uuid

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.core.addresses import public_url
from clavepatronal.core.tasks import task_enqueue_with_transaction
from clavepatronal.notifications.services import Attachment, email_send

from ..constants import TurnStatus
from ..documents import turn_ics, turn_pdf, turn_when_label
from ..models import Turn
from ..selectors import (
    employer_link_token,
    employer_notice_mailbox,
    turn_link_token,
    turns_due_reminder,
)
from ..selectors.no_shows import no_show_rule_text


def _turn_mail_context(turn: Turn) -> dict:
    token = turn_link_token(turn=turn)
    return {
        "turn": turn,
        "agency": turn.slot.agency,
        "when": turn_when_label(turn),
        "manage_url": public_url("appointments:turn_detail", token=token),
    }


def _turn_attachments(turn: Turn) -> list[Attachment]:
    return [
        Attachment(f"turno-{turn.code}.pdf", turn_pdf(turn=turn), "application/pdf"),
        Attachment(
            f"turno-{turn.code}.ics",
            turn_ics(turn=turn),
            "text/calendar",
        ),
    ]


def turn_confirmation_enqueue(*, turn_id: int) -> None:
    """A task draws the PDF and mails it: the request does not wait. Enqueued with
    the booking's transaction; the key makes a retried task mail nothing more."""
    from ..tasks import turn_confirmation_task

    task_enqueue_with_transaction(
        turn_confirmation_task,
        turn_id=turn_id,
        key=f"turno-confirmacion-{uuid.uuid4().hex}",
    )


def turn_confirmation_send(*, turn_id: int, key: str | None = None) -> None:
    """Mail the confirmation with the PDF and the calendar file (in a task); not
    for a turn without an address."""
    turn = Turn.objects.select_related("slot__agency", "procedure_type").get(pk=turn_id)
    if turn.status != TurnStatus.RESERVADO or not turn.email:
        return
    email_send(
        to=turn.email,
        subject=_("Confirmación del Turno en Línea — IESS"),
        template_name="turno_confirmacion",
        context={**_turn_mail_context(turn), "no_show_rule": no_show_rule_text()},
        attachments=_turn_attachments(turn),
        key=key,
    )


def turn_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind every turn of the next working day, once: the conditional UPDATE of
    `reminder_sent_at` lets only one run (or one server) send each reminder."""
    now = now or timezone.now()
    sent = 0
    for turn in turns_due_reminder(now=now).exclude(email=""):
        with transaction.atomic():
            claimed = Turn.objects.filter(
                pk=turn.pk,
                status=TurnStatus.RESERVADO,
                reminder_sent_at__isnull=True,
            ).update(reminder_sent_at=now)
            if claimed != 1:
                continue
            audit_event_record(
                action=AuditAction.TURNO_RECORDATORIO_ENVIADO,
                target=turn,
                actor_label="sistema",
            )
            email_send(
                to=turn.email,
                subject=_("Recordatorio de su turno en el IESS"),
                template_name="turno_recordatorio",
                context=_turn_mail_context(turn),
                attachments=_turn_attachments(turn),
            )
        sent += 1
    return sent


# One reminder of the link per turn in this many seconds, however many times someone
# types the turn's numbers: the owner's inbox is not a target.
LINK_RESEND_SECONDS = 15 * 60


def turn_link_resend(*, turn: Turn) -> bool:
    """Someone started a turn that already exists: mail its signed link to the
    address it was booked with, never to whoever is asking; for an employer's turn
    booked from another mailbox, tell the registration's e-mail instead (with
    «No fui yo»). False when the same turn's link was mailed moments ago, or there
    is nowhere to send it (a turn booked for a person without e-mail, no employer's).
    """
    if not (turn.email or turn.registration_id):
        return False
    if not cache.add(f"turnos:enlace:{turn.pk}", 1, LINK_RESEND_SECONDS):
        return False
    with transaction.atomic():
        audit_event_record(
            action=AuditAction.TURNO_ENLACE_REENVIADO,
            target=turn,
            actor_label="sistema",
        )
        if turn_employer_notice(turn=turn, event="existente"):
            return True
        email_send(
            to=turn.email,
            subject=_("Su turno en el IESS ya existe"),
            template_name="turno_enlace",
            context=_turn_mail_context(turn),
        )
    return True


def turn_employer_notice(*, turn: Turn, event: str, mailbox: str | None = None) -> bool:
    """Tell the registration's e-mail what was done in its name (`event`:
    reservado, reprogramado, cancelado, existente), with its one link (confirm,
    «No fui yo»). False, with nothing sent, when the person who did it reads that
    mailbox (their own mail says it) or the turn is not an employer's; one an
    officer booked is always announced (employer_notice_mailbox)."""
    mailbox = employer_notice_mailbox(made=turn, mailbox=mailbox)
    if not mailbox:
        return False
    email_send(
        to=mailbox,
        subject=(
            _("Confirme el turno pedido a nombre de su empresa — IESS")
            if turn.status == TurnStatus.POR_CONFIRMAR
            else _("Aviso: un turno a nombre de su empresa — IESS")
        ),
        template_name="turno_aviso_empleador",
        context={
            "turn": turn,
            "event": event,
            "registration": turn.registration,
            "when": turn_when_label(turn),
            "agency": turn.slot.agency,
            "pending": turn.status == TurnStatus.POR_CONFIRMAR,
            "until": turn.employer_confirm_until,
            "employer_url": public_url(
                "appointments:employer_turn", token=employer_link_token(turn=turn)
            ),
        },
    )
    return True
