"""A cap on guesses per account, from any address.

django-axes locks one account from one address after LOGIN_FAILURE_LIMIT failures,
and each address has its own budget (LOGIN_FAILURES_PER_IP): a program spread over
many networks passes both. Here the failures of one account at one door are counted
from every address within LOGIN_ACCOUNT_WINDOW_MINUTES. From the
LOGIN_ACCOUNT_FAILURES-th on, that account's next attempt from a network it has not
signed in from must wait LOGIN_ACCOUNT_DELAY_SECONDS, doubled with every further
failure, up to LOGIN_ACCOUNT_DELAY_MAX_MINUTES; the page offers ¿Olvidó su clave?.

The owner is not locked out: the networks (IPv4 /24, IPv6 /64) the account signed in
from within LOGIN_ACCOUNT_KNOWN_DAYS do not wait. Counted in the shared cache (Redis
in production) by door and typed username, whether or not such an account exists,
so the answer tells nothing about who is registered.
"""

import datetime
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from .cache import counters_hit
from .ratelimits import client_network

KNOWN_NETWORKS_KEPT = 10


def _key(kind: str, door: str, username: str) -> str:
    account = f"{door}:{username.strip().lower()}".encode()
    return f"guessing:{kind}:{hashlib.sha256(account).hexdigest()}"


def _delay(failures: int) -> datetime.timedelta:
    doublings = min(failures - settings.LOGIN_ACCOUNT_FAILURES, 20)
    seconds = settings.LOGIN_ACCOUNT_DELAY_SECONDS * 2**doublings
    return datetime.timedelta(
        seconds=min(seconds, settings.LOGIN_ACCOUNT_DELAY_MAX_MINUTES * 60)
    )


def account_wait_until(
    request: HttpRequest, *, door: str, username: str
) -> datetime.datetime | None:
    """When this account may be tried again from this request's network, or None
    if it may be now (no wait, or a network the account signed in from)."""
    until = cache.get(_key("until", door, username))
    if until is None or until <= timezone.now().timestamp():
        return None
    known = cache.get(_key("known", door, username)) or []
    if client_network(request) in known:
        return None
    return datetime.datetime.fromtimestamp(until, tz=datetime.UTC)


def account_wait_message(wait: datetime.datetime, *, account: str, advice: str) -> str:
    """What the person reads while this network waits: for which account (as the
    door names it), until when, and where to go instead."""
    return _(
        "Hubo muchos intentos fallidos con %(account)s desde otros lugares. Por "
        "seguridad, desde este equipo podrá intentarlo de nuevo a las %(time)s. "
        "%(advice)s"
    ) % {
        "account": account,
        "time": timezone.localtime(wait).strftime("%H:%M"),
        "advice": advice,
    }


def account_failure_count(request: HttpRequest, *, door: str, username: str) -> None:
    """Count one failed login for this account, from wherever it came."""
    window = settings.LOGIN_ACCOUNT_WINDOW_MINUTES * 60
    failures = counters_hit(cache, {_key("failures", door, username): window})
    failures = next(iter(failures.values()))
    if failures < settings.LOGIN_ACCOUNT_FAILURES:
        return
    delay = _delay(failures)
    until = (timezone.now() + delay).timestamp()
    cache.set(_key("until", door, username), until, int(delay.total_seconds()) + 1)


def account_success_record(request: HttpRequest, *, door: str, username: str) -> None:
    """The owner signed in from this network: it never waits for this account."""
    key = _key("known", door, username)
    network = client_network(request)
    known = [n for n in cache.get(key) or [] if n != network]
    known = [network, *known][:KNOWN_NETWORKS_KEPT]
    cache.set(key, known, settings.LOGIN_ACCOUNT_KNOWN_DAYS * 24 * 3600)
