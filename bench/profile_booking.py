"""`python bench/profile_booking.py [N]` — where a booking's time goes, in the
process: N bookings (*Confirmar*, POST /turnos/resumen/) and N bare bookings (one
conditional UPDATE and one INSERT) through Django's test client with `make bench`'s
settings (Redis for cache, sessions and limits), timing the SQL statements (an
execute wrapper), the commits and the Redis commands of each request; the rest is
Python. PostgreSQL when DATABASE_URL names one (its own `<name>_bench`), else SQLite;
Redis from REDIS_URL (default db 13). A profile, not a test: it prints one line,

PROFILE booking db=<vendor> real_ms=… bare_ms=… ratio=… statements=… sql_ms=…
commit_ms=… redis_calls=… redis_ms=… python_ms=…
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.bench"
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/13")
os.environ.setdefault("CLAVEPATRONAL_VAR_DIR", tempfile.mkdtemp(prefix="profile-"))


class Clock:
    """Seconds spent in SQL (and commits) and in Redis during one request."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.sql = self.commit = self.redis = 0.0
        self.statements = self.redis_calls = 0

    def sql_wrapper(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.sql += time.perf_counter() - started
            self.statements += 1


def _redis_timed(clock: Clock) -> None:
    from redis.client import Redis

    original = Redis.execute_command

    def timed(self, *args, **options):
        started = time.perf_counter()
        try:
            return original(self, *args, **options)
        finally:
            clock.redis += time.perf_counter() - started
            clock.redis_calls += 1

    Redis.execute_command = timed


def _commit_timed(clock: Clock) -> None:
    from django.db.backends.base.base import BaseDatabaseWrapper

    original = BaseDatabaseWrapper._commit

    def timed(self):
        started = time.perf_counter()
        try:
            return original(self)
        finally:
            clock.commit += time.perf_counter() - started

    BaseDatabaseWrapper._commit = timed


def _users(count: int):
    from bench.journey import agency_create, bookable_starts, user_prepare

    agency = agency_create(name="Agencia de perfil", capacity=min(count + 10, 30000))
    starts = bookable_starts(agency)
    return agency, [
        user_prepare(number=n + 1, agency=agency, starts_at=starts[n % len(starts)])
        for n in range(count)
    ]


def _as(client, user):
    """One client for every request (a new one loads the middleware again): the
    user's session and CSRF cookies, its address."""
    from django.conf import settings

    client.cookies.clear()
    client.cookies[settings.SESSION_COOKIE_NAME] = user.session_key
    client.cookies[settings.CSRF_COOKIE_NAME] = user.csrf
    client.defaults["HTTP_X_FORWARDED_FOR"] = user.ip
    return client


def main(count: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bench.inprocess import fresh_database

    call_command("collectstatic", interactive=False, verbosity=0)  # its own var dir
    clock = Clock()
    _redis_timed(clock)
    _commit_timed(clock)
    with fresh_database() as vendor:
        _agency, users = _users(count + 5)
        bare_slot = _bare_slot()
        real, bare, parts = [], [], []
        bare_client = Client(SERVER_NAME="127.0.0.1")
        real_client = Client(enforce_csrf_checks=True, SERVER_NAME="127.0.0.1")
        for index, user in enumerate(users):
            client = _as(real_client, user)
            clock.reset()
            with connection.execute_wrapper(clock.sql_wrapper):
                started = time.perf_counter()
                reply = client.post(
                    "/turnos/resumen/", {"csrfmiddlewaretoken": user.csrf}
                )
                took = time.perf_counter() - started
            assert reply.status_code == 302, reply.status_code
            if index >= 5:  # the first few warm the caches
                real.append(took)
                parts.append(
                    (
                        clock.statements,
                        clock.sql,
                        clock.commit,
                        clock.redis_calls,
                        clock.redis,
                    )
                )
            started = time.perf_counter()
            bare_reply = bare_client.post(f"/bench/bare/booking/{bare_slot.pk}/")
            if index >= 5:
                bare.append(time.perf_counter() - started)
            assert bare_reply.status_code == 200
        _print(vendor, real, bare, parts)


def _bare_slot():
    """The bare booking's slot, at an agency of its own."""
    import datetime

    from bench.journey import agency_create, bookable_starts
    from clavepatronal.appointments.models import Slot

    agency = agency_create(name="Agencia de la vista mínima", capacity=1000)
    start = bookable_starts(agency)[0]
    return Slot.objects.create(
        agency=agency,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=agency.slot_minutes),
        capacity=30000,
    )


def _print(vendor, real, bare, parts) -> None:
    def ms(values):
        return statistics.median(values) * 1000

    statements = statistics.median(p[0] for p in parts)
    sql, commit = ms([p[1] for p in parts]), ms([p[2] for p in parts])
    redis_calls = statistics.median(p[3] for p in parts)
    redis = ms([p[4] for p in parts])
    real_ms, bare_ms = ms(real), ms(bare)
    python = real_ms - sql - commit - redis
    print(
        f"PROFILE booking db={vendor} real_ms={real_ms:.2f} bare_ms={bare_ms:.2f} "
        f"ratio={bare_ms / real_ms:.2f} statements={statements:.0f} sql_ms={sql:.2f} "
        f"commit_ms={commit:.2f} redis_calls={redis_calls:.0f} redis_ms={redis:.2f} "
        f"python_ms={python:.2f}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
