"""Short lists a browser's session remembers: what it may open again (registrations,
trámites) and the forms it was given; and the clocks of a signed-in session."""

import time

from django.conf import settings

from .constants import SESSION_LOGIN_AT_KEY, SESSION_SEEN_AT_KEY


def session_list_add(session, key: str, value: str, *, keep: int | None = None) -> None:
    """Add `value` once to the list under `key`; with `keep`, only the newest stay."""
    values = session.get(key, [])
    if value in values:
        return
    values = [*values, value]
    session[key] = values[-keep:] if keep else values


def session_list_remove(session, key: str, value: str) -> None:
    session[key] = [item for item in session.get(key, []) if item != value]


def signed_in_start(request) -> None:
    """Right after login: both clocks start now, and the cookie the login response
    sets lives only the idle time (core.middleware slides it with each request)."""
    now = int(time.time())
    request.session[SESSION_LOGIN_AT_KEY] = now
    request.session[SESSION_SEEN_AT_KEY] = now
    request.session.set_expiry(settings.SESSION_IDLE_MINUTES * 60)
