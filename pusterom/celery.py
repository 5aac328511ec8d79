"""The Celery app. Configured from Django settings (CELERY_*); the beat schedule is in code.

Besides the app this module holds what every worker and the beat share:
- ``QueueQuietlyTask``, every task's base: queuing never breaks the caller;
- ``WorkerHeartbeat``, a worker bootstep that writes the worker's heartbeat every 30 s from
  the worker's own timer (``pusterom.heartbeat``);
- ``HeartbeatScheduler``, the beat scheduler: the usual file-backed schedule, and the beat's
  heartbeat on each tick (at least every 30 s).
"""

import logging
import os
import time

from celery import Celery, bootsteps
from celery.beat import PersistentScheduler
from celery.contrib.django.task import DjangoTask
from django.db import transaction
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pusterom.settings")

logger = logging.getLogger(__name__)

# After the broker refused a message, stop trying for a while: the work is in the database
# and the reminder dispatcher queues it again once the broker is back.
BROKER_PAUSE_SECONDS = 30
broker_down_until = 0.0


class QueueQuietlyTask(DjangoTask):
    """Every task's base: ``delay_on_commit`` never breaks the caller. When the broker is
    down the publish fails fast (CELERY_BROKER_* settings), is logged, and the web request
    that saved the data still answers normally."""

    def delay_on_commit(self, *args, **kwargs) -> None:
        transaction.on_commit(lambda: self.delay_quietly(*args, **kwargs), robust=True)

    def delay_quietly(self, *args, **kwargs) -> bool:
        global broker_down_until
        if time.monotonic() < broker_down_until:
            return False
        try:
            self.delay(*args, **kwargs)
        except OperationalError:
            broker_down_until = time.monotonic() + BROKER_PAUSE_SECONDS
            logger.warning("broker unavailable, task %s not queued (caught up later)", self.name)
            return False
        return True


class WorkerHeartbeat(bootsteps.StartStopStep):
    """Writes ``worker:<host name>`` every 30 s while the worker runs."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.timer_ref = None

    def start(self, worker):
        from pusterom import heartbeat

        name = heartbeat.worker_name()
        worker.timer.call_after(1, heartbeat.record_safely, (name,))
        self.timer_ref = worker.timer.call_repeatedly(
            heartbeat.INTERVAL, heartbeat.record_safely, (name,), priority=10
        )

    def stop(self, worker):
        if self.timer_ref is not None:
            self.timer_ref.cancel()
            self.timer_ref = None


class HeartbeatScheduler(PersistentScheduler):
    """The default file-backed scheduler, writing the ``beat`` heartbeat as it ticks."""

    _last_heartbeat = 0.0

    def tick(self, *args, **kwargs):
        from pusterom import heartbeat

        now = time.monotonic()
        if now - self._last_heartbeat >= heartbeat.INTERVAL:
            self._last_heartbeat = now
            heartbeat.record_safely(heartbeat.BEAT)
        return min(super().tick(*args, **kwargs), heartbeat.INTERVAL)


app = Celery("pusterom", task_cls=QueueQuietlyTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.steps["worker"].add(WorkerHeartbeat)
app.autodiscover_tasks()
