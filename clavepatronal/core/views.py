from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .constants import OPENING_HOURS_LABEL
from .selectors import database_is_up


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 while the database answers, 503 when it does not."""
    try:
        database_ok = database_is_up()
    except DatabaseError:
        database_ok = False
    return JsonResponse(
        {
            "status": "ok" if database_ok else "error",
            "checks": {"database": "ok" if database_ok else "error"},
        },
        status=200 if database_ok else 503,
    )


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors or database: whatever broke must not break this page too.
    context = {"opening_hours_label": OPENING_HOURS_LABEL}
    return HttpResponse(loader.get_template("500.html").render(context), status=500)
