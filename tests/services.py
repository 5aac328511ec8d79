"""Real services for the suite: Redis and Chromium are used when present.

On a developer's machine a missing service skips the tests that need it, with a reason that
says what to install. CI sets PUSTEROM_REQUIRE_SERVICES=1, which turns such a skip into a
failure, so nothing is silently left out there.
"""

from __future__ import annotations

import os
import shutil
import socket
from urllib.parse import urlsplit

import pytest

REQUIRE = os.environ.get("PUSTEROM_REQUIRE_SERVICES", "").lower() in {"1", "true", "yes"}
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def missing(reason: str):
    if REQUIRE:
        pytest.fail(f"{reason} (PUSTEROM_REQUIRE_SERVICES is set, so this may not be skipped)")
    pytest.skip(reason)


def redis_url() -> str:
    return os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL


def redis_reachable(url: str | None = None) -> bool:
    parts = urlsplit(url or redis_url())
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or 6379), timeout=0.5
        ) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def require_redis() -> str:
    url = redis_url()
    if not redis_reachable(url):
        missing(
            f"Redis is not reachable at {url}: install and start redis-server, or set REDIS_URL"
        )
    return url


def chromium_path() -> str | None:
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
        shutil.which("google-chrome"),
    ):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def require_chromium() -> str:
    path = chromium_path()
    if path is None:
        missing(
            "Chromium is not installed: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH"
        )
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing("Playwright for Python is not installed: run make install")
    return path


def reset_celery_caches():
    """Forget the Celery app's broker connections, queues and result backend, so the next use
    follows what its configuration says now (and later tests do not get an earlier test's)."""
    from pusterom.celery import app

    app._pool = None
    app.amqp._producer_pool = None
    app._local.__dict__.pop("backend", None)
    for cached in ("queues", "router", "default_queue", "default_exchange"):
        app.amqp.__dict__.pop(cached, None)
