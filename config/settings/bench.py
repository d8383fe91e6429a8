"""`make bench`: one gunicorn server with the scale-out settings (Redis for cache,
sessions and rate limits; database tasks), on SQLite or PostgreSQL (DATABASE_URL),
plus the bare views of bench/urls.py that exist only here.

Rate limits stay on, counted in Redis. The load generator plays thousands of people,
each from its own address, so the per-IP limit must see that address: it plays the
trusted proxy too, on loopback, and sends each person's address in X-Forwarded-For
(production trusts only its balancer, TRUSTED_PROXIES). Every virtual user books
once, far below its limits.
"""

from .base import *  # noqa: F403
from .environment import loopback_hosts_only
from .scaleout import *  # noqa: F403

DEBUG = False
SECRET_KEY = "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
ROOT_URLCONF = "bench.urls"
# Enqueueing is part of the measured booking; no worker runs during the benchmark
# (in production workers run on their own machines), so queued tasks just wait.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TRUSTED_PROXIES = ["127.0.0.1/32", "::1/128"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
# Never production: the demo CA stands in for the accredited authorities.
DEMO_DATA_ALLOWED = True
ALLOWED_HOSTS = loopback_hosts_only(ALLOWED_HOSTS)  # noqa: F405
# The load generator is one program that plays thousands of people: the counters
# still run (in Redis, as measured), but the per-page and per-network ceilings,
# made to bind such a program, would refuse the measured requests themselves.
TURNOS_RATE_PAGES_PER_IP = "1000000/h"
TURNOS_RATE_PAGES_PER_NETWORK = "1000000/h"
TURNOS_RATE_PER_NETWORK = "1000000/h"
