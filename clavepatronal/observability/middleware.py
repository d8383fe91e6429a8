"""HTTP metrics: requests, latency, and database and cache time, by route name."""

import time

from django.urls import Resolver404, resolve

from . import metrics
from .timing import cache_timing_install, request_timed

UNMATCHED = "unmatched"


def route_name(request) -> str:
    """The resolved URL name (`app:name`), never the raw path: "unmatched" when no
    route matches, "unnamed" for a route without a name."""
    match = getattr(request, "resolver_match", None)
    if match is None:  # answered before the URL was resolved (a middleware)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return UNMATCHED
    return match.view_name or "unnamed"


class MetricsMiddleware:
    """Early in MIDDLEWARE (after ClientAddressMiddleware), so it times the rest."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        cache_timing_install()

    def __call__(self, request):
        started = time.perf_counter()
        with request_timed() as times:
            response = self.get_response(request)
        elapsed = time.perf_counter() - started
        route = route_name(request)
        method = request.method if request.method in _METHODS else "other"
        metrics.HTTP_REQUESTS.labels(
            route=route, method=method, status=str(response.status_code)
        ).inc()
        metrics.HTTP_DURATION.labels(route=route, method=method).observe(elapsed)
        metrics.HTTP_DB.labels(route=route).observe(times.db)
        metrics.HTTP_CACHE.labels(route=route).observe(times.cache)
        return response


_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
