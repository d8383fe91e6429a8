from django.utils import timezone

from clavepatronal.appointments.constants import TurnStatus
from clavepatronal.employers.constants import PowerStatus
from clavepatronal.procedures.constants import TramiteStatus

from ..constants import DESK, REVIEW, STAMP
from .desk import turns_by_hour
from .scope import StaffScope, scoped_powers, scoped_tramites


def home_counts(*, scope: StaffScope) -> dict[str, int]:
    """The numbers on the back-office home, only for the roles the account has."""
    counts = {}
    if scope.has(REVIEW):
        waiting = scoped_tramites(scope=scope).filter(
            status__in=[TramiteStatus.RECIBIDO, TramiteStatus.CORREGIDO]
        )
        counts["tramites_waiting"] = waiting.count()
        counts["tramites_mine"] = (
            scoped_tramites(scope=scope)
            .filter(status=TramiteStatus.EN_REVISION, assigned_to=scope.user)
            .count()
        )
    if scope.has(DESK):
        turns = [
            t
            for _hour, group in turns_by_hour(scope=scope, day=timezone.localdate())
            for t in group
        ]
        counts["turns_today"] = len(turns)
        counts["turns_waiting"] = sum(t.status == TurnStatus.RESERVADO for t in turns)
    if scope.has(STAMP):
        counts["powers_pending"] = (
            scoped_powers(scope=scope).filter(status=PowerStatus.PENDIENTE).count()
        )
    return counts
