"""Sessions read from the cache (Redis), kept in the database: ``SESSION_ENGINE`` when
``REDIS_URL`` is set.

Every signed-in request loads its session. From PostgreSQL that is a query a request; from
Redis a round trip that costs a fraction of it. Django's ``cached_db`` store does this, but
with the cache down it breaks requests (it writes a loaded session back to the cache and
deletes from it without catching errors) and, after an outage, a session that was signed out
meanwhile would come back from its old cached copy. This store keeps the database as the
source of truth and treats the cache as something that may fail at any time:

- a session is read from the cache, and from the database on a miss or any cache error;
- a change is written to the database first, then to the cache;
- after a cache error the cache is left alone for ``PAUSE_SECONDS`` (every request would
  otherwise wait for the connection timeout), and the pages keep working from the database;
- a session changed or deleted (signed out) while the cache could not be written is removed
  from the cache as soon as this process reaches it again, and a cached copy lives at most
  ``CACHE_SECONDS`` anyway: an old copy cannot bring a signed-out session back for longer
  than that.

Cache errors are logged once per pause, at WARNING, without session keys.
"""

from __future__ import annotations

import logging

from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

from pusterom.redis_cache import CachePause

logger = logging.getLogger(__name__)

KEY_PREFIX = "pusterom.session:"
# Longest life of a cached copy: a session that is used keeps being read from the cache; one
# changed behind the cache's back (see above) is right again after this long.
CACHE_SECONDS = 5 * 60
# After a cache error, how long requests go straight to the database.
PAUSE_SECONDS = 10.0
# Sessions to remove from the cache once it answers again (bounded: CACHE_SECONDS is the
# backstop).
MAX_PENDING = 10_000

_pending: set[str] = set()
pause = CachePause(
    logger, what="session cache", instead="using the database", seconds=PAUSE_SECONDS
)


def _remember(cache_key: str) -> None:
    """The cache may hold an old copy of this session: remove it when the cache is back."""
    if len(_pending) < MAX_PENDING:
        _pending.add(cache_key)


class SessionStore(cached_db.SessionStore):
    cache_key_prefix = KEY_PREFIX

    def _forget_pending(self) -> bool:
        """Remove what changed while the cache was down; False if the cache is (still) down."""
        if not _pending:
            return True
        keys = list(_pending)
        try:
            self._cache.delete_many(keys)
        except Exception as exc:  # noqa: BLE001 - any cache failure means "use the database"
            pause.failed("delete", exc)
            return False
        _pending.difference_update(keys)
        return True

    def _cache_usable(self) -> bool:
        return pause.available() and self._forget_pending()

    def load(self):
        key = self.cache_key
        data = None
        if self._cache_usable():
            try:
                data = self._cache.get(key)
            except Exception as exc:  # noqa: BLE001
                pause.failed("get", exc)
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if stored is None:
            return {}
        data = self.decode(stored.session_data)
        if pause.available():
            age = min(CACHE_SECONDS, self.get_expiry_age(expiry=stored.expire_date))
            try:
                self._cache.set(key, data, age)
            except Exception as exc:  # noqa: BLE001
                pause.failed("set", exc)
        return data

    def exists(self, session_key):
        if session_key and self._cache_usable():
            try:
                if (self.cache_key_prefix + session_key) in self._cache:
                    return True
            except Exception as exc:  # noqa: BLE001
                pause.failed("get", exc)
        return DatabaseStore.exists(self, session_key)

    def save(self, must_create=False):
        DatabaseStore.save(self, must_create)
        key = self.cache_key
        if self._cache_usable():
            try:
                self._cache.set(key, self._session, min(CACHE_SECONDS, self.get_expiry_age()))
                return
            except Exception as exc:  # noqa: BLE001
                pause.failed("set", exc)
        _remember(key)

    def delete(self, session_key=None):
        DatabaseStore.delete(self, session_key)
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        key = self.cache_key_prefix + session_key
        if self._cache_usable():
            try:
                self._cache.delete(key)
                return
            except Exception as exc:  # noqa: BLE001
                pause.failed("delete", exc)
        _remember(key)
