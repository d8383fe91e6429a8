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
import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ..forms import ApplicationForm, DayForm
from ..models import Agency
from ..selectors import (
    calendar_valid_until,
    calendar_version,
    release_next,
    slot_calendar,
)

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
    cached: bool = True,
) -> HttpResponse:
    """`cached=False` for a page that shows something of one person (the
    reschedule page: the turn and its link)."""
    now = timezone.now()
    wanted = DayForm(request.GET).day()
    if not cached or len(messages.get_messages(request)):
        context, _valid_until = _calendar_context(agency, wanted, now)
        return render(
            request, template, {**context, "confirm_url": confirm_url, **extra}
        )
    key = _cache_key(agency, wanted, template, confirm_url, extra)
    entry = cache.get(key)
    if entry is None or now >= entry[0]:
        context, valid_until = _calendar_context(agency, wanted, now)
        html = render_to_string(
            template,
            {
                **context,
                "confirm_url": confirm_url,
                **extra,
                "csrf_token": CSRF_PLACEHOLDER,
            },
            request,
        )
        entry = (valid_until, html)
        cache.set(key, entry, CACHE_SECONDS)
    return HttpResponse(entry[1].replace(CSRF_PLACEHOLDER, get_token(request)))


def _cache_key(agency: Agency, wanted, template: str, confirm_url: str, extra) -> str:
    """Everything the page shows: the agency at its version, the day asked for, the
    page, its procedure, the language, and the settings that shape the calendar."""
    procedure_type = extra["procedure_type"]
    page = "\n".join(
        str(part)
        for part in (
            wanted or "",
            template,
            confirm_url,
            procedure_type.pk,
            procedure_type.name,
            translation.get_language(),
            settings.TURNOS_LEAD_MINUTES,
            settings.TURNOS_DAYS_AHEAD,
            settings.TURNOS_RELEASE_TIME,
            settings.TURNOS_ALLOCATION_MODE,
        )
    )
    digest = hashlib.sha256(page.encode()).hexdigest()[:32]
    return f"turnos-calendario:{agency.pk}:{calendar_version(agency)}:{digest}"


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
