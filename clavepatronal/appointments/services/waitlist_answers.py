"""The answers to a waiting-list offer, and leaving the list (docs/turnos.md,
«Lista de espera»).

«Tomar este turno» makes the turn in the seat the offer holds, which is already
counted in the slot's `booked`: no seat is taken again. «No me sirve», leaving the
list, «No fui yo» from the employer's notice and an offer nobody answered in time
(waitlist_offer_expire: the cron, services.waitlist_expiry, or the offer's page
opened late) pass the seat on to the next entry in the published order, or —
nobody waiting for it — back to the calendar.

Rows are locked entry first, then its offer, in every path (and seat_release claims
an entry before it writes its offer), so two answers never deadlock on PostgreSQL;
on SQLite every write transaction is IMMEDIATE and runs alone.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.core.exceptions import ApplicationError

from ..constants import (
    WAITLIST_LIVE_STATUSES,
    OfferStatus,
    TurnStatus,
    WaitlistStatus,
)
from ..models import Turn, WaitlistEntry, WaitlistOffer
from .booking import active_turn_find, holder_require
from .calendar_version import calendar_version_bump
from .employer import employer_actor, employer_block_record
from .seats import seat_release
from .transitions import citizen_actor
from .turn_writes import turn_build, turn_seat_write
from .waitlist_offers import SYSTEM, waitlist_lapsed_mail


def offer_locked(offer_id: int) -> WaitlistOffer:
    """The offer, its entry's row locked first and then its own (FOR UPDATE of
    those two rows only: the slot stays free for bookings)."""
    entry_id = WaitlistOffer.objects.values_list("entry_id", flat=True).get(pk=offer_id)
    WaitlistEntry.objects.select_for_update().filter(pk=entry_id).first()
    return (
        WaitlistOffer.objects.select_for_update(of=("self",))
        .select_related("entry__procedure_type", "slot__agency")
        .get(pk=offer_id)
    )


def seat_pass_on(*, offer: WaitlistOffer, now: datetime.datetime) -> None:
    """The seat `offer` held goes to the next entry waiting for it; with nobody, it
    is given back (to the calendar, or to the next draw on a drawn day)."""
    following = seat_release(slot_id=offer.slot_id, now=now)
    if following is not None:
        return
    audit_event_record(
        action=AuditAction.ESPERA_DEVUELTA,
        target=offer.slot,
        actor_label=SYSTEM,
        data={"offer": offer.pk, "starts_at": offer.slot.starts_at.isoformat()},
    )
    calendar_version_bump(agency_id=offer.slot.agency_id)


def offer_expired_error() -> ApplicationError:
    return ApplicationError(
        _(
            "El tiempo para tomar este lugar terminó y pasó a la siguiente persona "
            "de la lista. Si aún necesita un turno, vuelva a inscribirse en la "
            "lista de espera o elija otro horario."
        ),
        extra={"code": "offer_expired"},
    )


def _open_require(offer: WaitlistOffer, now: datetime.datetime) -> None:
    if offer.status == OfferStatus.TOMADA:
        raise ApplicationError(
            _("Usted ya tomó este lugar: su turno está reservado."),
            extra={"code": "offer_taken"},
        )
    if offer.status != OfferStatus.ABIERTA or offer.expires_at <= now:
        raise offer_expired_error()


def waitlist_offer_take(
    *, offer: WaitlistOffer, now: datetime.datetime | None = None
) -> Turn:
    """«Tomar este turno»: the turn, RESERVADO, in the seat the offer holds, with
    its confirmation, the employer's notice and its audit events; the offer TOMADA
    and the entry ATENDIDA. Refused once the offer is no longer open (taken,
    answered, expired). When the turn's own rules refuse it now (an active turn of
    the person or the employer, the registration no longer naming the person), the
    seat passes on to the next entry and the entry leaves the list."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            current = offer_locked(offer.pk)
            _open_require(current, now)
            turn = _turn_in_held_seat(current, now)
            _taken_record(current, turn, now)
    except IntegrityError:
        raise _integrity_refusal(offer, now) from None
    except ApplicationError as refusal:
        if refusal.extra.get("code") in ("not_named", "active_turn"):
            _refused_pass_on(offer, now, refusal)
        raise
    return turn


def _integrity_refusal(offer: WaitlistOffer, now) -> ApplicationError:
    """What the database refused: the one-active-turn rules (the seat passes on),
    or else a collision of turn codes (the person tries again)."""
    entry = WaitlistEntry.objects.select_related("procedure_type").get(
        pk=offer.entry_id
    )
    if (
        active_turn_find(
            identification=entry.identification,
            procedure_type=entry.procedure_type,
            employer=entry.employer_identification,
        )
        is None
    ):
        return ApplicationError(
            _("No pudimos reservar el turno. Inténtelo de nuevo."),
            extra={"code": "retry"},
        )
    refusal = ApplicationError(
        _(
            "Ya tiene un turno activo para este trámite (o su empleador ya tiene "
            "uno): no podemos reservar otro. El lugar pasó a la siguiente persona "
            "de la lista."
        ),
        extra={"code": "active_turn"},
    )
    _refused_pass_on(offer, now, refusal)
    return refusal


def _turn_in_held_seat(offer: WaitlistOffer, now: datetime.datetime) -> Turn:
    """The turn in the offer's slot, bound as a booking binds it (holder_require:
    the registration still names the person) and written as a booking writes it
    (turn_seat_write, with the entry's proof of the employer's mailbox); the seat
    is already counted."""
    entry = offer.entry
    holder = holder_require(
        procedure_type=entry.procedure_type,
        identification=entry.identification,
        employer_identification=entry.employer_identification,
    )
    turn = turn_build(
        holder=holder,
        person={
            "identification_type": entry.identification_type,
            "identification": entry.identification,
            "email": entry.email,
            "mobile": entry.mobile,
        },
        procedure_type=entry.procedure_type,
        status=TurnStatus.RESERVADO,
    )
    turn_seat_write(
        turn=turn,
        agency=offer.slot.agency,
        starts_at=offer.slot.starts_at,
        seat=lambda: offer.slot,
        now=now,
        data={"waitlist_offer": offer.pk},
    )
    return turn


def _taken_record(offer: WaitlistOffer, turn: Turn, now: datetime.datetime) -> None:
    WaitlistOffer.objects.filter(pk=offer.pk).update(
        status=OfferStatus.TOMADA, turn=turn, answered_at=now, updated=now
    )
    WaitlistEntry.objects.filter(pk=offer.entry_id).update(
        status=WaitlistStatus.ATENDIDA, updated=now
    )
    audit_event_record(
        action=AuditAction.ESPERA_TOMADA,
        target=offer,
        actor_label=citizen_actor(turn.identification),
        data={"entry": offer.entry_id, "turn": turn.pk},
    )


def _refused_pass_on(offer, now, refusal: ApplicationError) -> None:
    """The turn's rules refused the person: they leave the list and the seat goes
    on (in a transaction of its own: the refused one was rolled back)."""
    with transaction.atomic():
        current = offer_locked(offer.pk)
        if current.status == OfferStatus.ABIERTA:
            _offer_close(
                current,
                now,
                status=OfferStatus.RECHAZADA,
                actor=SYSTEM,
                reason=refusal.extra.get("code", ""),
            )


def _offer_close(
    offer: WaitlistOffer, now, *, status: str, actor: str, reason: str = ""
) -> None:
    """An open offer answered without a turn (RECHAZADA): the entry leaves the
    list and the seat passes on. Inside the caller's transaction, rows locked."""
    WaitlistOffer.objects.filter(pk=offer.pk, status=OfferStatus.ABIERTA).update(
        status=status, answered_at=now, updated=now
    )
    WaitlistEntry.objects.filter(
        pk=offer.entry_id, status__in=WAITLIST_LIVE_STATUSES
    ).update(status=WaitlistStatus.CANCELADA, updated=now)
    audit_event_record(
        action=AuditAction.ESPERA_RECHAZADA,
        target=offer,
        actor_label=actor,
        data={"entry": offer.entry_id, **({"reason": reason} if reason else {})},
    )
    seat_pass_on(offer=offer, now=now)


def waitlist_offer_decline(
    *, offer: WaitlistOffer, now: datetime.datetime | None = None
) -> None:
    """«No me sirve»: the person leaves the list and the seat goes to the next."""
    now = now or timezone.now()
    with transaction.atomic():
        current = offer_locked(offer.pk)
        _open_require(current, now)
        _offer_close(
            current,
            now,
            status=OfferStatus.RECHAZADA,
            actor=citizen_actor(current.entry.identification),
        )


def waitlist_leave(
    *,
    entry: WaitlistEntry,
    now: datetime.datetime | None = None,
    not_me: bool = False,
) -> bool:
    """«Salir de la lista de espera» (the person) or «No fui yo» (the employer,
    `not_me`: its person and mailbox are also blocked for the employer, as for a
    turn). An offer still open is refused and its seat passes on. False, with
    nothing changed, when the entry already left the list."""
    now = now or timezone.now()
    with transaction.atomic():
        current = WaitlistEntry.objects.select_for_update().get(pk=entry.pk)
        if current.status not in WAITLIST_LIVE_STATUSES:
            return False
        actor = (
            employer_actor(current) if not_me else citizen_actor(current.identification)
        )
        offer = (
            WaitlistOffer.objects.select_for_update(of=("self",))
            .select_related("slot__agency")
            .filter(entry=current, status=OfferStatus.ABIERTA)
            .first()
        )
        if offer is not None:
            _offer_close(offer, now, status=OfferStatus.RECHAZADA, actor=actor)
        WaitlistEntry.objects.filter(pk=current.pk).update(
            status=WaitlistStatus.CANCELADA, updated=now
        )
        audit_event_record(
            action=AuditAction.ESPERA_CANCELADA,
            target=current,
            actor_label=actor,
            data={"no_fui_yo": True} if not_me else None,
        )
        if not_me:
            employer_block_record(made=current, now=now)
    return True


@transaction.atomic
def waitlist_offer_expire(*, offer_id: int, now: datetime.datetime) -> bool:
    """An open offer past its time: VENCIDA, its entry VENCIDA (the person is told
    they may join again) and the seat passed on (the cron, or its page opened
    late). False, with nothing changed, when it was answered or is still in time."""
    current = offer_locked(offer_id)
    if current.status != OfferStatus.ABIERTA or current.expires_at > now:
        return False
    WaitlistOffer.objects.filter(pk=current.pk, status=OfferStatus.ABIERTA).update(
        status=OfferStatus.VENCIDA, updated=now
    )
    WaitlistEntry.objects.filter(
        pk=current.entry_id, status__in=WAITLIST_LIVE_STATUSES
    ).update(status=WaitlistStatus.VENCIDA, updated=now)
    audit_event_record(
        action=AuditAction.ESPERA_VENCIDA,
        target=current,
        actor_label=SYSTEM,
        data={"entry": current.entry_id, "expires_at": current.expires_at.isoformat()},
    )
    waitlist_lapsed_mail(entry=current.entry, offer=current)
    seat_pass_on(offer=current, now=now)
    return True
