"""Django's Redis cache, without building a client object on every call.

Django's RedisCacheClient makes a new `redis.Redis` per operation (about 0.3 ms here,
as much as the round trip itself); a booking makes half a dozen cache calls (session,
rate limits). A `redis.Redis` over a connection pool is thread-safe, so one per pool
is kept and reused. And `incr` is one round trip instead of Django's two (EXISTS,
then INCRBY): a Lua script, atomic in Redis, that adds only to an existing key; each
rate limit django-ratelimit counts calls it on every request. `counters_hit` counts
a request against several rate limits at once: one round trip on Redis (a Lua
script), the same keys and expiries as django-ratelimit's add-then-incr on any other
cache. `page_trip` reads a hot page's limits, session, versions and cached page in
one script (appointments.views.calendar_trip, step g), and `versions_bump` moves
version counters that page keys are built from. Everything else is Django's backend
unchanged.
"""

import time
from typing import NamedTuple

from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisClient

# Django's contract: incr of a missing key raises ValueError (it never creates one
# without its expiry).
INCR_EXISTING = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.call('INCRBY', KEYS[1], ARGV[1])
end
return false
"""

# Each key +1; a key just created gets its expiry (ARGV, in seconds, in KEYS' order).
COUNTERS_HIT = """
local counts = {}
for index, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 then
    redis.call('EXPIRE', key, ARGV[index])
  end
  counts[index] = count
end
return counts
"""


# A hot page's whole read, one round trip: its rate-limit counters (+1, expiry on
# creation), the session's stored value, and, from the page pointer the session
# left (ARGV[n+2], else the pointer key's value, "<owner>:<detail>"), the owner's
# and the catalogue's version counters (seeded when missing) and the page cached
# under them. The pointer only says where to look: the caller checks it against the
# session it decodes.
PAGE_TRIP = """
local n = tonumber(ARGV[1])
local counts = {}
for index = 1, n do
  local count = redis.call('INCR', KEYS[index])
  if count == 1 then
    redis.call('EXPIRE', KEYS[index], ARGV[index + 1])
  end
  counts[index] = count
end
local session = false
if ARGV[n + 2] == '1' then
  session = redis.call('GET', KEYS[n + 1])
end
local pointer = ARGV[n + 3]
if pointer == '' then
  pointer = redis.call('GET', KEYS[n + 2])
  if not pointer then
    return {counts, session, false, false, false}
  end
else
  redis.call('SET', KEYS[n + 2], pointer, 'EX', ARGV[n + 4])
end
local seed = ARGV[n + 5]
redis.call('SET', KEYS[n + 3], seed, 'NX')
local owner = string.match(pointer, '^([^:]+):')
local owner_key = ARGV[n + 6] .. owner
redis.call('SET', owner_key, seed, 'NX')
local versions = redis.call('GET', owner_key) .. ':' .. redis.call('GET', KEYS[n + 3])
local page = redis.call('GET', ARGV[n + 7] .. pointer .. ':' .. versions .. ARGV[n + 8])
return {counts, session, pointer, versions, page}
"""

# Each counter +1; a missing one starts from the seed, never from 0, so a counter
# lost (evicted, flushed) never comes back at a value old pages were keyed by.
VERSIONS_BUMP = """
for _, key in ipairs(KEYS) do
  redis.call('SET', key, ARGV[1], 'NX')
  redis.call('INCR', key)
end
return true
"""


def version_seed() -> int:
    """Above any value a lost counter had reached, unless it was bumped more than
    a thousand times a millisecond since its own seed."""
    return time.time_ns() // 1000


class PageTrip(NamedTuple):
    """What `page_trip` brought back; None where nothing was there."""

    counts: dict[str, int]
    session: object
    pointer: str | None
    versions: str | None
    page: object


class RedisCacheClient(DjangoRedisClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._scripts = {}

    def _script(self, client, source: str):
        """EVALSHA, loaded again by redis-py after a restart."""
        script = self._scripts.get((id(client), source))
        if script is None:
            script = self._scripts[id(client), source] = client.register_script(source)
        return script

    def incr(self, key, delta=1):
        client = self.get_client(key, write=True)
        value = self._script(client, INCR_EXISTING)(keys=[key], args=[delta])
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

    def counters_hit(self, timeouts: dict[str, int]) -> list[int]:
        client = self.get_client(write=True)
        return self._script(client, COUNTERS_HIT)(
            keys=list(timeouts), args=list(timeouts.values())
        )

    def page_trip(self, keys: list, args: list) -> list:
        client = self.get_client(write=True)
        return self._script(client, PAGE_TRIP)(keys=keys, args=args)

    def versions_bump(self, keys: list[str]) -> None:
        client = self.get_client(write=True)
        self._script(client, VERSIONS_BUMP)(keys=keys, args=[version_seed()])

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient

    def counters_hit(self, timeouts: dict[str, int]) -> dict[str, int]:
        keys = {self.make_and_validate_key(key): key for key in timeouts}
        counts = self._cache.counters_hit(
            {made: timeouts[key] for made, key in keys.items()}
        )
        return dict(zip(keys.values(), counts, strict=True))

    def versions_bump(self, keys: list[str]) -> None:
        self._cache.versions_bump([self.make_and_validate_key(key) for key in keys])

    def page_trip(
        self,
        *,
        timeouts: dict[str, int],
        session_key: str | None,
        pointer_key: str,
        pointer: str = "",
        pointer_seconds: int = 0,
        catalogue_key: str,
        owner_prefix: str,
        page_prefix: str,
        page_suffix: str,
    ) -> PageTrip:
        """One round trip (PAGE_TRIP): `session_key` is the session's own cache key
        in this cache (None: sessions live elsewhere); `pointer` sets the page
        pointer instead of reading it. The page's key is `page_prefix`, the
        pointer, ":", the versions (owner's:catalogue's), then `page_suffix`."""
        made = [self.make_and_validate_key(key) for key in timeouts]
        counts, session, found, versions, page = self._cache.page_trip(
            keys=[
                *made,
                self.make_and_validate_key(session_key or "-"),
                self.make_and_validate_key(pointer_key),
                self.make_and_validate_key(catalogue_key),
            ],
            args=[
                len(made),
                *timeouts.values(),
                "1" if session_key else "0",
                pointer,
                pointer_seconds,
                version_seed(),
                self.make_and_validate_key(owner_prefix),
                self.make_and_validate_key(page_prefix),
                page_suffix,
            ],
        )
        loads = self._cache._serializer.loads
        return PageTrip(
            counts=dict(zip(timeouts, counts, strict=True)),
            session=loads(session) if session else None,
            pointer=found.decode() if found else None,
            versions=versions.decode() if versions else None,
            page=loads(page) if page else None,
        )


def counters_hit(cache: BaseCache, timeouts: dict[str, int]) -> dict[str, int]:
    """Add one to each counter, creating a missing one with its expiry (seconds);
    returns the counts. One round trip on our Redis cache; on any other, each key's
    add, then incr when it already existed (django-ratelimit's way)."""
    if isinstance(cache, RedisCache):
        return cache.counters_hit(timeouts)
    counts = {}
    for key, timeout in timeouts.items():
        count = 1
        if not cache.add(key, 1, timeout):
            try:
                count = cache.incr(key)
            except ValueError:  # expired between the two
                cache.add(key, 1, timeout)
        counts[key] = count
    return counts
