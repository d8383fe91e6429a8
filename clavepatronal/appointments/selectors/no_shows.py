"""Regla de inasistencia (docs/turnos.md): a person who missed
TURNOS_NO_SHOW_LIMIT turns in the last TURNOS_NO_SHOW_DAYS days without cancelling
can still book, but enters the draws after those who did not. Not a ban, and
cancelling (up to the day before, always free) never counts: only a turn the desk
marked *No asistió*."""

import datetime

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from ..constants import TurnStatus
from ..models import Turn


def _missed(now: datetime.datetime | None):
    since = (now or timezone.now()) - datetime.timedelta(
        days=settings.TURNOS_NO_SHOW_DAYS
    )
    return Turn.objects.filter(status=TurnStatus.NO_ASISTIO, slot__starts_at__gte=since)


def no_show_demoted(*, now: datetime.datetime | None = None) -> set[str]:
    """Everyone the rule places after the others now: few people, read in one
    query per draw."""
    if settings.TURNOS_NO_SHOW_LIMIT <= 0:
        return set()
    rows = (
        _missed(now)
        .values("identification")
        .annotate(missed=Count("pk"))
        .filter(missed__gte=settings.TURNOS_NO_SHOW_LIMIT)
        .values_list("identification", flat=True)
    )
    return set(rows.order_by())


def no_show_count(*, identification: str, now: datetime.datetime | None = None) -> int:
    """Turns this person missed within the rule's window (the confirmation says
    so when the rule applies)."""
    return _missed(now).filter(identification=identification).count()


def no_show_rule_text() -> str:
    """The rule in one sentence, for the confirmation page and its e-mail."""
    if settings.TURNOS_NO_SHOW_LIMIT <= 0:
        return _("Cancelar hasta el día anterior es siempre gratis.")
    return _(
        "Cancelar hasta el día anterior es siempre gratis. Quien no asiste a "
        "%(limit)s turnos en %(days)s días sin cancelarlos puede seguir reservando, "
        "pero en los sorteos participa después de quienes sí asistieron."
    ) % {"limit": settings.TURNOS_NO_SHOW_LIMIT, "days": settings.TURNOS_NO_SHOW_DAYS}
