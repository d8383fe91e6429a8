from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from clavepatronal.appointments.selectors.capacity import capacity_alerts

from ..constants import REPORTS
from ..selectors.home import home_counts
from ..selectors.scope import StaffScope
from .common import staff_required


@require_safe
@staff_required()
def home(request: HttpRequest, scope: StaffScope) -> HttpResponse:
    """What waits for me, by role; for the administrators, the agencies whose
    seats run out (alertas de capacidad), in their scope."""
    alerts = []
    if scope.has(REPORTS):
        alerts = [
            row
            for row in capacity_alerts(now=timezone.now())
            if scope.all_provinces or row.agency.province_id == scope.province_id
        ]
    return render(
        request,
        "backoffice/home.html",
        {
            "scope": scope,
            "counts": home_counts(scope=scope),
            "capacity": alerts,
            "horizon": settings.TURNOS_CAPACITY_HORIZON_DAYS,
        },
    )
