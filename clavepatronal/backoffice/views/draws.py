"""Draws (sorteo), for administrators: per agency-day, applications, seats,
winners and the published seed; the mode of each agency is set in the admin."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from clavepatronal.appointments.selectors.draws import agency_mode

from ..constants import REPORTS
from ..selectors.scope import StaffScope, scoped_draws
from .common import staff_required


@require_safe
@staff_required(REPORTS)
def draws(request: HttpRequest, scope: StaffScope) -> HttpResponse:
    page = Paginator(scoped_draws(scope=scope), 50).get_page(request.GET.get("pagina"))
    for draw in page:
        draw.mode_label = agency_mode(draw.agency)
    return render(request, "backoffice/draws.html", {"scope": scope, "page": page})
