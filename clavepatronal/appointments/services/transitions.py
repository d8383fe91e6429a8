"""Every change of a turn's state: cancel (the person), arrival and no-show (the desk).

The steps that exist are TURN_TRANSITIONS; each is one conditional UPDATE, so of two
concurrent requests (two desks, two tabs) only one passes, and one audit event.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.notifications.services import email_send

from ..constants import TURN_TRANSITIONS, TurnStatus
from ..documents import turn_when_label
from ..models import Turn
from .calendar_version import calendar_version_bump
from .mail import turn_employer_notice
from .seats import seat_release


def citizen_actor(identification: str) -> str:
    """How the audit trail names a person acting on their own turn."""
    return f"ciudadano {identification}"


def _turn_move(
    *,
    turn: Turn,
    to: TurnStatus,
    now: datetime.datetime,
    conditions: dict | None = None,
    fields: dict | None = None,
) -> bool:
    """Move `turn` to `to` if the table allows it from the state it is in now (and
    `conditions` hold); False, with nothing changed, otherwise."""
    sources = [source for source, targets in TURN_TRANSITIONS.items() if to in targets]
    moved = Turn.objects.filter(
        pk=turn.pk, status__in=sources, **(conditions or {})
    ).update(status=to, updated=now, **(fields or {}))
    if moved == 1:
        turn.status = to
    return moved == 1


def turn_cancel(*, turn: Turn, now: datetime.datetime | None = None) -> Turn:
    """Cancel a reserved turn that has not started; its seat is free at once."""
    now = now or timezone.now()
    with transaction.atomic():
        current = (
            Turn.objects.select_for_update().select_related("slot").get(pk=turn.pk)
        )
        cancelled = _turn_move(
            turn=current,
            to=TurnStatus.CANCELADO,
            now=now,
            conditions={"slot": current.slot, "slot__starts_at__gt": now},
            fields={"cancelled_at": now},
        )
        if not cancelled:
            raise ApplicationError(
                _("Este turno ya no se puede cancelar."),
                extra={"code": "not_reserved"},
            )
        seat_release(slot_id=current.slot_id)
        current.refresh_from_db()
        audit_event_record(
            action=AuditAction.TURNO_CANCELADO,
            target=current,
            actor_label=citizen_actor(current.identification),
        )
        email_send(
            to=current.email,
            subject=_("Turno IESS cancelado"),
            template_name="turno_cancelacion",
            context={"turn": current, "when": turn_when_label(current)},
        )
        turn_employer_notice(turn=current, event="cancelado")
        calendar_version_bump(agency_id=current.slot.agency_id)
    return current


def _not_reserved(turn: Turn) -> str:
    status = Turn.objects.values_list("status", flat=True).get(pk=turn.pk)
    return _("El turno ya no está reservado (estado: %(status)s).") % {
        "status": TurnStatus(status).label
    }


@transaction.atomic
def turn_view_record(*, turn: Turn, actor) -> None:
    """An officer opened the turn at the desk (the person's and the employer's
    data): an audit event, which «Quién consultó mis datos» shows."""
    audit_event_record(
        action=AuditAction.TURNO_CONSULTADO,
        target=turn,
        actor=actor,
        data={"code": turn.code, "status": turn.status},
    )


def turn_arrival_register(
    *, turn: Turn, actor, now: datetime.datetime | None = None
) -> Turn:
    """Registrar llegada: on the turn's day only, the person is at the desk and waits
    to be served (EN_ESPERA). Who they are is the desk's check (backoffice)."""
    now = now or timezone.now()
    starts_at = timezone.localtime(turn.slot.starts_at)
    if starts_at.date() != timezone.localdate(now):
        raise ApplicationError(
            _("Solo se registra la llegada el día del turno (%(day)s).")
            % {"day": f"{starts_at:%d/%m/%Y}"}
        )
    if not _turn_move(turn=turn, to=TurnStatus.EN_ESPERA, now=now):
        raise ApplicationError(_not_reserved(turn))
    audit_event_record(
        action=AuditAction.TURNO_LLEGADA,
        target=turn,
        actor=actor,
        actor_label=actor.get_username(),
        data={"code": turn.code, "agency": turn.slot.agency.name},
    )
    return turn


@transaction.atomic
def turn_no_show_register(
    *, turn: Turn, actor, now: datetime.datetime | None = None
) -> Turn:
    """No asistió: only once the turn's time has passed. The seat is not given
    back: that hour is over, nobody else can use it (the slot count stays)."""
    now = now or timezone.now()
    if turn.slot.starts_at > now:
        raise ApplicationError(
            _("El turno aún no empieza; espere a su hora para marcar «No asistió».")
        )
    if not _turn_move(turn=turn, to=TurnStatus.NO_ASISTIO, now=now):
        raise ApplicationError(_not_reserved(turn))
    audit_event_record(
        action=AuditAction.TURNO_NO_ASISTIO,
        target=turn,
        actor=actor,
        actor_label=actor.get_username(),
        data={"code": turn.code},
    )
    return turn


@transaction.atomic
def turn_attend(*, turn: Turn, actor, now: datetime.datetime | None = None) -> Turn:
    """Atendido: the person was served (the clave issued, or the officer closed the
    attention). Only a turn whose holder arrived (EN_ESPERA)."""
    now = now or timezone.now()
    if not _turn_move(turn=turn, to=TurnStatus.ATENDIDO, now=now):
        raise ApplicationError(
            _("Solo se atiende un turno cuya llegada se registró (en espera).")
        )
    audit_event_record(
        action=AuditAction.TURNO_ATENDIDO,
        target=turn,
        actor=actor,
        actor_label=actor.get_username(),
        data={"code": turn.code},
    )
    return turn
