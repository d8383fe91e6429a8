"""Cookies, sessions, login lockouts (django-axes), the staff's second factor and
rate limits."""

from datetime import timedelta

from csp.constants import NONE, SELF

from .environment import env
from .framework import CACHES

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "clavepatronal.core.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp) on every response: scripts, styles, images
# and fonts only from our own static files, never inline (the templates have no
# inline script or style, the admin neither); no frames, no plugins, forms post only
# here. Views that serve uploads send their own, stricter policy (sandbox).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        # blob: the ventanilla shrinks a photo in the browser before uploading it
        # (procedures/uploads.js draws the chosen file from an object URL).
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "frame-src": [NONE],
        "object-src": [NONE],
        "base-uri": [NONE],
    }
}
# Permissions-Policy (core.headers): powerful features off everywhere; the back
# office's QR reader (today's turns) turns the camera on for its own page only.
PERMISSIONS_POLICY = {
    "camera": "()",
    "microphone": "()",
    "geolocation": "()",
    "payment": "()",
    "usb": "()",
    "serial": "()",
    "bluetooth": "()",
    "display-capture": "()",
    "browsing-topics": "()",
}

# Signed-in sessions end after this many minutes without a request, and this many
# hours after login whatever the activity (core.middleware).
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=15)
SESSION_MAX_HOURS = env.int("SESSION_MAX_HOURS", default=8)
# No session cookie outlives the longest sign-in (Django's default is two weeks);
# signing in shortens it to the idle time at once (core.sessions.signed_in_start).
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600

# The client's address behind the load balancer (core.client_address): networks of
# the proxies whose X-Forwarded-For is believed, e.g. "10.0.0.0/8,192.168.1.5".
# Empty (the default): REMOTE_ADDR is the client, as without a proxy.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

# django-axes: failed logins per account from one address, counted in the database
# (shared by every app server), apart for the portal and the back office (the door
# goes into the username, core.lockouts). After LOGIN_FAILURE_LIMIT failures within
# LOGIN_COOLOFF_MINUTES, that account stops accepting logins from that address
# until that many minutes after the last counted failure; attempts while locked do
# not extend it, so the time shown holds. Nobody else is locked out.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "clavepatronal.core.lockouts.axes_username"
# An address that fails against many accounts waits (429) after this many failures
# at one door (django-ratelimit syntax), instead of locking everyone out.
LOGIN_FAILURES_PER_IP = env.str("LOGIN_FAILURES_PER_IP", default="30/15m")
# One account from any addresses (core.guessing): from the LOGIN_ACCOUNT_FAILURES-th
# failure within LOGIN_ACCOUNT_WINDOW_MINUTES, a network the account never signed in
# from (within LOGIN_ACCOUNT_KNOWN_DAYS) waits LOGIN_ACCOUNT_DELAY_SECONDS, doubled
# with each further failure up to LOGIN_ACCOUNT_DELAY_MAX_MINUTES.
LOGIN_ACCOUNT_FAILURES = env.int("LOGIN_ACCOUNT_FAILURES", default=10)
LOGIN_ACCOUNT_WINDOW_MINUTES = env.int("LOGIN_ACCOUNT_WINDOW_MINUTES", default=60)
LOGIN_ACCOUNT_DELAY_SECONDS = env.int("LOGIN_ACCOUNT_DELAY_SECONDS", default=60)
LOGIN_ACCOUNT_DELAY_MAX_MINUTES = env.int("LOGIN_ACCOUNT_DELAY_MAX_MINUTES", default=60)
LOGIN_ACCOUNT_KNOWN_DAYS = env.int("LOGIN_ACCOUNT_KNOWN_DAYS", default=90)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "clavepatronal.core.errors.lockout"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_VERBOSE = False

# Back office: staff sign in at /backoffice/ingresar/ with password and a TOTP code
# (django-otp); the authenticator app shows OTP_TOTP_ISSUER beside the code.
LOGIN_URL = "backoffice:login"
OTP_TOTP_ISSUER = "IESS Clave Patronal"
# The admin never shows a device's secret (nor its QR): not even a superuser can
# copy an officer's second factor.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# A staff account sets up its authenticator only through a single-use link mailed to
# it (backoffice.services.staff), valid this many hours.
STAFF_ENROLMENT_HOURS = env.int("STAFF_ENROLMENT_HOURS", default=24)

# Rate limits count in the default cache: Redis in production, shared by every server.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_VIEW = "clavepatronal.core.errors.too_many_requests"
# django-ratelimit 4.1 predates Django's own Redis backend and warns about it; that
# backend's add/incr are atomic, which is all the counters need.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # Without REDIS_URL (demo, tests) limits count per process; production sets Redis.
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003"]
