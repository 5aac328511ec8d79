"""An email backend for the reminder benchmark: it counts messages in Redis and sends none.

Each batch adds to one counter and stamps the time of the first and the latest delivery,
so the benchmark reads exact times instead of polling for them.
"""

from __future__ import annotations

import time
from functools import cache

import redis
from django.core.mail.backends.base import BaseEmailBackend

COUNT_KEY = "pusterom:bench:delivered"
FIRST_KEY = "pusterom:bench:first_at"
LAST_KEY = "pusterom:bench:last_at"


@cache
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url)


class CountingEmailBackend(BaseEmailBackend):
    def __init__(self, *, url: str, **kwargs):
        super().__init__(**kwargs)
        self.url = url

    def send_messages(self, email_messages) -> int:
        count = len(list(email_messages))
        if count:
            now = repr(time.time())
            pipe = _client(self.url).pipeline()
            pipe.incrby(COUNT_KEY, count)
            pipe.setnx(FIRST_KEY, now)
            pipe.set(LAST_KEY, now)
            pipe.execute()
        return count
