"""The employer's say over clave turns made in its name.

A RUC, a razón social and the representative's name and cédula are public; the
registration's e-mail is not. So a clave turn is held at once only by whoever reads
that mailbox (the person's own verified address is it, or they typed the code sent
to it); a person the registration names who does not read it books a turn
POR_CONFIRMAR, whose seat is held TURNOS_EMPLOYER_CONFIRM_HOURS until the employer
confirms it from the mailbox. Every turn made in an employer's name, and its
changes, are announced there with «No fui yo», which cancels the turn and blocks
that person and that mailbox from booking for the employer without the code.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.employers.constants import RecipientRole
from clavepatronal.employers.models import Registration
from clavepatronal.notifications.constants import VerificationPurpose
from clavepatronal.notifications.mailboxes import mailbox_key
from clavepatronal.notifications.models import EmailVerification
from clavepatronal.notifications.services import email_send, email_verification_start
from clavepatronal.observability import record

from ..constants import TURN_AHEAD_STATUSES, ApplicationStatus, TurnStatus
from ..documents import turn_when_label
from ..models import EmployerBlock, Turn, TurnApplication
from ..selectors import (
    employer_blocked,
    employer_mailbox,
    employer_mailbox_proven,
)
from .calendar_version import calendar_version_bump
from .mail import turn_confirmation_enqueue
from .seats import seat_release

EMPLOYER_PROOF_SUBJECT = "Código para un turno a nombre de su empresa — IESS"


def employer_actor(made: Turn | TurnApplication) -> str:
    """How the audit trail names the employer acting from its mailbox on a turn or
    an application made in its name."""
    return f"empleador {made.employer_identification} (desde su correo)"


def employer_proof_start(
    *, registration: Registration, identification: str, names: str, by_phone=False
) -> EmailVerification:
    """Mail a code to the registration's e-mail, saying who asked for it; whoever
    types it back reads that mailbox. Codes per hour per mailbox as any code's.
    `by_phone`: asked on the institute's phone line, where the caller reads the
    code to the officer (the mail says so, and that the IESS never calls for it)."""
    with record.code_sending(purpose=VerificationPurpose.EMPLEADOR_TURNO):
        return email_verification_start(
            purpose=VerificationPurpose.EMPLEADOR_TURNO,
            subject=registration.employer_identification,
            email=employer_mailbox(registration),
            mail_subject=EMPLOYER_PROOF_SUBJECT,
            template_name="turno_codigo_empleador",
            context={
                "registration": registration,
                "identification": identification,
                "names": names,
                "by_phone": by_phone,
            },
        )


def employer_proof_error() -> ApplicationError:
    return ApplicationError(
        _(
            "Para reservar a nombre del empleador, escriba el código que enviamos al "
            "correo de su registro, o continúe y pida al empleador que confirme su "
            "turno desde ese correo."
        ),
        extra={"code": "employer_proof"},
    )


def representative_proof_error() -> ApplicationError:
    return ApplicationError(
        _(
            "El representante legal reserva con el código que enviamos al correo "
            "del registro del empleador: su nombre y su cédula son públicos y no "
            "bastan. Si ese correo ya no existe, actualícelo en el portal del "
            "empleador o en una agencia del IESS."
        ),
        extra={"code": "employer_proof"},
    )


def employer_blocked_error() -> ApplicationError:
    return ApplicationError(
        _(
            "El empleador pidió que no se reserven turnos a su nombre con esta "
            "identificación o este correo sin su confirmación. Para reservar, escriba "
            "el código que enviamos al correo del registro del empleador."
        ),
        extra={"code": "employer_blocked"},
    )


def employer_standing(
    *,
    registration: Registration | None,
    role: str,
    identification: str,
    email: str,
    proof_id: int | None,
    pending: bool,
    starts_at: datetime.datetime,
    now: datetime.datetime,
    mailbox: str | None = None,
) -> tuple[str, datetime.datetime | None]:
    """The status a new turn for this employer starts in, and until when the
    employer may confirm it: RESERVADO when the registration's mailbox backs the
    booking; POR_CONFIRMAR, for TURNOS_EMPLOYER_CONFIRM_HOURS at most (never past
    the turn), when the person asked to wait for the employer and the employer has
    not blocked them; refused otherwise. Only a person whose identity is not public
    may wait: the representative's name and cédula are in the SRI's records, so
    whoever types them proves it with the mailbox."""
    if employer_mailbox_proven(
        registration=registration,
        email=email,
        proof_id=proof_id,
        now=now,
        identification=identification,
        mailbox=mailbox,
    ):
        return TurnStatus.RESERVADO, None
    if not pending:
        raise employer_proof_error()
    if role == RecipientRole.REPRESENTANTE_LEGAL:
        raise representative_proof_error()
    if employer_blocked(
        employer_identification=registration.employer_identification,
        identification=identification,
        email=email,
        now=now,
    ):
        raise employer_blocked_error()
    hold = datetime.timedelta(hours=settings.TURNOS_EMPLOYER_CONFIRM_HOURS)
    return TurnStatus.POR_CONFIRMAR, min(now + hold, starts_at)


def employer_application_standing(
    *,
    holder,
    person: tuple,
    proof: int | None,
    pending: bool,
    closes_at: datetime.datetime,
    now: datetime.datetime,
) -> dict:
    """The fields a new draw application starts with (`person`: identification
    and e-mail): PENDIENTE, in the draw, when the employer backs it; POR_CONFIRMAR
    until the employer confirms it (never past the draw's close) for a person who
    asked to wait; refused otherwise, as a turn is (employer_standing)."""
    identification, email = person
    status, until = employer_standing(
        registration=holder.registration,
        role=holder.role,
        identification=identification,
        email=email,
        proof_id=proof,
        pending=pending,
        starts_at=closes_at,
        now=now,
    )
    if status == TurnStatus.RESERVADO:
        return {"status": ApplicationStatus.PENDIENTE}
    return {"status": ApplicationStatus.POR_CONFIRMAR, "employer_confirm_until": until}


def turn_employer_confirm(*, turn: Turn, now: datetime.datetime | None = None) -> Turn:
    """«Confirmar que esta persona reserve por mi empresa»: the turn is reserved,
    if it still waits and its time to confirm has not passed."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            moved = Turn.objects.filter(
                pk=turn.pk,
                status=TurnStatus.POR_CONFIRMAR,
                employer_confirm_until__gt=now,
            ).update(status=TurnStatus.RESERVADO, updated=now)
            if moved != 1:
                raise ApplicationError(
                    _(
                        "Este turno ya no espera su confirmación: ya se confirmó, se "
                        "anuló o venció el plazo para confirmarlo."
                    ),
                    extra={"code": "not_pending"},
                )
            turn.refresh_from_db()
            audit_event_record(
                action=AuditAction.TURNO_CONFIRMADO_EMPLEADOR,
                target=turn,
                actor_label=employer_actor(turn),
            )
            turn_confirmation_enqueue(turn_id=turn.pk)
    except IntegrityError:
        raise ApplicationError(
            _(
                "No se puede confirmar: su empresa (o esta persona) ya tiene otro "
                "turno activo de Clave patronal. Cancele ese turno primero si "
                "prefiere este."
            ),
            extra={"code": "active_turn"},
        ) from None
    return turn


def turn_not_me(*, turn: Turn, now: datetime.datetime | None = None) -> Turn:
    """«No fui yo»: cancel the turn if it is still ahead (its seat is free at once)
    and block its person and mailbox from booking for this employer without the
    code, for TURNOS_NOT_ME_BLOCK_DAYS. Said twice, it changes nothing more."""
    now = now or timezone.now()
    with transaction.atomic():
        current = Turn.objects.select_for_update().get(pk=turn.pk)
        cancelled = (
            Turn.objects.filter(
                pk=current.pk,
                status__in=TURN_AHEAD_STATUSES,
                slot__starts_at__gt=now,
            ).update(status=TurnStatus.CANCELADO, cancelled_at=now, updated=now)
            == 1
        )
        if cancelled:
            seat_release(slot_id=current.slot_id)
            calendar_version_bump(agency_id=current.slot.agency_id)
        if EmployerBlock.objects.filter(turn=current, until__gt=now).exists():
            current.refresh_from_db()
            return current
        employer_block_record(made=current, now=now, turn=current)
        current.refresh_from_db()
        audit_event_record(
            action=AuditAction.TURNO_NO_FUI_YO,
            target=current,
            actor_label=employer_actor(current),
            data={
                "cancelled": cancelled,
                "blocked_identification": current.identification,
                "blocked_email": current.email,
                "days": settings.TURNOS_NOT_ME_BLOCK_DAYS,
            },
        )
        if cancelled:
            email_send(
                to=current.email,
                subject=_("Turno IESS anulado por el empleador"),
                template_name="turno_anulado_empleador",
                context={"turn": current, "when": turn_when_label(current)},
            )
    return current


def employer_block_record(
    *, made: Turn | TurnApplication, now: datetime.datetime, turn: Turn | None = None
) -> None:
    """«No fui yo»: the person and the mailbox that made it may not book for its
    employer without the mailbox's code for TURNOS_NOT_ME_BLOCK_DAYS."""
    EmployerBlock.objects.create(
        employer_identification=made.employer_identification,
        identification=made.identification,
        mailbox=mailbox_key(made.email),
        turn=turn,
        until=now + datetime.timedelta(days=settings.TURNOS_NOT_ME_BLOCK_DAYS),
    )


def turns_unconfirmed_release(*, now: datetime.datetime | None = None) -> int:
    """Free the seats of turns the employer did not confirm in time (cron)."""
    now = now or timezone.now()
    due = Turn.objects.filter(
        status=TurnStatus.POR_CONFIRMAR, employer_confirm_until__lte=now
    ).values_list("pk", flat=True)
    released = 0
    for turn_id in due:
        with transaction.atomic():
            released += _unconfirmed_cancel(
                turn_id=turn_id,
                now=now,
                action=AuditAction.TURNO_CONFIRMACION_VENCIDA,
                reason="",
            )
    return released


def employer_pending_displace(
    *, employer_identification: str, now: datetime.datetime
) -> None:
    """The employer booked from its own mailbox: a turn that was waiting for its
    confirmation gives its seat back (inside the booking's transaction)."""
    # On its own table: the model's ordering would join the slot (most bookings
    # find nothing here, and PostgreSQL took longer to plan the join).
    waiting = (
        Turn.objects.filter(
            employer_identification=employer_identification,
            status=TurnStatus.POR_CONFIRMAR,
        )
        .order_by()
        .values_list("pk", flat=True)
    )
    for turn_id in waiting:
        _unconfirmed_cancel(
            turn_id=turn_id,
            now=now,
            action=AuditAction.TURNO_CANCELADO,
            reason="el empleador reservó desde su correo",
        )


def _unconfirmed_cancel(
    *, turn_id: int, now: datetime.datetime, action: str, reason: str
) -> bool:
    """Cancel a turn still waiting for its employer, by a conditional UPDATE (of two
    runs, one releases the seat), and tell whoever booked it."""
    moved = Turn.objects.filter(pk=turn_id, status=TurnStatus.POR_CONFIRMAR).update(
        status=TurnStatus.CANCELADO, cancelled_at=now, updated=now
    )
    if moved != 1:
        return False
    turn = Turn.objects.select_related("slot__agency").get(pk=turn_id)
    seat_release(slot_id=turn.slot_id)
    audit_event_record(
        action=action,
        target=turn,
        actor_label="sistema",
        data={"reason": reason} if reason else None,
    )
    email_send(
        to=turn.email,
        subject=_("Turno IESS no confirmado por el empleador"),
        template_name="turno_no_confirmado",
        context={"turn": turn, "when": turn_when_label(turn)},
    )
    calendar_version_bump(agency_id=turn.slot.agency_id)
    return True
