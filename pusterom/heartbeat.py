"""Heartbeats: background processes write down when they were last seen working, so
``/health/`` and the container health checks can tell a live worker or beat from a hung one.

- each Celery worker every 30 s from its own timer (``worker:<host name>``; ``pusterom.celery``
  installs the bootstep), so a worker that stopped consuming or died goes stale;
- the beat scheduler on each tick, at most every 30 s (``beat``);
- the reminder dispatcher after each run (``dispatcher``): proof that beat, broker, worker and
  database all worked together.

A heartbeat is one UPDATE (or INSERT the first time) of one small row. Writing one must never
break the process that writes it: failures are logged and skipped.
"""

from __future__ import annotations

import datetime as dt
import logging
import socket

from django.db import IntegrityError, close_old_connections, connection
from django.utils import timezone

from pusterom.models import Heartbeat

logger = logging.getLogger(__name__)

INTERVAL = 30  # seconds between heartbeats of a worker or the beat
WORKER_PREFIX = "worker:"
BEAT = "beat"
DISPATCHER = "dispatcher"
# Names of workers not seen for this long are deleted (containers that are gone).
FORGET_AFTER = dt.timedelta(days=1)


def worker_name(hostname: str | None = None) -> str:
    return WORKER_PREFIX + (hostname or socket.gethostname())


def record(name: str, *, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    if Heartbeat.objects.filter(name=name).update(seen_at=now):
        return
    try:
        Heartbeat.objects.create(name=name, seen_at=now)
    except IntegrityError:  # another process made it first
        Heartbeat.objects.filter(name=name).update(seen_at=now)


def record_safely(name: str) -> None:
    """From a worker's timer or the beat, outside any task: never raises, and closes its
    connection again (the embedded beat forks from the worker; a connection open at that
    moment would be shared by two processes)."""
    own_connection = not connection.in_atomic_block  # (a test's transaction is not ours)
    if own_connection:
        close_old_connections()
    try:
        record(name)
    except Exception:  # noqa: BLE001 - a heartbeat must not stop the process
        logger.warning("heartbeat not written name=%s", name, exc_info=True)
    finally:
        if own_connection:
            connection.close()


def forget_old(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    deleted, _ = Heartbeat.objects.filter(
        name__startswith=WORKER_PREFIX, seen_at__lt=now - FORGET_AFTER
    ).delete()
    return deleted


def ages(*, now: dt.datetime | None = None) -> dict[str, float | None]:
    """Seconds since each part was last seen (None: never): the freshest worker, the beat,
    the dispatcher. One query."""
    now = now or timezone.now()
    seen = dict(Heartbeat.objects.values_list("name", "seen_at"))
    workers = [at for name, at in seen.items() if name.startswith(WORKER_PREFIX)]

    def age(at):
        return None if at is None else round(max(0.0, (now - at).total_seconds()), 1)

    return {
        "worker": age(max(workers, default=None)),
        "beat": age(seen.get(BEAT)),
        "dispatcher": age(seen.get(DISPATCHER)),
    }


def age_of(name: str, *, now: dt.datetime | None = None) -> float | None:
    now = now or timezone.now()
    seen_at = Heartbeat.objects.filter(name=name).values_list("seen_at", flat=True).first()
    return None if seen_at is None else max(0.0, (now - seen_at).total_seconds())
