"""Our Redis cache backend: Django's, reusing one client per connection pool, with
incr in one round trip."""

import pytest
from django.conf import settings
from django.core.cache import cache


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
