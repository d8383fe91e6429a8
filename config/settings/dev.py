"""The embedded default: `make run` serves this with gunicorn, as production serves."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env
from .environment import loopback_hosts_only
from .secret import secret_key_from_file

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="") or secret_key_from_file(
    VAR_DIR / "secret_key"
)
DEMO_DATA_ALLOWED = True
ALLOWED_HOSTS = loopback_hosts_only(ALLOWED_HOSTS)  # noqa: F405
# E-mailed links and QR codes follow the port `make run` serves on (PORT), unless
# PUBLIC_BASE_URL names the address people use.
PUBLIC_BASE_URL = env.str(
    "PUBLIC_BASE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}"
).rstrip("/")
# Rate-limit counters must be shared by every gunicorn worker: without Redis, a
# cache in files under var/ (per-process memory would multiply every limit by the
# workers). Its increments are not atomic, so two requests at the same instant may
# count once (django-ratelimit says so, E003): fine for the demo, never production,
# which uses Redis.
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):  # noqa: F405
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
