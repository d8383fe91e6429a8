"""/salud/vivo/ for the orchestrator, /salud/listo/ for the load balancer
(docs/deploy.md). /salud/ (core) stays as it was, for the scripts that use it."""

from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .health import readiness_checks, readiness_reports


@never_cache
@require_safe
def live(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. No I/O, so a slow database never gets a
    healthy process restarted."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def ready(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 while the database, the cache, the private storage answer
    and the migrations are applied, else 503. The SRI breaker is reported, never
    failing it: registration works without the SRI (the RUC stays unverified)."""
    checks = readiness_checks()
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "error",
            "checks": checks,
            "reports": readiness_reports(),
        },
        status=200 if healthy else 503,
    )


app_name = "health"
urlpatterns = [
    path("vivo/", live, name="live"),
    path("listo/", ready, name="ready"),
]
