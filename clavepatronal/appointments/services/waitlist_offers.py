"""A freed seat offered to the waiting list (docs/turnos.md, «Lista de espera»).

seats.seat_release calls waitlist_offer_make inside the transaction that freed the
seat (a cancellation, a reschedule, a turn the employer did not confirm, «No fui
yo»), on a day not kept for a draw: the seat stays counted in the slot's `booked`,
so no one else sees or takes it, and it is held for the first entry in the
published order that waits for that day and hour, by e-mail with a link, for
TURNOS_WAITLIST_HOLD_MINUTES (never past the turn's own lead time).
"""

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.core.addresses import public_url
from clavepatronal.notifications.services import email_send

from ..constants import OfferStatus, WaitlistStatus
from ..documents import when_label
from ..models import Slot, WaitlistEntry, WaitlistOffer
from ..selectors.waitlist import OFFER_LINK, waitlist_candidates, waitlist_link_token

SYSTEM = "sistema"


def waitlist_offer_make(*, slot: Slot, now: datetime.datetime) -> WaitlistOffer | None:
    """Hold the freed seat of `slot` for the first waiting entry that takes it, or
    None when no entry does (the caller gives the seat back to the calendar). Of
    two seats freed at once, each goes to a different entry: the conditional
    UPDATE lets one claim an entry (on PostgreSQL the second waits for the first's
    commit, then finds it claimed) and the other goes on to the next."""
    for entry_id in waitlist_candidates(slot=slot, now=now):
        claimed = WaitlistEntry.objects.filter(
            pk=entry_id, status=WaitlistStatus.ESPERANDO
        ).update(status=WaitlistStatus.OFRECIDO, updated=now)
        if claimed == 1:
            return _offer_create(
                entry=WaitlistEntry.objects.get(pk=entry_id), slot=slot, now=now
            )
    return None


def _offer_create(
    *, entry: WaitlistEntry, slot: Slot, now: datetime.datetime
) -> WaitlistOffer:
    lead = datetime.timedelta(minutes=settings.TURNOS_LEAD_MINUTES)
    hold = datetime.timedelta(minutes=settings.TURNOS_WAITLIST_HOLD_MINUTES)
    offer = WaitlistOffer(
        entry=entry,
        slot=slot,
        expires_at=min(now + hold, slot.starts_at - lead),
        status=OfferStatus.ABIERTA,
    )
    offer.full_clean(
        exclude=["entry", "slot", "turn"],
        validate_unique=False,
        validate_constraints=False,
    )
    offer.save()
    audit_event_record(
        action=AuditAction.ESPERA_OFRECIDA,
        target=offer,
        actor_label=SYSTEM,
        data={
            "entry": entry.pk,
            "slot": slot.pk,
            "starts_at": slot.starts_at.isoformat(),
            "expires_at": offer.expires_at.isoformat(),
        },
    )
    waitlist_offer_mail(offer=offer)
    return offer


def waitlist_offer_mail(*, offer: WaitlistOffer) -> None:
    """The offer's e-mail: the day and hour held, until when, and the link."""
    slot = offer.slot
    email_send(
        to=offer.entry.email,
        subject=_("Se liberó un turno para usted — lista de espera del IESS"),
        template_name="lista_espera_oferta",
        context={
            "entry": offer.entry,
            "agency": slot.agency,
            "when": when_label(slot.starts_at, slot.ends_at),
            "expires_at": offer.expires_at,
            "offer_url": public_url(
                "appointments:waitlist_offer",
                token=waitlist_link_token(kind=OFFER_LINK, pk=offer.pk),
            ),
        },
    )


def waitlist_lapsed_mail(
    *, entry: WaitlistEntry, offer: WaitlistOffer | None = None
) -> None:
    """The entry left the list without a turn: its offer was not taken in time
    (`offer`), or its days went by. It may join again."""
    email_send(
        to=entry.email,
        subject=_("Su lugar en la lista de espera terminó — IESS"),
        template_name="lista_espera_vencida",
        context={
            "entry": entry,
            "offer": offer,
            "when": when_label(offer.slot.starts_at, offer.slot.ends_at)
            if offer
            else "",
            "start_url": public_url("appointments:start"),
        },
    )
