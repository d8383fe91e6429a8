"""The waiting list's clock (cron, every minute: manage.py turnos_lista_espera):
offers nobody answered in time lapse and their seats pass on, and entries whose
days went by leave the list."""

import datetime

from django.db import transaction
from django.utils import timezone

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record

from ..constants import OfferStatus, WaitlistStatus
from ..models import WaitlistEntry, WaitlistOffer
from ..selectors.calendar import local_time
from .waitlist_answers import waitlist_offer_expire
from .waitlist_offers import SYSTEM, waitlist_lapsed_mail


def waitlist_offers_expire(*, now: datetime.datetime | None = None) -> int:
    """Every open offer past its time, each in its own transaction (of two runs,
    one expires it: waitlist_offer_expire locks it first)."""
    now = now or timezone.now()
    due = WaitlistOffer.objects.filter(
        status=OfferStatus.ABIERTA, expires_at__lte=now
    ).order_by("expires_at", "pk")
    return sum(
        waitlist_offer_expire(offer_id=offer_id, now=now)
        for offer_id in list(due.values_list("pk", flat=True))
    )


def waitlist_offer_late(*, offer: WaitlistOffer, now: datetime.datetime) -> bool:
    """An offer still open past its time, on a page opened late: it lapses now, as
    the cron would (True: it was late, whoever lapsed it)."""
    if offer.status != OfferStatus.ABIERTA or offer.expires_at > now:
        return False
    waitlist_offer_expire(offer_id=offer.pk, now=now)
    return True


def waitlist_entries_lapse(*, now: datetime.datetime | None = None) -> int:
    """Entries still waiting whose last day (`until`) has passed: VENCIDA, with a
    mail saying so; an entry with an open offer waits for that offer's answer."""
    now = now or timezone.now()
    today = local_time(now).date()
    due = WaitlistEntry.objects.filter(
        status=WaitlistStatus.ESPERANDO, until__lt=today
    ).order_by("pk")
    lapsed = 0
    for entry_id in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            if not WaitlistEntry.objects.filter(
                pk=entry_id, status=WaitlistStatus.ESPERANDO
            ).update(status=WaitlistStatus.VENCIDA, updated=now):
                continue
            entry = WaitlistEntry.objects.select_related("agency").get(pk=entry_id)
            audit_event_record(
                action=AuditAction.ESPERA_VENCIDA,
                target=entry,
                actor_label=SYSTEM,
                data={"until": entry.until.isoformat()},
            )
            waitlist_lapsed_mail(entry=entry)
            lapsed += 1
    return lapsed
