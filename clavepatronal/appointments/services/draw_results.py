"""What a draw decides for its applications: winners linked to their turns,
losers kept for the next draw, the others out; and the audit events, written in
bulk (a draw can decide thousands)."""

import datetime

from django.db import connections
from django.utils import timezone

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import (
    audit_event_record,
    audit_events_record_bulk,
)

from ..constants import ApplicationStatus
from ..models import Draw, TurnApplication

SYSTEM = "sistema (sorteo)"


def applications_close(draw: Draw, winners, losers, void, turns) -> None:
    """Winners hold their turn; the others stay in for the agency's next draw,
    their rows untouched (application_losses counts the draws they lost); those
    who took a turn meanwhile drop out."""
    now = timezone.now()
    for pseudonym, application in winners.items():
        application.status = ApplicationStatus.ASIGNADA
        application.turn = turns[pseudonym]
        application.updated = now
    won = list(winners.values())
    _winners_link(won, now)
    for chunk in _chunks(void):
        TurnApplication.objects.filter(pk__in=chunk).update(
            status=ApplicationStatus.VENCIDA, updated=now
        )
    audit_events_record_bulk(
        action=AuditAction.SOLICITUD_ASIGNADA,
        targets=won,
        data=[{"turn": a.turn.code} for a in won],
        actor_label=SYSTEM,
    )
    if not losers:
        return
    # Losing changes no application, so the draw records its losers once: one
    # event on the draw listing their ids (application_draws_lost reads it back).
    audit_event_record(
        action=AuditAction.SOLICITUD_NO_ASIGNADA,
        target=draw,
        actor_label=SYSTEM,
        data={"applications": sorted(losers)},
    )


def _winners_link(won: list[TurnApplication], now: datetime.datetime) -> None:
    """One UPDATE for the winners: each gets its own turn (a CASE on the id). Written
    out because Django's bulk_update builds an expression object per row and
    field, which costs more than the draw itself."""
    if not won:
        return
    table = TurnApplication._meta.db_table
    connection = connections[TurnApplication.objects.db]
    quote = connection.ops.quote_name
    cases = " ".join(["WHEN %s THEN %s"] * len(won))
    marks = ", ".join(["%s"] * len(won))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(table)} SET {quote('turn_id')} = CASE {quote('id')} "
            f"{cases} END, {quote('status')} = %s, {quote('updated')} = %s "
            f"WHERE {quote('id')} IN ({marks})",
            [
                *(value for a in won for value in (a.pk, a.turn.pk)),
                ApplicationStatus.ASIGNADA.value,
                connection.ops.adapt_datetimefield_value(now),
                *(a.pk for a in won),
            ],
        )


def _chunks(pks: list[int], size: int = 10_000):
    """Below SQLite's default limit of parameters per statement."""
    for start in range(0, len(pks), size):
        yield pks[start : start + size]
