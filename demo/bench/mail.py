"""An email backend for the reminder benchmark: it counts messages in Redis and sends none.

Each message is turned into the bytes an SMTP server would receive, as Django's SMTP backend
does, so the worker's cost per email is measured whole; only the network part is left out.
Each batch adds to one counter and stamps the time of the first and the latest delivery,
so the benchmark reads exact times instead of polling for them.
"""

from __future__ import annotations

import email.policy
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
        count = 0
        for message in email_messages:
            message.message(policy=email.policy.SMTP).as_bytes()  # what SMTP would send
            count += 1
        if count:
            now = repr(time.time())
            pipe = _client(self.url).pipeline()
            pipe.incrby(COUNT_KEY, count)
            pipe.setnx(FIRST_KEY, now)
            pipe.set(LAST_KEY, now)
            pipe.execute()
        return count
