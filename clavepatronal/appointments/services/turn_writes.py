"""A new turn's row and its writes, shared by every way a turn is made: online and
by an officer (booking.turn_book), and in the seat a waiting-list offer holds
(waitlist_answers.waitlist_offer_take)."""

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.documents.codes import random_code
from clavepatronal.observability import record

from ..constants import TURN_CODE_LENGTH, TurnStatus
from ..models import Agency, Turn
from ..selectors import TurnHolder
from .assisted import assisted_actor, assisted_channel, assisted_quota_take
from .calendar_version import calendar_version_bump
from .employer import employer_pending_displace
from .mail import turn_confirmation_enqueue, turn_employer_notice


def turn_build(
    *, holder: TurnHolder, person: dict, procedure_type: ProcedureType, **state
) -> Turn:
    """The unsaved turn, validated before the transaction, which then holds the
    write lock (SQLite's is the whole database) only for the writes. The database
    enforces, race-proof, the one-active-turn rules (per number and procedure, per
    employer), the unique code and the foreign keys (turn_seat_write); full_clean
    checks the rest."""
    turn = Turn(
        code=random_code(TURN_CODE_LENGTH),
        **person,
        procedure_type=procedure_type,
        registration=holder.registration,
        employer_identification=holder.employer_identification,
        holder_role=holder.role,
        holder_names=holder.names,
        **state,
    )
    turn.full_clean(
        exclude=["slot", "procedure_type", "registration"],
        validate_unique=False,
        validate_constraints=False,
    )
    return turn


def turn_seat_write(
    *, turn: Turn, agency: Agency, starts_at, seat, now, mailbox=None, data=None
) -> None:
    """Inside the caller's transaction: the officer's daily quota (locked first),
    the employer's turns waiting for confirmation displaced, the seat (`seat()`:
    taken now, or the one a waiting-list offer holds), the turn, its metric, its
    audit event (`data` added to it), its confirmation task, the employer's notice
    and the calendar version."""
    if turn.booked_by_id is not None:  # locked first: assisted_quota_take
        assisted_quota_take(officer=turn.booked_by)
    if turn.status == TurnStatus.RESERVADO and turn.employer_identification:
        employer_pending_displace(
            employer_identification=turn.employer_identification, now=now
        )
    turn.slot = seat()
    turn.save()
    record.turn_booked(agency=agency, procedure=turn.procedure_type.code)
    audit_event_record(
        action=AuditAction.TURNO_RESERVADO,
        target=turn,
        **assisted_actor(turn),
        data={
            "agency": agency.pk,
            "procedure_type": turn.procedure_type.code,
            "starts_at": starts_at.isoformat(),
            **assisted_channel(turn),
            **(data or {}),
        },
    )
    if turn.status == TurnStatus.RESERVADO and turn.email:
        turn_confirmation_enqueue(turn_id=turn.pk)
    turn_employer_notice(turn=turn, event="reservado", mailbox=mailbox)
    calendar_version_bump(agency_id=agency.pk)
