"""Seats: taken with a conditional UPDATE that cannot pass the slot's capacity (and a
CHECK constraint behind it), and given back."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.core.exceptions import ApplicationError

from ..constants import DrawStatus
from ..models import Agency, Draw, Slot
from ..selectors import slot_unbookable_reason


class NoAvailabilityError(ApplicationError):
    """The slot filled up (someone else took its last seat)."""


def no_availability() -> NoAvailabilityError:
    return NoAvailabilityError(
        _(
            "Lo sentimos, ese horario se quedó sin disponibilidad. Elija otro día u "
            "otra hora."
        ),
        extra={"code": "sin_disponibilidad"},
    )


def bookable_require(
    *, agency: Agency, starts_at: datetime.datetime, now: datetime.datetime
) -> None:
    reason = slot_unbookable_reason(agency=agency, starts_at=starts_at, now=now)
    if reason:
        raise ApplicationError(reason, extra={"code": "not_bookable"})


def seat_take(*, agency: Agency, starts_at: datetime.datetime) -> Slot:
    """Take one seat, creating the slot row on first use (inside a transaction)."""
    slot = Slot.objects.filter(agency=agency, starts_at=starts_at).first()
    if slot is None:
        slot = Slot(
            agency=agency,
            starts_at=starts_at,
            ends_at=agency.slot_end(starts_at),
            capacity=agency.capacity_per_slot,
        )
        # Uniqueness is settled by the database: a concurrent first booking of the
        # same slot makes this INSERT fail, and then both use the one row. The agency
        # was just read; its foreign key is the database's to check too.
        slot.full_clean(
            exclude=["agency"], validate_unique=False, validate_constraints=False
        )
        try:
            with transaction.atomic():
                slot.save()
        except IntegrityError:
            slot = Slot.objects.get(agency=agency, starts_at=starts_at)
    taken = Slot.objects.filter(
        pk=slot.pk, booked__lt=F("capacity") - F("held")
    ).update(booked=F("booked") + 1, updated=timezone.now())
    if taken != 1:
        raise no_availability()
    slot.refresh_from_db(fields=["booked", "updated"])
    return slot


def _kept_for_a_draw(slot: Slot) -> bool:
    """A seat freed on a day that was drawn goes to the agency's next draw when one
    runs in time for it, never to whoever polls at the moment it is freed."""
    day = timezone.localtime(slot.starts_at).date()
    drawn = Draw.objects.filter(
        agency_id=slot.agency_id, day=day, status=DrawStatus.REALIZADO
    )
    if not drawn.exists():
        return False
    cutoff = slot.starts_at - datetime.timedelta(minutes=settings.TURNOS_LEAD_MINUTES)
    return Draw.objects.filter(
        agency_id=slot.agency_id, status=DrawStatus.ABIERTO, closes_at__lt=cutoff
    ).exists()


def seat_release(*, slot_id: int) -> None:
    """Give a seat back: to everyone at once, or kept for the next draw."""
    slot = Slot.objects.get(pk=slot_id)
    if _kept_for_a_draw(slot):
        Slot.objects.filter(pk=slot_id, booked__gt=0).update(
            booked=F("booked") - 1, held=F("held") + 1, updated=timezone.now()
        )
        return
    Slot.objects.filter(pk=slot_id, booked__gt=0).update(
        booked=F("booked") - 1, updated=timezone.now()
    )
