"""Time spent in the database and the cache during one request.

Database: `connection.execute_wrapper` on every connection of the request's thread.
Cache: the configured backends' classes get their public calls timed once per
process (cache_timing_install); a call adds its time only while a request is being
timed on that thread or task (a context variable), and a call made inside another
(get_or_set calls get and add) is counted once, by the outer one.
"""

import contextlib
import functools
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import connections
from django.utils.module_loading import import_string

CACHE_METHODS = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "get_or_set",
    "has_key",
    "incr",
    "decr",
    "set_many",
    "delete_many",
    "clear",
)


@dataclass
class RequestTimes:
    db: float = 0.0
    cache: float = 0.0
    cache_depth: int = 0


_current: ContextVar[RequestTimes | None] = ContextVar("request_times", default=None)


def _db_timer(times: RequestTimes):
    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            times.db += time.perf_counter() - started

    return wrapper


@contextlib.contextmanager
def request_timed() -> Iterator[RequestTimes]:
    times = RequestTimes()
    token = _current.set(times)
    try:
        with contextlib.ExitStack() as stack:
            timer = _db_timer(times)
            for alias in connections:
                stack.enter_context(connections[alias].execute_wrapper(timer))
            yield times
    finally:
        _current.reset(token)


def _timed(method):
    @functools.wraps(method)
    def timed(self, *args, **kwargs):
        times = _current.get()
        if times is None or times.cache_depth:
            return method(self, *args, **kwargs)
        times.cache_depth += 1
        started = time.perf_counter()
        try:
            return method(self, *args, **kwargs)
        finally:
            times.cache += time.perf_counter() - started
            times.cache_depth -= 1

    timed.clavepatronal_timed = True
    return timed


def cache_timing_install() -> None:
    """Time the public calls of every configured cache backend's class (once)."""
    for config in settings.CACHES.values():
        backend = import_string(config["BACKEND"])
        for name in CACHE_METHODS:
            method = backend.__dict__.get(name) or getattr(backend, name, None)
            if method is None or getattr(method, "clavepatronal_timed", False):
                continue
            setattr(backend, name, _timed(method))
