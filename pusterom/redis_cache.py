"""Django's Redis cache, keeping its client.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every call, on the
same connection pool. Building one fills a table of about 170 reply handlers, which costs
more than the GET it is made for; the session store calls it on every signed-in request.
This backend builds one client per pool and keeps it. A ``redis.Redis`` on a pool is safe to
share (each command takes a connection from the pool), and Django keeps a cache backend per
thread anyway.
"""

from __future__ import annotations

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
