"""Django's Redis cache, keeping its client.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every call, on the
same connection pool. Building one fills a table of about 170 reply handlers, which costs
more than the GET it is made for; the session store calls it on every signed-in request.
This backend builds one client per pool and keeps it. A ``redis.Redis`` on a pool is safe to
share (each command takes a connection from the pool), and Django keeps a cache backend per
thread anyway.

``CachePause``: what a user of a cache that may fail does after an error.
"""

from __future__ import annotations

import logging
import time

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


class CachePause:
    """After a cache error, leave the cache alone for ``seconds`` (every request would
    otherwise wait for the connection timeout) and log it once, at WARNING, with what is done
    instead (``instead``, e.g. "using the database") and no keys or values."""

    def __init__(self, logger: logging.Logger, *, what: str, instead: str, seconds: float):
        self.logger, self.what, self.instead, self.seconds = logger, what, instead, seconds
        self.until = 0.0

    def available(self) -> bool:
        return time.monotonic() >= self.until

    def failed(self, action: str, exc: Exception) -> None:
        self.until = time.monotonic() + self.seconds
        self.logger.warning(
            "%s unavailable (%s: %s); %s for %.0f s",
            self.what,
            action,
            type(exc).__name__,
            self.instead,
            self.seconds,
        )
