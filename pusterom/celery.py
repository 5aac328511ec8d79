"""The Celery app. Configured from Django settings (CELERY_*); the beat schedule is in code."""

import logging
import os
import time

from celery import Celery
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


app = Celery("pusterom", task_cls=QueueQuietlyTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
