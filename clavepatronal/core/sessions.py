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


REFUSED_POSTS_KEY = "envios_rechazados"
REFUSED_POSTS_KEEP = 10


def refused_post_keep(session, page: str, value: dict) -> None:
    """What a refused form said, kept for the page the POST redirects to, which
    shows it once. Keyed by that page's path (a draft's own address), so two tabs
    never take each other's; only the newest few are kept."""
    kept = {k: v for k, v in session.get(REFUSED_POSTS_KEY, {}).items() if k != page}
    kept[page] = value
    session[REFUSED_POSTS_KEY] = dict(list(kept.items())[-REFUSED_POSTS_KEEP:])


def refused_post_take(session, page: str) -> dict | None:
    """The refusal kept for `page`, removed: a reload shows the page without it."""
    kept = dict(session.get(REFUSED_POSTS_KEY, {}))
    value = kept.pop(page, None)
    if value is not None:
        session[REFUSED_POSTS_KEY] = kept
    return value
