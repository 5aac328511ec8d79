"""Sessions read from the cache and kept in the database (pusterom.sessions): no session query
on a signed-in page, and every page still works when the cache is down."""

import time

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pusterom import sessions
from tests.services import require_redis

HOME = "sessions_log:home"


class FlakyCache(LocMemCache):
    """A local cache that can be switched off, as Redis goes away; counts what it is asked."""

    down = False
    calls = 0

    def _maybe_fail(self):
        type(self).calls += 1
        if type(self).down:
            raise ConnectionError("Error 111 connecting to redis:6379. Connection refused.")

    def get(self, *args, **kwargs):
        self._maybe_fail()
        return super().get(*args, **kwargs)

    def set(self, *args, **kwargs):
        self._maybe_fail()
        return super().set(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._maybe_fail()
        return super().delete(*args, **kwargs)

    def delete_many(self, *args, **kwargs):
        self._maybe_fail()
        return super().delete_many(*args, **kwargs)

    def has_key(self, *args, **kwargs):
        self._maybe_fail()
        return super().has_key(*args, **kwargs)


@pytest.fixture
def flaky(settings):
    settings.CACHES = {
        **settings.CACHES,
        "sessions": {"BACKEND": f"{__name__}.FlakyCache", "LOCATION": "flaky-sessions"},
    }
    FlakyCache.down = False
    FlakyCache.calls = 0
    yield FlakyCache
    FlakyCache.down = False
    caches["sessions"].clear()


@pytest.fixture(autouse=True)
def _fresh_state():
    sessions.pause.until = 0.0
    sessions._pending.clear()
    yield
    sessions.pause.until = 0.0
    sessions._pending.clear()


def session_queries(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"]]


def test_a_signed_in_page_reads_its_session_from_the_cache(cast, client_for, flaky):
    client = client_for(cast.patient_a)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(HOME))

    assert response.status_code == 200
    assert response.context["patient"] == cast.patient_a
    assert session_queries(queries) == []


def test_a_page_still_works_with_the_cache_down(cast, client_for, flaky):
    client = client_for(cast.patient_a)
    flaky.down = True

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(HOME))

    assert response.status_code == 200
    assert response.context["patient"] == cast.patient_a
    assert len(session_queries(queries)) == 1  # read from the database instead


def test_signing_in_and_out_work_with_the_cache_down(cast, flaky):
    flaky.down = True
    client = Client()
    client.force_login(cast.patient_a.user)
    assert client.get(reverse(HOME)).status_code == 200

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert client.get(reverse(HOME)).status_code == 302  # to the sign-in page


def test_it_leaves_the_cache_alone_for_a_while_after_an_error(cast, client_for, flaky):
    client = client_for(cast.patient_a)
    flaky.down = True
    client.get(reverse(HOME))
    tried = flaky.calls

    for _ in range(3):
        assert client.get(reverse(HOME)).status_code == 200

    assert flaky.calls == tried  # straight to the database during the pause
    sessions.pause.until = time.monotonic()  # the pause is over
    flaky.down = False
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(HOME)).status_code == 200
    assert session_queries(queries) == []  # from the cache again
    assert flaky.calls > tried


def test_a_session_signed_out_while_the_cache_was_down_does_not_come_back(cast, flaky):
    client = Client()
    client.force_login(cast.physio_a)
    cookie = client.cookies["sessionid"].value
    assert client.get(reverse("sessions_log:triage")).status_code == 200  # cached now

    flaky.down = True
    client.post(reverse("account_logout"))  # gone from the database, not from the cache
    flaky.down = False
    sessions.pause.until = time.monotonic()

    other = Client()
    other.cookies["sessionid"] = cookie
    response = other.get(reverse("sessions_log:triage"))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not sessions._pending


def test_a_cached_copy_lives_five_minutes_at_most(cast, client_for, flaky):
    client = client_for(cast.patient_a)
    key = sessions.KEY_PREFIX + client.cookies["sessionid"].value
    cache = caches["sessions"]

    expires = cache._expire_info[cache.make_and_validate_key(key)]

    assert expires <= time.time() + sessions.CACHE_SECONDS + 1
    assert cache.get(key)  # and it is there


def test_a_page_works_when_redis_does_not_answer(cast, client_for, settings):
    """The production cache backend and options, pointed at a port where nothing listens."""
    settings.CACHES = {
        **settings.CACHES,
        "sessions": {
            "BACKEND": "pusterom.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        },
    }
    client = client_for(cast.patient_a)
    started = time.monotonic()

    response = client.get(reverse(HOME))

    assert response.status_code == 200
    assert time.monotonic() - started < 5


def test_sessions_go_to_redis_when_it_is_configured(cast, settings):
    url = require_redis()
    settings.CACHES = {
        **settings.CACHES,
        "sessions": {"BACKEND": "pusterom.redis_cache.RedisCache", "LOCATION": url},
    }
    client = Client()
    client.force_login(cast.patient_a.user)
    key = sessions.KEY_PREFIX + client.cookies["sessionid"].value
    try:
        assert caches["sessions"].get(key)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(HOME)).status_code == 200
        assert session_queries(queries) == []
    finally:
        caches["sessions"].delete(key)
