import logging
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from .selectors import cache_is_up, database_is_up

logger = logging.getLogger(__name__)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    """Declaración de accesibilidad: what is met, what is not yet, how to report a
    barrier."""
    return render(
        request,
        "core/accessibility.html",
        {"contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL},
    )


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 while the database and the cache answer, else 503."""
    checks = {}
    for name, probe in (("database", database_is_up), ("cache", cache_is_up)):
        try:
            checks[name] = "ok" if probe() else "error"
        except Exception:
            logger.exception("Health check: %s did not answer", name)
            checks[name] = "error"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks},
        status=200 if healthy else 503,
    )


@cache
def _favicon() -> bytes:
    return (Path(__file__).parent / "static" / "img" / "favicon.ico").read_bytes()


@cache_control(public=True, max_age=7 * 24 * 60 * 60)
@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers ask for on every site (pages link the SVG one;
    the admin, PDFs and older browsers still ask here)."""
    return HttpResponse(_favicon(), content_type="image/x-icon")
