"""Reads of the waiting list (docs/turnos.md, «Lista de espera»): its published order
(the no-show tier, then a drawn rank), the days and hours a person may wait for, the
entry a freed seat goes to, and the signed links of entries and offers."""

import datetime
from collections.abc import Iterator

from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.utils import formats
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from ..constants import (
    WAITLIST_LINK_SALT,
    OfferStatus,
    WaitlistStatus,
)
from ..models import Agency, Slot, WaitlistEntry, WaitlistOffer
from .calendar import (
    local_time,
    slot_starts,
    slot_unbookable_reason,
    window_open_days,
)
from .no_shows import no_show_count
from .turns import turn_active_conflicting

# The key of the drawn rank: derived from SECRET_KEY, used for nothing else.
RANK_SALT = "clavepatronal.appointments.waitlist-rank"
# Entries read at a time when a seat is freed.
CANDIDATES_READ = 50


def waitlist_rank(
    *, agency_id: int, procedure_type_id: int, identification: str, day: datetime.date
) -> str:
    """The drawn number (hex): an HMAC-SHA256 of the agency, the procedure, the
    person and the local day they joined. Joining first gains nothing (the number
    does not depend on the hour), and leaving and joining again the same day gives
    the same number (re-rolling gains nothing)."""
    value = f"{agency_id}|{procedure_type_id}|{identification}|{day.isoformat()}"
    return salted_hmac(RANK_SALT, value, algorithm="sha256").hexdigest()


def waitlist_priority(*, identification: str, now: datetime.datetime) -> int:
    """The no-show tier (selectors.no_shows): -1 for a person who missed
    TURNOS_NO_SHOW_LIMIT turns within the rule's days, who waits after the others
    (as in the draws); 0 otherwise."""
    limit = settings.TURNOS_NO_SHOW_LIMIT
    if limit <= 0:
        return 0
    return -1 if no_show_count(identification=identification, now=now) >= limit else 0


def waitlist_days(*, agency: Agency, now: datetime.datetime) -> list[datetime.date]:
    """The days of the booking window a person may wait for at this agency: its
    working days with at least one hour still bookable."""
    _first, _last, earliest, open_days = window_open_days(agency=agency, now=now)
    return [
        day
        for day in open_days
        if any(start >= earliest for start in slot_starts(agency=agency, day=day))
    ]


def waitlist_starts(*, agency: Agency, day: datetime.date) -> list[str]:
    """The agency's hours ("HH:MM" starts), as an entry names them."""
    return [
        local_time(start).strftime("%H:%M")
        for start in slot_starts(agency=agency, day=day)
    ]


def _busy(identification: str, procedure_type_id: int, employer: str) -> bool:
    """The entry's person (or employer) already holds an active turn: a seat is
    not offered to them (the turn's own rules would refuse it). Asked of the
    candidates one at a time: the first is usually free."""
    return (
        turn_active_conflicting(
            identification=identification,
            procedure_type=procedure_type_id,
            employer_identification=employer,
        )
        is not None
    )


def waitlist_candidates(*, slot: Slot, now: datetime.datetime) -> Iterator[int]:
    """The ids of the waiting entries a freed seat may go to, in the published
    order: at the slot's agency, for a procedure it serves, waiting for that day and
    hour (or any) until at least that day, whose person holds no active turn; none
    when the hour can no longer be booked (within TURNOS_LEAD_MINUTES, a closed
    day). Read a few at a time: the first usually takes it."""
    waiting = WaitlistEntry.objects.filter(
        agency_id=slot.agency_id, status=WaitlistStatus.ESPERANDO
    )
    if not waiting.exists():
        return
    if slot_unbookable_reason(agency=slot.agency, starts_at=slot.starts_at, now=now):
        return
    start = local_time(slot.starts_at)
    day, hour = start.date().isoformat(), start.strftime("%H:%M")
    entries = (
        waiting.filter(
            until__gte=start.date(),
            procedure_type__in=slot.agency.procedure_types.all(),
        )
        .order_by("-priority", "rank", "created", "pk")
        .values_list(
            "pk",
            "days",
            "hours",
            "identification",
            "procedure_type_id",
            "employer_identification",
        )
    )
    offset = 0
    while chunk := list(entries[offset : offset + CANDIDATES_READ]):
        for pk, days, hours, *person in chunk:
            if (days and day not in days) or (hours and hour not in hours):
                continue
            if not _busy(*person):
                yield pk
        offset += CANDIDATES_READ


def waitlist_ahead(*, entry: WaitlistEntry) -> int:
    """How many people wait before this entry at its agency for its procedure, in
    the published order (whatever days and hours each of them named)."""
    before = (
        Q(priority__gt=entry.priority)
        | Q(priority=entry.priority, rank__lt=entry.rank)
        | Q(priority=entry.priority, rank=entry.rank, created__lt=entry.created)
    )
    return WaitlistEntry.objects.filter(
        before,
        agency_id=entry.agency_id,
        procedure_type_id=entry.procedure_type_id,
        status=WaitlistStatus.ESPERANDO,
    ).count()


def waitlist_open_offer(*, entry: WaitlistEntry) -> WaitlistOffer | None:
    return (
        entry.offers.filter(status=OfferStatus.ABIERTA)
        .select_related("slot__agency")
        .order_by("-pk")
        .first()
    )


def waitlist_preferences_label(*, entry: WaitlistEntry) -> str:
    """The days and hours an entry waits for, in words (its page, its mails)."""
    if not entry.days and not entry.hours:
        return _("cualquier día y hora")
    days = ", ".join(
        formats.date_format(datetime.date.fromisoformat(day), "l j \\d\\e F")
        for day in entry.days
    )
    hours = ", ".join(entry.hours)
    if not entry.hours:
        return _("%(days)s, a cualquier hora") % {"days": days}
    if not entry.days:
        return _("cualquier día, a las %(hours)s") % {"hours": hours}
    return _("%(days)s, a las %(hours)s") % {"days": days, "hours": hours}


# --- signed links: one salt, a kind per page, so no link opens another's page

ENTRY_LINK = "inscripcion"
OFFER_LINK = "oferta"
EMPLOYER_LINK = "empleador"


def waitlist_link_token(*, kind: str, pk: int) -> str:
    """The signed token of an entry's page (`ENTRY_LINK`), of an offer's
    (`OFFER_LINK`) or of the employer's notice (`EMPLOYER_LINK`)."""
    return signing.Signer(salt=WAITLIST_LINK_SALT).sign_object([kind, pk])


def _link_pk(token: str, kind: str) -> int | None:
    try:
        found, pk = signing.Signer(salt=WAITLIST_LINK_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return pk if found == kind and isinstance(pk, int) else None


def waitlist_entry_from_link(*, token: str, kind: str = ENTRY_LINK):
    """The entry of a person's link (or, with EMPLOYER_LINK, of the employer's)."""
    pk = _link_pk(token, kind)
    if pk is None:
        return None
    entries = WaitlistEntry.objects.select_related(
        "agency", "procedure_type", "registration"
    )
    if kind == EMPLOYER_LINK:
        entries = entries.exclude(registration=None)
    return entries.filter(pk=pk).first()


def waitlist_offer_from_link(*, token: str) -> WaitlistOffer | None:
    pk = _link_pk(token, OFFER_LINK)
    if pk is None:
        return None
    return (
        WaitlistOffer.objects.select_related(
            "slot__agency", "entry__procedure_type", "turn__slot"
        )
        .filter(pk=pk)
        .first()
    )
