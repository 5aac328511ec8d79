"""pusterom.redis_cache: Django's Redis cache with one client per connection pool."""

import uuid

import redis as redis_py

from pusterom.redis_cache import RedisCache
from tests.services import require_redis


def cache_on(url: str) -> RedisCache:
    return RedisCache(url, {"OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}})


def test_it_keeps_one_client_and_stores_as_django_does():
    cache = cache_on(require_redis())
    key = f"test-redis-cache-{uuid.uuid4()}"
    try:
        assert cache.get(key) is None
        cache.set(key, {"a": [1, 2]}, 30)
        assert cache.get(key) == {"a": [1, 2]}
        assert cache.add(key, "other", 30) is False
        assert cache._cache.get_client() is cache._cache.get_client(write=True)
    finally:
        cache.delete(key)
    assert cache.get(key) is None


def test_the_kept_client_reconnects_after_its_connection_is_closed():
    url = require_redis()
    cache = cache_on(url)
    key = f"test-redis-cache-{uuid.uuid4()}"
    cache.set(key, "before", 30)
    pooled = cache._cache.get_client().client_id()  # the one connection in the pool
    try:
        assert redis_py.Redis.from_url(url).client_kill_filter(_id=pooled) == 1

        assert cache.get(key) == "before"  # a new connection from the pool
    finally:
        cache.delete(key)
