"""What *Confirmar* must know before it writes, read in one query: the e-mail code,
whether the agency serves the procedure, and the day's closure and draw."""

import datetime
from typing import NamedTuple

from django.conf import settings
from django.db import connections

from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.notifications.constants import VerificationPurpose
from clavepatronal.notifications.models import EmailVerification

from ..models import Agency, AgencyClosure, Draw


class DayFacts(NamedTuple):
    """The agency's own facts about a day: closed, and its draw (if any)."""

    closed: bool
    draw: Draw | None


class BookingFacts(NamedTuple):
    verified: bool
    served: bool
    day: DayFacts


def verification_valid(
    *, verification: tuple[int | None, str, str], now: datetime.datetime
) -> bool:
    """The code (id, identification, e-mail) used for this identification and
    address, while it still counts; the same EXISTS booking_facts reads."""
    connection = connections[EmailVerification.objects.db]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_verified_sql(connection.ops.quote_name)}",
            _verified_params(connection, verification, now),
        )
        return bool(cursor.fetchone()[0])


def _verified_sql(quote) -> str:
    """The rule of the e-mail code, as one EXISTS: this id, for a turn, for this
    identification and address, used less than TURNOS_VERIFIED_MINUTES ago."""
    return (
        f"EXISTS(SELECT 1 FROM {quote(EmailVerification._meta.db_table)} WHERE "
        f"{quote('id')} = %s AND {quote('purpose')} = %s AND "
        f"{quote('subject')} = %s AND {quote('email')} = %s AND "
        f"{quote('used_at')} > %s)"
    )


def _verified_params(connection, verification: tuple, now) -> list:
    verification_id, identification, email = verification
    return [
        verification_id,
        VerificationPurpose.TURNO.value,
        identification,
        email.strip().lower(),
        connection.ops.adapt_datetimefield_value(verified_since(now)),
    ]


def verified_since(now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(minutes=settings.TURNOS_VERIFIED_MINUTES)


def booking_facts(
    *,
    agency: Agency,
    procedure_type: ProcedureType,
    day: datetime.date,
    verification: tuple[int | None, str, str],
    now: datetime.datetime,
) -> BookingFacts:
    """One statement, written out: *Confirmar* reads it on every booking, and the
    ORM took longer to compile its subqueries than the database to run them.
    `verification` is (id, identification, e-mail), as verification_valid reads it."""
    connection = connections[Agency.objects.db]
    quote = connection.ops.quote_name
    table = {model: quote(model._meta.db_table) for model in (AgencyClosure, Draw)}
    served = quote(Agency.procedure_types.through._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_verified_sql(quote)}, "
            f"EXISTS(SELECT 1 FROM {served} WHERE {quote('agency_id')} = %s AND "
            f"{quote('proceduretype_id')} = %s), "
            f"EXISTS(SELECT 1 FROM {table[AgencyClosure]} WHERE "
            f"{quote('agency_id')} = %s AND {quote('date')} = %s), "
            f"(SELECT {quote('id')} FROM {table[Draw]} WHERE "
            f"{quote('agency_id')} = %s AND {quote('day')} = %s)",
            [
                *_verified_params(connection, verification, now),
                agency.pk,
                procedure_type.pk,
                agency.pk,
                connection.ops.adapt_datefield_value(day),
                agency.pk,
                connection.ops.adapt_datefield_value(day),
            ],
        )
        verified, served_here, closed, draw_id = cursor.fetchone()
    return BookingFacts(
        verified=bool(verified),
        served=bool(served_here),
        day=DayFacts(
            closed=bool(closed),
            draw=Draw.objects.get(pk=draw_id) if draw_id else None,
        ),
    )
