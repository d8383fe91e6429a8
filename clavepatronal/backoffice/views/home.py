from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..selectors.home import home_counts
from ..selectors.scope import StaffScope
from .common import staff_required


@require_safe
@staff_required()
def home(request: HttpRequest, scope: StaffScope) -> HttpResponse:
    """What waits for me, by role."""
    return render(
        request,
        "backoffice/home.html",
        {"scope": scope, "counts": home_counts(scope=scope)},
    )
