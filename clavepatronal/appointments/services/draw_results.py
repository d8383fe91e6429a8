"""What a draw decides for its applications: winners' turns made from their
applications and linked to them, losers kept for the next draw, the others out;
and the audit events of the draw, written in one go.

The statements are written out: Django's bulk_create and bulk_update build an
object per row and field, which cost more than the draw itself."""

import datetime

from django.db import connections
from django.utils import timezone

from clavepatronal.audit.constants import AuditAction

from ..constants import ApplicationStatus, TurnStatus
from ..models import Draw, Turn, TurnApplication

SYSTEM = "sistema (sorteo)"

# What a drawn turn copies from its application: the holder, as filed.
_HOLDER_COLUMNS = [
    "procedure_type_id",
    "identification_type",
    "identification",
    "registration_id",
    "employer_identification",
    "holder_role",
    "holder_names",
    "email",
    "mobile",
]


def turns_insert(rows: list[tuple[int, str, int]]) -> dict[int, tuple[int, str]]:
    """A reserved turn for each (application pk, code, slot pk), in the holder's
    name as the application has it, and made where it was (an officer's
    application, the officer's turn): application pk → (turn pk, code)."""
    if not rows:
        return {}
    connection = connections[Turn.objects.db]
    quote = connection.ops.quote_name
    holder = ", ".join(quote(column) for column in _HOLDER_COLUMNS)
    from_application = ", ".join(f"a.{quote(column)}" for column in _HOLDER_COLUMNS)
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH w (application, code, slot) AS "
            f"(VALUES {', '.join(['(%s, %s, %s)'] * len(rows))}) "
            f"INSERT INTO {quote(Turn._meta.db_table)} (created, updated, code, "
            f"slot_id, status, channel, booked_by_id, {holder}) "
            f"SELECT %s, %s, w.code, w.slot, %s, a.channel, a.filed_by_id, "
            f"{from_application} "
            f"FROM {quote(TurnApplication._meta.db_table)} a, w "
            f"WHERE a.id = w.application RETURNING id, code",
            [
                *(value for row in rows for value in row),
                stamp,
                stamp,
                TurnStatus.RESERVADO.value,
            ],
        )
        turn_of_code = {code: pk for pk, code in cursor.fetchall()}
    return {application: (turn_of_code[code], code) for application, code, _s in rows}


def applications_close(turns: dict[int, tuple[int, str]], void: list[int]) -> None:
    """Winners (application pk → their turn's pk and code) hold their turn; the
    others stay in for the agency's next draw, their rows untouched
    (application_losses counts the draws they lost); those who took a turn
    meanwhile drop out."""
    now = timezone.now()
    _winners_link(turns, now)
    for chunk in _chunks(void):
        TurnApplication.objects.filter(pk__in=chunk).update(
            status=ApplicationStatus.VENCIDA, updated=now
        )


def draw_events(
    draw: Draw, turns: dict[int, tuple[int, str]], losers: list[int], void: list[int]
) -> list[tuple]:
    """The audit events of a drawn draw: one per winner, with its turn; one per
    application dropped because its person (or employer) took a turn meanwhile;
    one on the draw listing the ids of its losers (losing changes no application,
    and application_draws_lost reads it back); and the draw's own."""
    events = [
        (AuditAction.SOLICITUD_ASIGNADA, TurnApplication, pk, {"turn": code})
        for pk, (_turn, code) in turns.items()
    ]
    events += [
        (AuditAction.SOLICITUD_SIN_EFECTO, TurnApplication, pk, {"draw": draw.pk})
        for pk in void
    ]
    if losers:
        events.append(
            (
                AuditAction.SOLICITUD_NO_ASIGNADA,
                Draw,
                draw.pk,
                {"applications": sorted(losers)},
            )
        )
    events.append(
        (
            AuditAction.SORTEO_REALIZADO,
            Draw,
            draw.pk,
            {
                "agency": draw.agency_id,
                "day": draw.day.isoformat(),
                "seats": draw.seats,
                "applications": draw.applications,
                "winners": draw.winners,
            },
        )
    )
    return events


def _winners_link(turns: dict[int, tuple[int, str]], now: datetime.datetime) -> None:
    """One UPDATE for the winners: each gets its own turn (a CASE on the id)."""
    if not turns:
        return
    table = TurnApplication._meta.db_table
    connection = connections[TurnApplication.objects.db]
    quote = connection.ops.quote_name
    cases = " ".join(["WHEN %s THEN %s"] * len(turns))
    marks = ", ".join(["%s"] * len(turns))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(table)} SET {quote('turn_id')} = CASE {quote('id')} "
            f"{cases} END, {quote('status')} = %s, {quote('updated')} = %s "
            f"WHERE {quote('id')} IN ({marks})",
            [
                *(value for pk, (turn, _code) in turns.items() for value in (pk, turn)),
                ApplicationStatus.ASIGNADA.value,
                connection.ops.adapt_datetimefield_value(now),
                *turns,
            ],
        )


def _chunks(pks: list[int], size: int = 10_000):
    """Below SQLite's default limit of parameters per statement."""
    for start in range(0, len(pks), size):
        yield pks[start : start + size]
