"""Signed-in sessions end after a while without requests, and some hours after login
whatever the activity: a session left open on a shared computer does not last."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

from .constants import SESSION_LOGIN_AT_KEY, SESSION_SEEN_AT_KEY


class SessionTimeoutMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request) -> None:
        session = request.session
        now = int(time.time())
        idle = settings.SESSION_IDLE_MINUTES * 60
        login_at = session.get(SESSION_LOGIN_AT_KEY)
        seen_at = session.get(SESSION_SEEN_AT_KEY, now)
        if login_at is None:  # a login that did not stamp the session (admin)
            login_at = session[SESSION_LOGIN_AT_KEY] = now
        if now - seen_at > idle or now - login_at > settings.SESSION_MAX_HOURS * 3600:
            logout(request)  # flushes the session: its key and data are gone
            messages.info(
                request,
                _("Por seguridad, su sesión se cerró. Ingrese de nuevo."),
            )
            return
        session[SESSION_SEEN_AT_KEY] = now
        # The stored session dies too, not only the check: expiry slides with use.
        session.set_expiry(idle)
