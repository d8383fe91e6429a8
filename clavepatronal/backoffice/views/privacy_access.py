"""Staff views of an employer's data with no trámite or turn behind them, for
administrators: the other side of the employers' «Quién consultó mis datos»."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from clavepatronal.privacy.selectors.access_log import (
    access_rows,
    event_employers,
    staff_access_without_reason,
)

from ..constants import REPORTS
from ..selectors.scope import StaffScope
from .common import staff_required

PAGE_SIZE = 50


@require_safe
@staff_required(REPORTS)
def without_reason(request: HttpRequest, scope: StaffScope) -> HttpResponse:
    page = Paginator(staff_access_without_reason(), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    employers = event_employers(page.object_list)
    rows = [
        (row, employers.get(row.event.pk, "")) for row in access_rows(page.object_list)
    ]
    return render(
        request,
        "backoffice/consultas_sin_motivo.html",
        {"scope": scope, "page": page, "rows": rows},
    )
