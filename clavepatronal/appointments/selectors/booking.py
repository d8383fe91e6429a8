"""What *Confirmar* must know before it writes, read in one query: the e-mail code,
whether the agency serves the procedure, and the day's closure and draw."""

import datetime
from typing import NamedTuple

from django.conf import settings
from django.db import connections
from django.db.models import QuerySet

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


def verifications_valid(
    *, verification_id: int | None, identification: str, email: str, now
) -> QuerySet[EmailVerification]:
    """The code used for this identification and address, while it still counts."""
    return EmailVerification.objects.filter(
        pk=verification_id,
        purpose=VerificationPurpose.TURNO,
        subject=identification,
        email=email.strip().lower(),
        used_at__isnull=False,
        used_at__gt=verified_since(now),
    )


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
    `verification` is (id, identification, e-mail), as verifications_valid reads it."""
    connection = connections[Agency.objects.db]
    quote = connection.ops.quote_name
    table = {
        model: quote(model._meta.db_table)
        for model in (EmailVerification, AgencyClosure, Draw)
    }
    served = quote(Agency.procedure_types.through._meta.db_table)
    verification_id, identification, email = verification
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT EXISTS(SELECT 1 FROM {table[EmailVerification]} WHERE "
            f"{quote('id')} = %s AND {quote('purpose')} = %s AND "
            f"{quote('subject')} = %s AND {quote('email')} = %s AND "
            f"{quote('used_at')} > %s), "
            f"EXISTS(SELECT 1 FROM {served} WHERE {quote('agency_id')} = %s AND "
            f"{quote('proceduretype_id')} = %s), "
            f"EXISTS(SELECT 1 FROM {table[AgencyClosure]} WHERE "
            f"{quote('agency_id')} = %s AND {quote('date')} = %s), "
            f"(SELECT {quote('id')} FROM {table[Draw]} WHERE "
            f"{quote('agency_id')} = %s AND {quote('day')} = %s)",
            [
                verification_id,
                VerificationPurpose.TURNO.value,
                identification,
                email.strip().lower(),
                connection.ops.adapt_datetimefield_value(verified_since(now)),
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
