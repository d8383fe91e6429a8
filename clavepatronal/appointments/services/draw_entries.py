"""Who takes part in a draw, and as what: the agency's pending applications, read
and locked in one statement, with those whose person (or employer) took a turn
meanwhile set apart, and each of the others as the draw publishes it. Each draw
reads every application still in the draws (a loser takes part in the next one
too), so this is where a draw spends most of its time per application."""

import json
from dataclasses import dataclass
from itertools import compress

from django.db import connections

from ..allocation import Entry
from ..constants import TURN_ACTIVE_STATUSES, ApplicationStatus
from ..models import Draw, Turn, TurnApplication
from ..selectors.draws import application_pseudonyms, priority_cutoff
from ..selectors.no_shows import no_show_demoted


@dataclass(frozen=True)
class DrawEntries:
    """The entries of a draw, the pk of the application behind each (in the same
    order), and the pks of the applications that drop out."""

    entries: list[Entry]
    pks: list[int]
    void: list[int]


def draw_entries(draw: Draw, pseudonyms: dict[int, str] | None = None) -> DrawEntries:
    """The applications for the drawn day or an earlier one (an application never
    enters the draw of a day before the one it asked for), by pk, as entries:
    pseudonym, priority (1: priority_cutoff; -1: the no-show rule, which wins;
    else 0), «cualquier hora» and hours.

    Locked until the draw commits (PostgreSQL): a cancellation waits, then finds
    the application already decided, instead of being overwritten by the draw.
    `pseudonyms`: those already computed (application_pseudonyms' `known`)."""
    connection = connections[TurnApplication.objects.db]
    cutoff = priority_cutoff(agency_id=draw.agency_id)
    demoted = no_show_demoted(now=draw.closes_at)
    with connection.cursor() as cursor:
        cursor.execute(
            _pending_sql(connection),
            [
                connection.ops.adapt_datefield_value(cutoff),
                draw.agency_id,
                connection.ops.adapt_datefield_value(draw.day),
            ],
        )
        rows = cursor.fetchall()
    if not rows:
        return DrawEntries([], [], [])
    # Column by column, and every row's hours decoded in one call: a draw reads
    # thousands of rows, and one json.loads per row cost as much as the rest.
    pks, texts, any_hour, priority, busy, people = zip(*rows, strict=True)
    # The cutoff's comparison is NULL while no application has priority.
    priority = [
        -1 if person in demoted else int(bool(first))
        for person, first in zip(people, priority, strict=True)
    ]
    hours = json.loads("[" + ",".join(texts) + "]")
    void = list(compress(pks, busy))
    if void:
        keep = [not dropped for dropped in busy]
        pks, hours, any_hour, priority = (
            list(compress(column, keep)) for column in (pks, hours, any_hour, priority)
        )
    entries = list(
        map(
            Entry,
            application_pseudonyms(pks, pseudonyms),
            priority,
            map(bool, any_hour),
            map(tuple, hours),
        )
    )
    return DrawEntries(entries, list(pks), void)


def _pending_sql(connection) -> str:
    """One statement for both vendors; written out because the ORM binds the
    statuses as parameters, and SQLite uses a partial index (the pending
    applications', the active turns') only when the query spells out the
    index's own condition. Each application is matched against the active turns
    through their unique partial indexes: two lookups per application, not a
    read of every turn."""
    quote = connection.ops.quote_name
    application = quote(TurnApplication._meta.db_table)
    turn = quote(Turn._meta.db_table)
    active = ", ".join(f"'{status}'" for status in TURN_ACTIVE_STATUSES)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    return (
        f"SELECT a.id, CAST(a.hours AS TEXT), a.any_hour, a.day <= %s, "
        f"EXISTS (SELECT 1 FROM {turn} t WHERE t.status IN ({active}) "
        f"AND t.identification = a.identification "
        f"AND t.procedure_type_id = a.procedure_type_id) "
        f"OR EXISTS (SELECT 1 FROM {turn} t WHERE t.status IN ({active}) "
        f"AND NOT (t.employer_identification = '') "
        f"AND t.employer_identification = a.employer_identification), "
        f"a.identification "
        f"FROM {application} a "
        f"WHERE a.status = '{ApplicationStatus.PENDIENTE}' "
        f"AND a.agency_id = %s AND a.day <= %s "
        f"ORDER BY a.id{lock}"
    )
