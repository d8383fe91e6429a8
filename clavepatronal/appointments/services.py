"""Writes for turns: verify the e-mail, book, reschedule, cancel, remind.

The database settles every race: a seat is taken with a conditional UPDATE that
cannot pass the slot's capacity (and a CHECK constraint behind it), and the partial
unique constraint allows one reserved turn per person and procedure.
"""

import datetime
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.audit.services import audit_event_record
from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.core.addresses import public_url
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.core.tasks import task_enqueue_with_transaction
from clavepatronal.documents.codes import random_code
from clavepatronal.notifications.constants import VerificationPurpose
from clavepatronal.notifications.models import EmailVerification
from clavepatronal.notifications.services import (
    Attachment,
    email_send,
    email_verification_start,
)

from .constants import TURN_CODE_LENGTH, AuditAction, TurnStatus
from .documents import turn_ics, turn_pdf, turn_when_label
from .models import Agency, Slot, Turn
from .selectors import (
    slot_unbookable_reason,
    turn_active_get,
    turn_link_token,
    turns_due_reminder,
)

VERIFICATION_MAIL_SUBJECT = "Verificar IESS turno online"


class NoAvailabilityError(ApplicationError):
    """The slot filled up (someone else took its last seat)."""


class ActiveTurnError(ApplicationError):
    """The person already holds a reserved turn for this procedure."""

    def __init__(self, message: str, *, turn: Turn | None) -> None:
        super().__init__(message, extra={"code": "active_turn", "turn": turn})
        self.turn = turn


def _no_availability() -> NoAvailabilityError:
    return NoAvailabilityError(
        _(
            "Lo sentimos, ese horario se quedó sin disponibilidad. Elija otro día u "
            "otra hora."
        ),
        extra={"code": "sin_disponibilidad"},
    )


def _actor(identification: str) -> str:
    return f"ciudadano {identification}"


def turn_verification_start(*, identification: str, email: str) -> EmailVerification:
    """Step d: mail the 6-digit code with the seed's subject."""
    return email_verification_start(
        purpose=VerificationPurpose.TURNO,
        subject=identification,
        email=email,
        mail_subject=VERIFICATION_MAIL_SUBJECT,
        template_name="verification_code",
        context={"purpose_label": VerificationPurpose.TURNO.label},
    )


def _verification_require(
    *, verification_id: int | None, identification: str, email: str, now
) -> None:
    """Nothing is booked without a code used for this identification and address."""
    verified = (
        verification_id is not None
        and EmailVerification.objects.filter(
            pk=verification_id,
            purpose=VerificationPurpose.TURNO,
            subject=identification,
            email=email.strip().lower(),
            used_at__isnull=False,
            used_at__gt=now
            - datetime.timedelta(minutes=settings.TURNOS_VERIFIED_MINUTES),
        ).exists()
    )
    if not verified:
        raise ApplicationError(
            _(
                "Para reservar un turno primero verifique su correo electrónico con el "
                "código que le enviamos."
            ),
            extra={"code": "not_verified"},
        )


def _bookable_require(
    *, agency: Agency, starts_at: datetime.datetime, now: datetime.datetime
) -> None:
    reason = slot_unbookable_reason(agency=agency, starts_at=starts_at, now=now)
    if reason:
        raise ApplicationError(reason, extra={"code": "not_bookable"})


def _seat_take(*, agency: Agency, starts_at: datetime.datetime) -> Slot:
    """Take one seat, creating the slot row on first use (inside a transaction)."""
    slot = Slot.objects.filter(agency=agency, starts_at=starts_at).first()
    if slot is None:
        slot = Slot(
            agency=agency,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(minutes=agency.slot_minutes),
            capacity=agency.capacity_per_slot,
        )
        # Uniqueness is settled by the database: a concurrent first booking of the
        # same slot makes this INSERT fail, and then both use the one row. The agency
        # was just read; its foreign key is the database's to check too.
        slot.full_clean(
            exclude=["agency"], validate_unique=False, validate_constraints=False
        )
        try:
            with transaction.atomic():
                slot.save()
        except IntegrityError:
            slot = Slot.objects.get(agency=agency, starts_at=starts_at)
    taken = Slot.objects.filter(pk=slot.pk, booked__lt=F("capacity")).update(
        booked=F("booked") + 1, updated=timezone.now()
    )
    if taken != 1:
        raise _no_availability()
    slot.refresh_from_db(fields=["booked", "updated"])
    return slot


def _seat_release(*, slot_id: int) -> None:
    Slot.objects.filter(pk=slot_id, booked__gt=0).update(
        booked=F("booked") - 1, updated=timezone.now()
    )


def _turn_code() -> str:
    return random_code(TURN_CODE_LENGTH)


def _active_turn_error(turn: Turn | None) -> ActiveTurnError:
    return ActiveTurnError(
        _(
            "Ya tiene un turno reservado para este trámite. Puede cancelarlo o "
            "reprogramarlo."
        ),
        turn=turn,
    )


def turn_book(
    *,
    verification_id: int | None,
    identification_type: str,
    identification: str,
    email: str,
    mobile: str,
    agency: Agency,
    procedure_type: ProcedureType,
    starts_at: datetime.datetime,
    now: datetime.datetime | None = None,
) -> Turn:
    """Step h, Confirmar: take a seat and create the turn, or nothing at all."""
    now = now or timezone.now()
    _verification_require(
        verification_id=verification_id,
        identification=identification,
        email=email,
        now=now,
    )
    if not agency.procedure_types.filter(pk=procedure_type.pk).exists():
        raise ApplicationError(
            _("La agencia elegida no atiende este trámite. Elija otra agencia."),
            extra={"code": "not_bookable"},
        )
    _bookable_require(agency=agency, starts_at=starts_at, now=now)
    active = dict(
        identification_type=identification_type,
        identification=identification,
        procedure_type=procedure_type,
    )
    # Existence is cheap; the turn itself is loaded only to show it (rare).
    if Turn.objects.filter(status=TurnStatus.RESERVADO, **active).exists():
        raise _active_turn_error(turn_active_get(**active))
    turn = Turn(
        code=_turn_code(),
        email=email.strip().lower(),
        mobile=mobile,
        status=TurnStatus.RESERVADO,
        **active,
    )
    # Validated before the transaction, which then holds the write lock (SQLite's
    # is the whole database) only for the writes. The database enforces, race-proof,
    # the one-reserved-turn rule, the unique code and the foreign keys (the slot is
    # taken below, the procedure type was just read); an IntegrityError is handled
    # below. full_clean checks the rest.
    turn.full_clean(
        exclude=["slot", "procedure_type"],
        validate_unique=False,
        validate_constraints=False,
    )
    try:
        with transaction.atomic():
            turn.slot = _seat_take(agency=agency, starts_at=starts_at)
            turn.save()
            audit_event_record(
                action=AuditAction.TURN_BOOKED,
                target=turn,
                actor_label=_actor(identification),
                data={
                    "agency": agency.pk,
                    "procedure_type": procedure_type.code,
                    "starts_at": starts_at.isoformat(),
                },
            )
            _turn_confirmation_enqueue(turn_id=turn.pk)
    except IntegrityError:
        existing = turn_active_get(**active)
        if existing is None:
            # Not the one-turn rule: the capacity CHECK, or a turn code collision.
            raise ApplicationError(
                _("No pudimos reservar el turno. Inténtelo de nuevo."),
                extra={"code": "retry"},
            ) from None
        raise _active_turn_error(existing) from None
    return turn


def turn_reschedule(
    *, turn: Turn, starts_at: datetime.datetime, now: datetime.datetime | None = None
) -> Turn:
    """Move the one turn to another slot of its agency: new seat taken and old seat
    freed in one transaction, so the turn never holds two seats or none."""
    now = now or timezone.now()
    with transaction.atomic():
        current = (
            Turn.objects.select_for_update().select_related("slot").get(pk=turn.pk)
        )
        if current.status != TurnStatus.RESERVADO or current.slot.starts_at <= now:
            raise ApplicationError(
                _("Este turno ya no se puede reprogramar."),
                extra={"code": "not_reserved"},
            )
        agency = current.slot.agency
        if current.slot.starts_at == starts_at:
            raise ApplicationError(
                _("Su turno ya está en ese horario. Elija otro día u otra hora."),
                extra={"code": "same_slot"},
            )
        _bookable_require(agency=agency, starts_at=starts_at, now=now)
        old_slot = current.slot
        # Rows are locked in one order (old slot first only when its id is lower),
        # so two crossing reschedules cannot deadlock on PostgreSQL.
        existing_new = Slot.objects.filter(agency=agency, starts_at=starts_at).first()
        release_first = existing_new is None or old_slot.pk < existing_new.pk
        if release_first:
            _seat_release(slot_id=old_slot.pk)
        new_slot = _seat_take(agency=agency, starts_at=starts_at)
        if not release_first:
            _seat_release(slot_id=old_slot.pk)
        moved = Turn.objects.filter(
            pk=current.pk, status=TurnStatus.RESERVADO, slot=old_slot
        ).update(slot=new_slot, reminder_sent_at=None, updated=now)
        if moved != 1:
            raise ApplicationError(_("Este turno ya no se puede reprogramar."))
        current.refresh_from_db()
        audit_event_record(
            action=AuditAction.TURN_RESCHEDULED,
            target=current,
            actor_label=_actor(current.identification),
            data={
                "from": old_slot.starts_at.isoformat(),
                "to": starts_at.isoformat(),
            },
        )
        _turn_confirmation_enqueue(turn_id=current.pk)
    return current


def turn_cancel(*, turn: Turn, now: datetime.datetime | None = None) -> Turn:
    """Cancel a reserved turn that has not started; its seat is free at once."""
    now = now or timezone.now()
    with transaction.atomic():
        current = (
            Turn.objects.select_for_update().select_related("slot").get(pk=turn.pk)
        )
        cancelled = Turn.objects.filter(
            pk=current.pk,
            status=TurnStatus.RESERVADO,
            slot=current.slot,
            slot__starts_at__gt=now,
        ).update(status=TurnStatus.CANCELADO, cancelled_at=now, updated=now)
        if cancelled != 1:
            raise ApplicationError(
                _("Este turno ya no se puede cancelar."),
                extra={"code": "not_reserved"},
            )
        _seat_release(slot_id=current.slot_id)
        current.refresh_from_db()
        audit_event_record(
            action=AuditAction.TURN_CANCELLED,
            target=current,
            actor_label=_actor(current.identification),
        )
        email_send(
            to=current.email,
            subject=_("Turno IESS cancelado"),
            template_name="turno_cancelacion",
            context={"turn": current, "when": turn_when_label(current)},
        )
    return current


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


def _turn_confirmation_enqueue(*, turn_id: int) -> None:
    """A task draws the PDF and mails it: the request does not wait. Enqueued with
    the booking's transaction; the key makes a retried task mail nothing more."""
    from .tasks import turn_confirmation_task

    task_enqueue_with_transaction(
        turn_confirmation_task,
        turn_id=turn_id,
        key=f"turno-confirmacion-{uuid.uuid4().hex}",
    )


def turn_confirmation_send(*, turn_id: int, key: str | None = None) -> None:
    """Mail the confirmation with the PDF and the calendar file (in a task)."""
    turn = Turn.objects.select_related("slot__agency", "procedure_type").get(pk=turn_id)
    if turn.status != TurnStatus.RESERVADO:
        return
    email_send(
        to=turn.email,
        subject=_("Confirmación del Turno en Línea — IESS"),
        template_name="turno_confirmacion",
        context=_turn_mail_context(turn),
        attachments=_turn_attachments(turn),
        key=key,
    )


def turn_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind every turn of the next working day, once: the conditional UPDATE of
    `reminder_sent_at` lets only one run (or one server) send each reminder."""
    now = now or timezone.now()
    sent = 0
    for turn in turns_due_reminder(now=now):
        with transaction.atomic():
            claimed = Turn.objects.filter(
                pk=turn.pk,
                status=TurnStatus.RESERVADO,
                reminder_sent_at__isnull=True,
            ).update(reminder_sent_at=now)
            if claimed != 1:
                continue
            audit_event_record(
                action=AuditAction.TURN_REMINDER_SENT,
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
