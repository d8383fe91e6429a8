"""Step h, Confirmar, and rescheduling: a seat and a turn, or nothing at all.

The database settles every race: a seat is taken with a conditional UPDATE that
cannot pass the slot's capacity (and a CHECK constraint behind it), and the partial
unique constraint allows one reserved turn per person and procedure.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.identity.validators import identification_compact
from clavepatronal.observability import record

from ..constants import TurnStatus
from ..models import Agency, Turn
from ..selectors import (
    TurnHolder,
    booking_facts,
    employer_mailbox,
    turn_active_conflicting,
    turn_holder_get,
)
from ..selectors.calendar import local_time
from .assisted import Assisted
from .booking_statement import turn_book_statement
from .employer import employer_standing
from .seats import bookable_require, seat_take
from .turn_writes import turn_build, turn_seat_write
from .verification import verification_require


class ActiveTurnError(ApplicationError):
    """The person already holds a reserved turn for this procedure."""

    def __init__(self, message: str, *, turn: Turn | None) -> None:
        super().__init__(message, extra={"code": "active_turn", "turn": turn})
        self.turn = turn


def active_turn_error(turn: Turn | None) -> ActiveTurnError:
    """Neutral: whoever typed the numbers learns nothing of the turn; its link goes
    to the address it was booked with (the view sends it)."""
    return ActiveTurnError(
        _(
            "Ya existe un turno con esta identificación (o para este empleador). "
            "Enviamos el enlace para verlo, cancelarlo o reprogramarlo al correo con "
            "el que se reservó."
        ),
        turn=turn,
    )


def not_named_error() -> ApplicationError:
    """One message whether the RUC has no registration or does not name the person:
    a stranger learns nothing about the employer."""
    return ApplicationError(
        _(
            "No podemos reservar un turno de Clave patronal con estos datos. Lo "
            "reservan solo las personas que nombra el Registro nuevo empleador activo "
            "de ese RUC (o de esa cédula, si es empleador doméstico): el representante "
            "legal, la persona de la Autorización de Retiro de Contraseña o un "
            "apoderado con poder notarial registrado en el IESS, cada uno con su "
            "propia identificación. Un apoderado cuyo poder aún no está registrado "
            "lo registra en «Registro de poder notarial». Si el empleador aún no se "
            "registra, hágalo primero en Registro nuevo empleador."
        ),
        extra={"code": "not_named"},
    )


def holder_require(
    *, procedure_type: ProcedureType, identification: str, employer_identification: str
) -> TurnHolder:
    holder = turn_holder_get(
        procedure_type=procedure_type,
        identification=identification,
        employer_identification=employer_identification,
    )
    if holder is None:
        raise not_named_error()
    return holder


def procedure_served_require(
    *, agency: Agency, procedure_type: ProcedureType, served: bool | None = None
) -> None:
    """`served` when the caller already read it (booking_facts)."""
    if served is None:
        served = agency.procedure_types.filter(pk=procedure_type.pk).exists()
    if not served:
        raise ApplicationError(
            _("La agencia elegida no atiende este trámite. Elija otra agencia."),
            extra={"code": "not_bookable"},
        )


def holder_free_require(
    *, procedure_type: ProcedureType, identification: str, employer_identification: str
) -> TurnHolder:
    """Who the turn is for (refused if the registration does not name them), and
    that neither they nor the employer already hold an active turn."""
    holder = holder_require(
        procedure_type=procedure_type,
        identification=identification,
        employer_identification=employer_identification,
    )
    existing = active_turn_find(
        identification=identification,
        procedure_type=procedure_type,
        employer=holder.employer_identification,
    )
    if existing is not None:
        raise active_turn_error(existing)
    return holder


def active_turn_find(
    *, identification: str, procedure_type: ProcedureType, employer: str
) -> Turn | None:
    return turn_active_conflicting(
        identification=identification,
        procedure_type=procedure_type,
        employer_identification=employer,
    )


@record.turn_refusals_counted
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
    employer_identification: str = "",
    employer_proof_id: int | None = None,
    employer_pending: bool = False,
    assisted: Assisted | None = None,
    now: datetime.datetime | None = None,
) -> Turn:
    """Step h, Confirmar: a seat and the turn, or nothing at all (on PostgreSQL in one
    statement: booking_statement; `assisted`: an officer books, services.assisted).
    A clave turn is RESERVADO when the registration's mailbox backs it (the person's
    address is that mailbox, or `employer_proof_id` the code sent to it); with
    `employer_pending`, POR_CONFIRMAR until the employer confirms; else refused."""
    now = now or timezone.now()
    identification = identification_compact(identification)
    if not assisted and (booked := turn_book_statement(booking=locals())):
        return booked
    _bookable_by_require(
        agency,
        procedure_type,
        starts_at,
        now,
        verification=(verification_id, identification, email),
        assisted=assisted,
    )
    holder = holder_free_require(
        procedure_type=procedure_type,
        identification=identification,
        employer_identification=employer_identification,
    )
    mailbox, state = _standing(
        holder,
        assisted,
        person=(identification, email),
        proof=(employer_proof_id, employer_pending),
        when=(starts_at, now),
    )
    turn = turn_build(
        holder=holder,
        person=dict(
            identification_type=identification_type,
            identification=identification,
            email=email.strip().lower(),
            mobile=mobile,
        ),
        procedure_type=procedure_type,
        **state,
    )
    _turn_insert(
        turn=turn, agency=agency, starts_at=starts_at, now=now, mailbox=mailbox
    )
    return turn


def _standing(holder: TurnHolder, assisted, *, person, proof, when) -> tuple:
    """The employer's mailbox (read once: the standing and the notice both compare
    against it) and the fields the turn starts with: its status and until when the
    employer may confirm it (employer_standing), or the officer's (Assisted)."""
    (identification, email), (proof_id, pending), (starts_at, now) = person, proof, when
    mailbox = employer_mailbox(holder.registration) if holder.registration else None
    if assisted is not None:
        status, _until = assisted.standing(
            holder.registration, mailbox, proof_id=proof_id, now=now
        )
        return mailbox, {"status": status, **assisted.fields("booked_by")}
    status, until = employer_standing(
        mailbox=mailbox,
        registration=holder.registration,
        role=holder.role,
        identification=identification,
        email=email,
        proof_id=proof_id,
        pending=pending,
        starts_at=starts_at,
        now=now,
    )
    return mailbox, {"status": status, "employer_confirm_until": until}


def _bookable_by_require(
    agency, procedure_type, starts_at, now, *, verification: tuple, assisted
) -> None:
    """The e-mail code (or what an officer may do), the procedure served, the hour
    bookable: refused in that order, with what they need read in one query
    (booking_facts)."""
    verification_id, identification, email = verification
    if assisted is not None:
        assisted.require(agency=agency, identification=identification)
    facts = None
    if timezone.is_aware(starts_at):  # else bookable_require says so, unread
        facts = booking_facts(
            agency=agency,
            procedure_type=procedure_type,
            day=local_time(starts_at).date(),
            verification=verification,
            now=now,
        )
    if assisted is None:
        verification_require(
            verification_id=verification_id,
            identification=identification,
            email=email,
            now=now,
            verified=facts and facts.verified,
        )
    procedure_served_require(
        agency=agency, procedure_type=procedure_type, served=facts and facts.served
    )
    bookable_require(
        agency=agency, starts_at=starts_at, now=now, day_facts=facts and facts.day
    )


def _turn_insert(
    *,
    turn: Turn,
    agency: Agency,
    starts_at: datetime.datetime,
    now: datetime.datetime,
    mailbox: str | None = None,
) -> None:
    """Take the seat and write the turn (turn_seat_write) in one transaction; the
    database settles the races (capacity, one active turn)."""
    try:
        with transaction.atomic():
            turn_seat_write(
                turn=turn,
                agency=agency,
                starts_at=starts_at,
                seat=lambda: seat_take(agency=agency, starts_at=starts_at),
                now=now,
                mailbox=mailbox,
            )
    except IntegrityError:
        raise integrity_refusal(turn) from None


def integrity_refusal(turn: Turn) -> ApplicationError:
    """What a partial unique index or a CHECK that refused the writes means."""
    existing = active_turn_find(
        identification=turn.identification,
        procedure_type=turn.procedure_type,
        employer=turn.employer_identification,
    )
    if existing is None and turn.status == TurnStatus.POR_CONFIRMAR:
        return ApplicationError(
            _(
                "Ya hay un turno a nombre de este empleador esperando su "
                "confirmación. Pida al empleador que lo confirme o lo anule "
                "desde el aviso que recibió en su correo, o escriba el código "
                "enviado a ese correo."
            ),
            extra={"code": "employer_waiting"},
        )
    if existing is None:
        # Not the one-turn rule: the capacity CHECK, or a turn code collision.
        return ApplicationError(
            _("No pudimos reservar el turno. Inténtelo de nuevo."),
            extra={"code": "retry"},
        )
    return active_turn_error(existing)
