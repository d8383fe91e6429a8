"""Rescheduling: the one turn moves to another slot of its agency, new seat taken
and old seat freed in one transaction."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.core.exceptions import ApplicationError

from ..constants import TurnStatus
from ..models import Slot, Turn
from .calendar_version import calendar_version_bump
from .mail import turn_confirmation_enqueue, turn_employer_notice
from .seats import bookable_require, seat_release, seat_take
from .transitions import citizen_actor


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
        bookable_require(agency=agency, starts_at=starts_at, now=now)
        old_slot = current.slot
        # Rows are locked in one order (old slot first only when its id is lower),
        # so two crossing reschedules cannot deadlock on PostgreSQL.
        existing_new = Slot.objects.filter(agency=agency, starts_at=starts_at).first()
        release_first = existing_new is None or old_slot.pk < existing_new.pk
        if release_first:
            seat_release(slot_id=old_slot.pk)
        new_slot = seat_take(agency=agency, starts_at=starts_at)
        if not release_first:
            seat_release(slot_id=old_slot.pk)
        moved = Turn.objects.filter(
            pk=current.pk, status=TurnStatus.RESERVADO, slot=old_slot
        ).update(slot=new_slot, reminder_sent_at=None, updated=now)
        if moved != 1:
            raise ApplicationError(_("Este turno ya no se puede reprogramar."))
        current.refresh_from_db()
        audit_event_record(
            action=AuditAction.TURNO_REPROGRAMADO,
            target=current,
            actor_label=citizen_actor(current.identification),
            data={
                "from": old_slot.starts_at.isoformat(),
                "to": starts_at.isoformat(),
            },
        )
        turn_confirmation_enqueue(turn_id=current.pk)
        turn_employer_notice(turn=current, event="reprogramado")
        calendar_version_bump(agency_id=agency.pk)
    return current
