"""The SRI taxpayer lookup: a port, its HTTP adapter and the adapter's safeguards.

The SRI's service is outside our network and outside our control, so every lookup
is bounded: connect and read timeouts, exactly one retry when the connection is
refused or dropped (never after a timeout, so the worst wait is one connect plus
one read timeout), a circuit breaker shared by every worker through the Django
cache, and the answers themselves cached (never a failure).
"""

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

import requests
from django.conf import settings
from django.core.cache import caches

from clavepatronal.observability import record

from .result import (
    MalformedAnswer,
    SriOutcome,
    SriResult,
    SriUnavailableReason,
    answer_element,
    element_result,
    unavailable,
)

logger = logging.getLogger(__name__)

SRI_PATH = (
    "/sri-catastro-sujeto-servicio-internet/rest/ConsolidadoContribuyente/"
    "obtenerPorNumerosRuc"
)
# Sent by the stand-in SRI (standin.py) with every answer: outside demo settings
# (DEMO_DATA_ALLOWED) such an answer is never believed.
STANDIN_HEADER = "X-Sri-Ficticio"
# A connection that failed this soon (refused, reset) is tried once more; one that
# failed later already made the person wait.
RETRY_WITHIN_SECONDS = 0.5
# An answer is a handful of fields; anything this large is not one.
MAX_ANSWER_BYTES = 1024 * 1024
_CACHE_PREFIX = "sri:v1"


class SriPort(Protocol):
    """What the registration needs from the SRI."""

    def taxpayer_by_ruc(self, ruc: str) -> SriResult:
        """What the SRI says about a 13-digit RUC; never raises for its answers."""
        ...


class CircuitBreaker:
    """Consecutive failures, counted in a cache every worker shares.

    Closed: requests go out. After `failures` consecutive failures it opens: no
    request goes out for `cooldown_seconds`. Then it is half-open: one worker wins
    the trial request; its success closes the breaker, its failure opens it again.
    """

    def __init__(
        self,
        *,
        cache,
        name: str,
        failures: int,
        cooldown_seconds: float,
        trial_seconds: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._cache = cache
        self._failures_key = f"{name}:failures"
        self._open_until_key = f"{name}:open_until"
        self._trial_key = f"{name}:trial"
        self._threshold = max(1, failures)
        self._cooldown = cooldown_seconds
        self._trial_seconds = max(1, int(trial_seconds) + 1)
        self._clock = clock

    def state(self) -> str:
        """ "closed", "open" or "half_open"."""
        open_until = self._cache.get(self._open_until_key)
        if open_until is None:
            return "closed"
        return "open" if self._clock() < open_until else "half_open"

    def allow(self) -> bool:
        """Whether this request may go out (in half-open, only the one trial)."""
        state = self.state()
        if state == "closed":
            return True
        if state == "open":
            return False
        return self._cache.add(self._trial_key, 1, timeout=self._trial_seconds)

    def record_success(self) -> None:
        self._cache.delete_many(
            [self._failures_key, self._open_until_key, self._trial_key]
        )

    def record_failure(self) -> None:
        if self._cache.get(self._open_until_key) is not None:
            # A failed trial (or a request that left before the breaker opened).
            self._open()
            return
        self._cache.add(self._failures_key, 0, timeout=None)
        try:
            count = self._cache.incr(self._failures_key)
        except ValueError:  # cleared by a success in between
            count = 1
            self._cache.set(self._failures_key, count, timeout=None)
        if count >= self._threshold:
            self._open()

    def _open(self) -> None:
        self._cache.set(
            self._open_until_key, self._clock() + self._cooldown, timeout=None
        )
        self._cache.delete(self._trial_key)
        logger.warning("SRI circuit breaker open for %s s", self._cooldown)


class SriClient:
    """`SriPort` over HTTP. Every argument left out comes from the SRI_* settings."""

    def __init__(
        self,
        *,
        base_url: str | None = None,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
        cache_seconds: int | None = None,
        cache_seconds_other: int | None = None,
        breaker_failures: int | None = None,
        breaker_cooldown_seconds: float | None = None,
        cache_alias: str = "default",
        clock: Callable[[], float] = time.time,
    ) -> None:
        def pick(value, setting):
            return getattr(settings, setting) if value is None else value

        self.base_url = pick(base_url, "SRI_BASE_URL").rstrip("/")
        self.timeout = (
            pick(connect_timeout, "SRI_CONNECT_TIMEOUT"),
            pick(read_timeout, "SRI_READ_TIMEOUT"),
        )
        self.cache_seconds = pick(cache_seconds, "SRI_CACHE_SECONDS")
        self.cache_seconds_other = pick(cache_seconds_other, "SRI_CACHE_SECONDS_OTHER")
        self.cache = caches[cache_alias]
        self.breaker = CircuitBreaker(
            cache=self.cache,
            name=f"{_CACHE_PREFIX}:breaker",
            failures=pick(breaker_failures, "SRI_BREAKER_FAILURES"),
            cooldown_seconds=pick(
                breaker_cooldown_seconds, "SRI_BREAKER_COOLDOWN_SECONDS"
            ),
            # Two attempts of connect + read at most.
            trial_seconds=2 * sum(self.timeout),
            clock=clock,
        )

    def url(self, ruc: str) -> str:
        # Written as the SRI's own web page asks it, "?&ruc=".
        return f"{self.base_url}{SRI_PATH}?&ruc={ruc}"

    def taxpayer_by_ruc(self, ruc: str) -> SriResult:
        if not (len(ruc) == 13 and ruc.isdigit()):
            raise ValueError("a RUC is 13 digits; validate it before asking the SRI")
        result = self._lookup(ruc)
        record.sri_lookup(
            result=result.outcome, reason=result.reason or "", cached=result.cached
        )
        return result

    def _lookup(self, ruc: str) -> SriResult:
        result = self._cached(ruc)
        if result is not None:
            return result
        if not self.breaker.allow():
            return unavailable(ruc, SriUnavailableReason.BREAKER_OPEN)
        result, element = self._fetch(ruc)
        if result.is_unavailable:
            self.breaker.record_failure()
            logger.warning(
                "SRI lookup not verified: %s %s",
                result.reason,
                result.http_status or "",
            )
        else:
            self.breaker.record_success()
            self._remember(result, element)
        return result

    def forget(self, ruc: str) -> None:
        """Drop the cached answer, so the next lookup asks the SRI again."""
        self.cache.delete(_answer_key(ruc))

    def _fetch(self, ruc: str) -> tuple[SriResult, dict | None]:
        """Ask the SRI once, or twice if the first connection failed at once (a
        refused or reset connection): a person waits at most about connect + read
        timeout, never twice that."""
        started = time.monotonic()
        for attempt in (1, 2):
            try:
                response = requests.get(
                    self.url(ruc),
                    timeout=self.timeout,
                    headers={
                        "Accept": "application/json",
                        "User-Agent": "ClavePatronal-IESS/1.0",
                    },
                    allow_redirects=False,
                )
            except requests.Timeout:
                # Includes a connect timeout: retrying it would double the wait.
                return unavailable(ruc, SriUnavailableReason.TIMEOUT), None
            except requests.ConnectionError:
                if attempt == 1 and time.monotonic() - started < RETRY_WITHIN_SECONDS:
                    continue
                return unavailable(ruc, SriUnavailableReason.CONNECTION), None
            except requests.RequestException:
                return unavailable(ruc, SriUnavailableReason.CONNECTION), None
            if response.headers.get(STANDIN_HEADER) and not settings.DEMO_DATA_ALLOWED:
                logger.error("SRI_BASE_URL answers as the stand-in SRI; ignored")
                return unavailable(ruc, SriUnavailableReason.MALFORMED), None
            return _response_result(ruc, response)
        raise AssertionError("unreachable")

    def _cached(self, ruc: str) -> SriResult | None:
        entry = self.cache.get(_answer_key(ruc))
        if not isinstance(entry, dict):
            return None
        if entry.get("not_found"):
            return SriResult(outcome=SriOutcome.NOT_FOUND, ruc=ruc, cached=True)
        result = element_result(ruc, entry.get("element"))
        if not result.is_found:  # written by an older reader: ask again
            return None
        return replace(result, cached=True)

    def _remember(self, result: SriResult, element: dict | None) -> None:
        """Keep the raw element (not our objects), so a new release reads old
        entries with its own parser."""
        seconds = self.cache_seconds if result.is_active else self.cache_seconds_other
        if seconds <= 0:
            return
        entry = {"element": element} if result.is_found else {"not_found": True}
        self.cache.set(_answer_key(result.ruc), entry, timeout=seconds)


def _answer_key(ruc: str) -> str:
    return f"{_CACHE_PREFIX}:ruc:{ruc}"


def _response_result(
    ruc: str, response: requests.Response
) -> tuple[SriResult, dict | None]:
    """200 with an array (empty: NOT_FOUND) or 204 (NOT_FOUND); anything else,
    404 included, is UNAVAILABLE: a wrong base URL or a moved path answers 404
    too, and reading that as "unknown RUC" would refuse honest employers."""
    if response.status_code == 204:
        return SriResult(outcome=SriOutcome.NOT_FOUND, ruc=ruc), None
    if response.status_code != 200:
        result = unavailable(
            ruc, SriUnavailableReason.HTTP_STATUS, http_status=response.status_code
        )
        return result, None
    body = response.content
    if len(body) > MAX_ANSWER_BYTES:
        return unavailable(ruc, SriUnavailableReason.MALFORMED), None
    try:
        element = answer_element(ruc, body)
    except MalformedAnswer:
        return unavailable(ruc, SriUnavailableReason.MALFORMED), None
    if element is None:
        return SriResult(outcome=SriOutcome.NOT_FOUND, ruc=ruc), None
    return element_result(ruc, element), element


def sri_port() -> SriPort:
    """The SRI as configured (SRI_* settings); what the registration calls."""
    return SriClient()


def sri_breaker_open() -> float:
    """The metric clavepatronal_sri_breaker_open: 1 while the breaker every worker
    shares keeps lookups from going out, 0 otherwise (closed or half-open)."""
    return 1.0 if SriClient().breaker.state() == "open" else 0.0
