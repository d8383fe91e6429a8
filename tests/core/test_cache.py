"""Our Redis cache backend: Django's, reusing one client per connection pool, with
incr in one round trip."""

import pytest
from django.conf import settings
from django.core.cache import cache

from clavepatronal.core.cache import counters_hit

pytestmark = pytest.mark.cache


@pytest.mark.skipif(
    not settings.CACHES["default"]["BACKEND"].endswith("core.cache.RedisCache"),
    reason="sin REDIS_URL la caché es la memoria del proceso",
)
def test_the_redis_cache_reuses_its_client_and_stays_atomic():
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=True) is client
    assert cache.add("contador", 1, 60) is True
    assert cache.add("contador", 1, 60) is False
    assert cache.incr("contador") == 2
    assert cache.incr("contador", 5) == 7
    assert cache.get("contador") == 7
    with pytest.raises(ValueError):
        cache.incr("no-existe")
    assert cache.get("no-existe") is None  # never created without its expiry


def test_counters_hit_counts_each_key_and_gives_a_new_one_its_expiry():
    """One round trip on Redis, add-then-incr on the process's cache: the same
    counts, and a counter never lives without its expiry."""
    assert counters_hit(cache, {"limite-a": 60, "limite-b": 3600}) == {
        "limite-a": 1,
        "limite-b": 1,
    }
    assert counters_hit(cache, {"limite-a": 60, "limite-c": 60}) == {
        "limite-a": 2,
        "limite-c": 1,
    }
    assert cache.get("limite-a") == 2
    cache.delete("limite-a")
    assert counters_hit(cache, {"limite-a": 60}) == {"limite-a": 1}


@pytest.mark.skipif(
    not settings.CACHES["default"]["BACKEND"].endswith("core.cache.RedisCache"),
    reason="sin REDIS_URL la caché es la memoria del proceso",
)
def test_counters_hit_sets_the_expiry_in_redis():
    counters_hit(cache, {"con-caducidad": 120})
    counters_hit(cache, {"con-caducidad": 120})
    client = cache._cache.get_client(write=True)
    key = cache.make_and_validate_key("con-caducidad")
    assert 115 <= client.ttl(key) <= 120
    assert cache.get("con-caducidad") == 2
