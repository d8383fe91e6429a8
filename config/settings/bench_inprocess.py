"""`make bench-draws` and `make bench-fairness`: in-process benchmarks that call the
services directly, on a throw-away database (SQLite by default, PostgreSQL when
DATABASE_URL names it; bench/inprocess.py creates and drops it).

Background tasks go to the dummy backend: they are enqueued, as in production, but
never run, so what is timed is the draw (or the filing), not the mails and PDFs that
draw_notify sends afterwards in a worker. The secret key is fixed because the draw's
pseudonyms are HMACs of it: the same seeds give the same figures on every run.
"""

from .base import *  # noqa: F403
from .base import VAR_DIR
from .environment import loopback_hosts_only

DEBUG = False
SECRET_KEY = "bench-inprocess-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
DEMO_DATA_ALLOWED = True
ALLOWED_HOSTS = loopback_hosts_only(ALLOWED_HOSTS)  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Nothing leaves the machine: the stand-in SRI is not started (port 9 is closed, so
# a registration gets a quick "not verified", as in the tests).
SRI_BASE_URL = "http://127.0.0.1:9"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}
# Not the test suite's `test_<name>`: a benchmark and the tests may run side by side.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "bench.sqlite3")}  # noqa: F405
else:
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": f"{DATABASES['default']['NAME']}_bench"  # noqa: F405
    }
