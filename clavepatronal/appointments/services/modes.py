"""Modo automático (docs/turnos.md): an AUTO agency switches itself to the draw
when its released days run out within minutes, and back to order of arrival
when they keep free seats. A switch decided today applies to the days released
from tomorrow on, so the public pages announce it the day before."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record

from ..constants import AllocationMode
from ..models import Agency, AgencyModeSwitch
from ..selectors.modes import (
    DayMeasure,
    agency_mode_configured,
    mode_switch_latest,
    released_days_measured,
)

# Who the audit trail names for a switch: the rule, not a person.
SYSTEM = "sistema (modo automático)"


def agency_modes_decide(
    *, now: datetime.datetime | None = None
) -> list[AgencyModeSwitch]:
    """Run the decision for every active AUTO agency (turnos_sorteos, before the
    draws are prepared); an agency with a switch still to apply is left alone."""
    now = now or timezone.now()
    switches = []
    for agency in Agency.objects.filter(is_active=True).order_by("pk"):
        if agency_mode_configured(agency) != AllocationMode.AUTO:
            continue
        switch = agency_mode_decide(agency_id=agency.pk, now=now)
        if switch is not None:
            switches.append(switch)
    return switches


def mode_next(current: str, days: list[DayMeasure]) -> str | None:
    """The mode the measured days call for, or None to stay: every one of the last
    TURNOS_AUTO_DAYS sold out fast (to SORTEO) or kept a free seat (to ORDEN);
    mixed figures change nothing."""
    if len(days) < max(settings.TURNOS_AUTO_DAYS, 1):
        return None
    if current == AllocationMode.ORDEN and all(day.sold_out_fast for day in days):
        return AllocationMode.SORTEO
    if current == AllocationMode.SORTEO and all(day.kept_free for day in days):
        return AllocationMode.ORDEN
    return None


@transaction.atomic
def agency_mode_decide(
    *, agency_id: int, now: datetime.datetime | None = None
) -> AgencyModeSwitch | None:
    """Decide one AUTO agency's mode at `now`: a switch effective tomorrow (a
    release date) and its audit event, or None. Only days released since the
    current mode applies count, so each switch rests on days given out under the
    mode it leaves; the agency's row is locked, so two runs decide once."""
    now = now or timezone.now()
    agency = Agency.objects.select_for_update().get(pk=agency_id)
    if agency_mode_configured(agency) != AllocationMode.AUTO:
        return None
    today = timezone.localdate(now)
    latest = mode_switch_latest(agency=agency)
    if latest is not None and latest.effective_from > today:
        return None  # announced, not yet in effect
    current = latest.mode if latest is not None else AllocationMode.ORDEN
    since = latest.effective_from if latest is not None else None
    days = released_days_measured(agency=agency, now=now, since=since)
    mode = mode_next(current, days)
    if mode is None:
        return None
    minutes = (
        settings.TURNOS_AUTO_SOLD_OUT_MINUTES
        if mode == AllocationMode.SORTEO
        else settings.TURNOS_AUTO_FREE_MINUTES
    )
    switch = AgencyModeSwitch(
        agency=agency,
        mode=mode,
        decided_at=now,
        effective_from=today + datetime.timedelta(days=1),
        figures={
            "from": str(current),
            "minutes": minutes,
            "days": [day.as_figures() for day in days],
        },
    )
    switch.full_clean()
    switch.save()
    audit_event_record(
        action=AuditAction.AGENCIA_MODO_CAMBIADO,
        target=agency,
        actor_label=SYSTEM,
        data={
            "switch": switch.pk,
            "mode": str(mode),
            "effective_from": switch.effective_from.isoformat(),
            **switch.figures,
        },
    )
    return switch
