"""Cookies, sessions, login lockouts (django-axes), the staff's second factor and
rate limits."""

from datetime import timedelta

from .environment import env
from .framework import CACHES

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "clavepatronal.core.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Signed-in sessions end after this many minutes without a request, and this many
# hours after login whatever the activity (core.middleware).
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=15)
SESSION_MAX_HOURS = env.int("SESSION_MAX_HOURS", default=8)

# django-axes: failed logins per username and, separately, per client IP, counted
# in the database (shared by every app server). After LOGIN_FAILURE_LIMIT failures
# within LOGIN_COOLOFF_MINUTES, logins stop until that many minutes after the last
# counted failure; attempts while locked do not extend it, so the time shown holds.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "clavepatronal.core.errors.lockout"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_VERBOSE = False

# Back office: staff sign in at /backoffice/ingresar/ with password and a TOTP code
# (django-otp); the authenticator app shows OTP_TOTP_ISSUER beside the code.
LOGIN_URL = "backoffice:login"
OTP_TOTP_ISSUER = "IESS Clave Patronal"

# Rate limits count in the default cache: Redis in production, shared by every server.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_VIEW = "clavepatronal.core.errors.too_many_requests"
# django-ratelimit 4.1 predates Django's own Redis backend and warns about it; that
# backend's add/incr are atomic, which is all the counters need.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # Without REDIS_URL (demo, tests) limits count per process; production sets Redis.
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003"]
