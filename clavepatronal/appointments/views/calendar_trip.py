"""Step g in one Redis round trip, where the cache is Redis.

A reload of step g needs four things that each carry a rule: the page's rate limits,
the journey session, the agency's calendar version and the page cached under it.
`CalendarTripMiddleware` fetches them in one script (core.cache.PAGE_TRIP) before
anything else reads the session: the counters are counted, the session's stored
value is handed to the request's session (when sessions live in that same cache),
and the page pointer this session left ("<agency>:<procedure>", under the session
key) says which versions and page to read. The pointer is only a hint: the view
uses what the trip read only when the pointer matches the journey state it decoded
from the session, and otherwise reads the versions again with the right pointer.

The versions here are Redis counters (services.calendar_version), bumped inside the
transaction of every change the calendar shows and again once it commits, and by
any save of an agency or a procedure type: a hit reads no database at all.
"""

import datetime
import hashlib
import re

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from clavepatronal.core.cache import PageTrip, RedisCache
from clavepatronal.core.ratelimits import address_limits, limits_keys, limits_over

from ..services.calendar_version import (
    CALENDAR_CATALOGUE_VERSION_KEY,
    CALENDAR_VERSION_PREFIX,
)

PAGE_PREFIX = "turnos-calendario:"
POINTER_PREFIX = "turnos-paso-g:"
SCHEDULE_TEMPLATE = "appointments/schedule.html"
SESSION_CACHE_ENGINE = "django.contrib.sessions.backends.cache"
# The page limit the schedule view counts (views.common.page_limited).
SCHEDULE_LIMIT_GROUP = "schedule"


def trip_available() -> bool:
    return isinstance(caches["default"], RedisCache)


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def wanted_day(request: HttpRequest) -> datetime.date | None:
    """?dia= as DayForm reads it (strptime "%Y-%m-%d" of the stripped value), without
    building the form: None when absent or not a date. The usual zero-padded value
    takes date.fromisoformat (the same date, a tenth of strptime's time)."""
    value = request.GET.get("dia", "").strip()
    try:
        if ISO_DAY.fullmatch(value):
            return datetime.date.fromisoformat(value)
        return datetime.datetime.strptime(value, "%Y-%m-%d").date() if value else None
    except ValueError:
        return None


def page_suffix(wanted, template: str, confirm_url: str, *shown) -> str:
    """Everything else the page shows: the day asked for, the page, anything
    `shown` the key's versions do not cover, the language and the settings that
    shape the calendar."""
    page = "\n".join(
        str(part)
        for part in (
            wanted or "",
            template,
            confirm_url,
            *shown,
            translation.get_language(),
            settings.TURNOS_LEAD_MINUTES,
            settings.TURNOS_DAYS_AHEAD,
            settings.TURNOS_RELEASE_TIME,
            settings.TURNOS_ALLOCATION_MODE,
        )
    )
    return ":" + hashlib.sha256(page.encode()).hexdigest()[:32]


def page_key(pointer: str, versions: str, suffix: str) -> str:
    """The cached page's key, as PAGE_TRIP builds it."""
    return f"{PAGE_PREFIX}{pointer}:{versions}{suffix}"


def schedule_limits(request: HttpRequest) -> list[tuple[str, str, str]]:
    return address_limits(
        request,
        group=f"turnos-page-{SCHEDULE_LIMIT_GROUP}",
        rate_per_ip=settings.TURNOS_RATE_PAGES_PER_IP,
        rate_per_network=settings.TURNOS_RATE_PAGES_PER_NETWORK,
    )


def _session_cache_key(request: HttpRequest) -> str | None:
    """The session's key in the default cache, when sessions live there."""
    if settings.SESSION_ENGINE != SESSION_CACHE_ENGINE:
        return None
    if settings.SESSION_CACHE_ALIAS != "default":
        return None
    return request.session.cache_key_prefix + request.session.session_key


def page_trip(
    request: HttpRequest,
    *,
    suffix: str,
    limits: list | None = None,
    pointer: str = "",
) -> tuple[PageTrip, bool]:
    """The trip and the limits' verdict; with `pointer`, that pointer is kept for
    the session and used (no session read, no counters unless `limits`)."""
    timeouts, ceilings = limits_keys(limits or [])
    trip = caches["default"].page_trip(
        timeouts=timeouts,
        session_key=None if pointer else _session_cache_key(request),
        pointer_key=POINTER_PREFIX + request.session.session_key,
        pointer=pointer,
        pointer_seconds=settings.SESSION_COOKIE_AGE,
        catalogue_key=CALENDAR_CATALOGUE_VERSION_KEY,
        owner_prefix=CALENDAR_VERSION_PREFIX,
        page_prefix=PAGE_PREFIX,
        page_suffix=suffix,
    )
    return trip, limits_over(trip.counts, ceilings)


class CalendarTripMiddleware:
    """After SessionMiddleware, before anything reads the session: step g's GET
    with a session cookie makes its one trip here (request.calendar_trip)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.path = None
        self.confirm_url = ""

    def _schedule_path(self) -> str:
        """Reversed once (the URLconf is not ready when middleware is built)."""
        if self.path is None:
            try:
                self.confirm_url = reverse("appointments:schedule_confirm")
                self.path = reverse("appointments:schedule")
            except NoReverseMatch:
                self.path = ""
        return self.path

    def __call__(self, request):
        if (
            request.method in ("GET", "HEAD")
            and request.path_info == self._schedule_path()
            and trip_available()
            and request.session.session_key
        ):
            self._trip(request)
        return self.get_response(request)

    def _trip(self, request) -> None:
        suffix = page_suffix(wanted_day(request), SCHEDULE_TEMPLATE, self.confirm_url)
        trip, limited = page_trip(
            request, suffix=suffix, limits=schedule_limits(request)
        )
        if isinstance(trip.session, dict):
            # What SessionStore.load would have read, one trip later.
            request.session._session_cache = trip.session
        request.calendar_trip = trip
        request.calendar_trip_suffix = suffix  # the page it read is this page's
        request.calendar_trip_limited = {SCHEDULE_LIMIT_GROUP: limited}
