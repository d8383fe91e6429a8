"""Step g's calendar (and the reschedule page's): the agency's days and hours.

The calendar is what everyone reloads when a day opens, so its HTML is kept in the
shared cache under the agency's calendar version, which every seat change bumps in
its own transaction (services.calendar_version): a reader never gets a calendar
older than the last committed change. What time alone changes (an hour passing its
lead time, midnight, the release, a draw closing) ends an entry at `valid_until`.
The expiry given to the cache only frees memory; correctness never rests on it.
"""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from ..forms import ApplicationForm, DayForm
from ..models import Agency
from ..selectors import (
    calendar_valid_until,
    calendar_version,
    release_next,
    slot_calendar,
)

CALENDAR_TEMPLATE = "appointments/includes/calendar.html"
# Rendered into the cached HTML instead of the person's CSRF token, which is put
# back on every response.
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
    """The page around the calendar; `cached=False` for a page whose calendar
    carries something of one person (the reschedule page's link)."""
    now = timezone.now()
    wanted = DayForm(request.GET).day()
    context = {"confirm_url": confirm_url, "rescheduling": extra.get("rescheduling")}
    if cached:
        html = _calendar_cached(agency, wanted, context, now)
    else:
        html = _calendar_render(agency, wanted, context, now)[0]
    html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return render(
        request,
        template,
        {"agency": agency, "calendar": mark_safe(html), **extra},  # noqa: S308
    )


def _cache_key(agency: Agency, wanted, confirm_url: str) -> str:
    return ":".join(
        str(part)
        for part in (
            "turnos-calendario",
            agency.pk,
            calendar_version(agency),
            wanted or "",
            confirm_url,
            translation.get_language(),
            settings.TURNOS_LEAD_MINUTES,
            settings.TURNOS_DAYS_AHEAD,
            settings.TURNOS_RELEASE_TIME,
            settings.TURNOS_ALLOCATION_MODE,
        )
    )


def _calendar_cached(agency, wanted, context, now: datetime.datetime) -> str:
    # The version is read (with the agency, or here) before the seats are.
    key = _cache_key(agency, wanted, context["confirm_url"])
    entry = cache.get(key)
    if entry is not None and now < entry[0]:
        return entry[1]
    html, valid_until = _calendar_render(agency, wanted, context, now)
    cache.set(key, (valid_until, html), CACHE_SECONDS)
    return html


def _calendar_render(
    agency: Agency, wanted, context: dict, now: datetime.datetime
) -> tuple[str, datetime.datetime]:
    days = slot_calendar(agency=agency, now=now)
    selected = next((d for d in days if d.date == wanted), days[0] if days else None)
    application_form = None
    if selected is not None and selected.takes_applications:
        application_form = ApplicationForm(
            hours=[slot.time_label for slot in selected.slots],
            initial={"dia": selected.date},
        )
    html = render_to_string(
        CALENDAR_TEMPLATE,
        {
            **context,
            "agency": agency,
            "days": days,
            "selected": selected,
            "application_form": application_form,
            "release": release_next(now=now),
            "csrf_token": CSRF_PLACEHOLDER,
        },
    )
    return html, calendar_valid_until(days=days, now=now)
