"""The signature trust store, for administrators: the same table `manage.py
confianza_firmas` prints, with the certificates in use that expire soon first."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from clavepatronal.documents.selectors import trust_table

from ..constants import REPORTS
from ..selectors.scope import StaffScope
from .common import staff_required


@require_safe
@staff_required(REPORTS)
def trust(request: HttpRequest, scope: StaffScope) -> HttpResponse:
    return render(
        request,
        "backoffice/trust.html",
        {"scope": scope, "table": trust_table(now=timezone.now())},
    )
