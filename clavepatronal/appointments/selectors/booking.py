"""What *Confirmar* must know before it writes, read in one query: the e-mail code,
whether the agency serves the procedure, and the day's closure and draw."""

import datetime
from typing import NamedTuple

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet, Subquery

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
        used_at__gt=now - datetime.timedelta(minutes=settings.TURNOS_VERIFIED_MINUTES),
    )


def booking_facts(
    *,
    agency: Agency,
    procedure_type: ProcedureType,
    day: datetime.date,
    verifications: QuerySet[EmailVerification],
) -> BookingFacts:
    draw = Draw.objects.filter(agency=OuterRef("pk"), day=day)
    row = (
        Agency.objects.filter(pk=agency.pk)
        .annotate(
            verified=Exists(verifications),
            served=Exists(
                Agency.procedure_types.through.objects.filter(
                    agency=OuterRef("pk"), proceduretype=procedure_type.pk
                )
            ),
            closed=Exists(
                AgencyClosure.objects.filter(agency=OuterRef("pk"), date=day)
            ),
            draw_status=Subquery(draw.values("status")[:1]),
            draw_closes_at=Subquery(draw.values("closes_at")[:1]),
        )
        .values("verified", "served", "closed", "draw_status", "draw_closes_at")
        .get()
    )
    drawn = None
    if row["draw_status"] is not None:
        drawn = Draw(
            agency=agency,
            day=day,
            status=row["draw_status"],
            closes_at=row["draw_closes_at"],
        )
    return BookingFacts(
        verified=bool(row["verified"]),
        served=bool(row["served"]),
        day=DayFacts(closed=bool(row["closed"]), draw=drawn),
    )
