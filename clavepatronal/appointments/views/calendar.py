"""Step g's calendar (and the reschedule page's): the agency's days and hours.

Step g is what everyone reloads when a day opens, so the page is kept in the shared
cache under the agency's calendar version, which every change of a seat, a closure
or the agency bumps in its own transaction (services.calendar_version): a reader
never gets a calendar older than the last committed change. What time alone changes
(an hour passing its lead time, midnight, the release, a draw closing) ends an entry
at its `valid_until`. The expiry given to the cache only frees memory; correctness
never rests on it. Nothing of one person is in a cached page: their CSRF token is
put back on every response, and a page with messages for them is not cached.
"""

import datetime

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from ..forms import ApplicationForm, DayForm
from ..models import Agency
from ..selectors import (
    CalendarStamp,
    calendar_stamp,
    calendar_valid_until,
    release_next,
    slot_calendar,
)
from .calendar_trip import page_key, page_suffix, page_trip, trip_available, wanted_day
from .common import selection_get

# Rendered into the cached page instead of the person's CSRF token.
CSRF_PLACEHOLDER = "csrf0placeholder0calendar"
CACHE_SECONDS = 600  # memory only: entries are found by version and valid_until


def calendar_page(
    request: HttpRequest,
    *,
    agency: Agency,
    confirm_url: str,
    template: str,
    extra: dict,
) -> HttpResponse:
    """The calendar computed for this request (the reschedule page, which shows the
    person's turn and link; a step g page with messages for the person)."""
    wanted = DayForm(request.GET).day()
    context, _valid_until = _calendar_context(agency, wanted, timezone.now())
    return render(request, template, {**context, "confirm_url": confirm_url, **extra})


def schedule_page(
    request: HttpRequest, *, state: dict, confirm_url: str, template: str
) -> HttpResponse:
    """Step g: from the cache when it holds the page at the agency's current
    version, else computed and kept. Where the cache is Redis, versions and page
    come with the request's one trip (views.calendar_trip)."""
    if trip_available() and request.session.session_key:
        return _schedule_page_trip(request, state, confirm_url, template)
    stamp = calendar_stamp(
        agency_id=state["agency_id"], procedure_type_id=state["procedure_type_id"]
    )
    if stamp is None:
        raise Http404
    if len(messages.get_messages(request)):
        return _schedule_page_computed(request, state, confirm_url, template)
    now = timezone.now()
    wanted = DayForm(request.GET).day()
    # The version was read above, before the seats are (on a miss, below).
    key = _cache_key(state["agency_id"], stamp, wanted, template, confirm_url)
    entry = cache.get(key)
    if entry is None or now >= entry[0]:
        entry = _entry_compute(request, state, wanted, now, template, confirm_url)
        cache.set(key, entry, CACHE_SECONDS)
    return HttpResponse(entry[1].replace(CSRF_PLACEHOLDER, get_token(request)))


def _schedule_page_trip(request, state, confirm_url, template) -> HttpResponse:
    """Step g where the cache is Redis: the page kept under the pointer
    "<agency>:<procedure>" and the versions the trip read; a pointer that is not
    this journey's (or none yet) is set and read again, in one more trip."""
    if len(messages.get_messages(request)):
        return _schedule_page_computed(request, state, confirm_url, template)
    wanted = wanted_day(request)
    suffix = page_suffix(wanted, template, confirm_url)
    pointer = f"{int(state['agency_id'])}:{int(state['procedure_type_id'])}"
    trip = getattr(request, "calendar_trip", None)
    if (
        trip is None
        or trip.pointer != pointer
        or trip.versions is None
        or getattr(request, "calendar_trip_suffix", None) != suffix
    ):
        trip, _limited = page_trip(request, suffix=suffix, pointer=pointer)
    now = timezone.now()
    entry = trip.page
    if entry is None or now >= entry[0]:
        entry = _entry_compute(request, state, wanted, now, template, confirm_url)
        cache.set(page_key(pointer, trip.versions, suffix), entry, CACHE_SECONDS)
    return HttpResponse(entry[1].replace(CSRF_PLACEHOLDER, get_token(request)))


def _entry_compute(request, state, wanted, now, template, confirm_url) -> tuple:
    """The page with a placeholder for the CSRF token, and until when it holds;
    404 when the agency is not active or the procedure is gone."""
    agency, procedure_type = selection_get(state)
    context, valid_until = _calendar_context(agency, wanted, now)
    html = render_to_string(
        template,
        {
            **context,
            "confirm_url": confirm_url,
            "procedure_type": procedure_type,
            "csrf_token": CSRF_PLACEHOLDER,
        },
        request,
    )
    return (valid_until, html)


def _schedule_page_computed(request, state, confirm_url, template) -> HttpResponse:
    """For this person only (not cached): after *Confirmar* found no seat left
    ("sin_lugar"), the page also offers the waiting list."""
    agency, procedure_type = selection_get(state)
    return calendar_page(
        request,
        agency=agency,
        confirm_url=confirm_url,
        template=template,
        extra={
            "procedure_type": procedure_type,
            "waitlist_suggested": bool(state.get("sin_lugar")),
        },
    )


def _cache_key(
    agency_id: int, stamp: CalendarStamp, wanted, template: str, confirm_url: str
) -> str:
    """The agency at its version, then everything else the page shows, its
    procedure's name included (page_suffix)."""
    suffix = page_suffix(wanted, template, confirm_url, stamp.procedure_name)
    return f"turnos-calendario:{agency_id}:{stamp.version}{suffix}"


def _calendar_context(
    agency: Agency, wanted, now: datetime.datetime
) -> tuple[dict, datetime.datetime]:
    days = slot_calendar(agency=agency, now=now)
    selected = next((d for d in days if d.date == wanted), days[0] if days else None)
    application_form = None
    if selected is not None and selected.takes_applications:
        application_form = ApplicationForm(
            hours=[slot.time_label for slot in selected.slots],
            initial={"dia": selected.date},
        )
    context = {
        "agency": agency,
        "days": days,
        "selected": selected,
        "application_form": application_form,
        "release": release_next(now=now),
    }
    return context, calendar_valid_until(days=days, now=now)
