"""What ``/health/live/`` and ``/health/`` report (views in ``pusterom.views``).

Liveness: the process answers and the database is reachable. Nothing else, so a Redis outage
(during which every page still works) never takes a web server out of service.

Status: the database, the broker, the age of the freshest worker's heartbeat, of the beat's
and of the last reminder dispatcher run (``pusterom.heartbeat``), and backlogs (unsent
reminders, mail waiting in the outbox). The broker probe is cached for a few seconds per
process and has a short timeout, so the endpoint answers within 200 ms even when Redis is
down or unreachable.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string

from pusterom import heartbeat

logger = logging.getLogger(__name__)

BROKER_PROBE_TIMEOUT = 0.15  # seconds; a broker on the same network answers in ~1 ms
BROKER_CACHE_SECONDS = 5.0
# Older than this means stale: the worker writes every 30 s, beat ticks at least every
# 30 s, the dispatcher runs every 60 s.
MAX_AGE = {"worker": 90, "beat": 90, "dispatcher": 180}

_broker_cache: dict[str, tuple[float, bool]] = {}
_broker_lock = threading.Lock()


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True
    except Exception:  # noqa: BLE001 - any failure means "down" here
        logger.warning("health: database unreachable")
        return False


def _probe_redis(url: str) -> bool:
    """PING over a plain socket with a short timeout (redis-py's own retries take longer)."""
    parts = urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or 6379), timeout=BROKER_PROBE_TIMEOUT
        ) as sock:
            sock.settimeout(BROKER_PROBE_TIMEOUT)
            password = parts.password
            if password:
                user = parts.username or "default"
                sock.sendall(_command("AUTH", user, password))
                if not sock.recv(64).startswith(b"+OK"):
                    return False
            sock.sendall(_command("PING"))
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def _command(*words: str) -> bytes:
    parts = [f"*{len(words)}\r\n".encode()]
    for word in words:
        data = word.encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(parts)


def _probe_broker(url: str) -> bool:
    if url.startswith("redis://"):
        return _probe_redis(url)
    if url.startswith("sqla+"):
        # The embedded broker is a file next to the database: up whenever we are.
        return True
    from pusterom.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=0, timeout=BROKER_PROBE_TIMEOUT)
        return True
    except Exception:  # noqa: BLE001
        return False


def broker_ok() -> bool:
    """The broker answered a probe in the last few seconds (cached per process)."""
    from pusterom.celery import app

    url = str(app.conf.broker_url or "")
    now = time.monotonic()
    cached = _broker_cache.get(url)
    if cached and now - cached[0] < BROKER_CACHE_SECONDS:
        return cached[1]
    with _broker_lock:
        ok = _probe_broker(url)
        _broker_cache[url] = (time.monotonic(), ok)
    if not ok:
        logger.warning("health: broker unreachable")
    return ok


def forget_broker_probe() -> None:
    _broker_cache.clear()


def _fresh(age: float | None, limit: float) -> bool:
    return age is not None and age <= limit


def status() -> tuple[bool, dict]:
    """(all ok, the report)."""
    report: dict = {"database": "ok" if database_ok() else "down"}
    report["broker"] = "ok" if broker_ok() else "down"
    if report["database"] == "down":
        report["status"] = "down"
        return False, report
    ages = heartbeat.ages()
    for part, limit in MAX_AGE.items():
        report[part] = {
            "status": "ok" if _fresh(ages[part], limit) else "stale",
            "age_seconds": ages[part],
        }
    report["backlog"] = {
        name: import_string(path)() for name, path in settings.HEALTH_BACKLOGS.items()
    }
    healthy = report["broker"] == "ok" and all(report[part]["status"] == "ok" for part in MAX_AGE)
    report["status"] = "ok" if healthy else "degraded"
    return healthy, report
