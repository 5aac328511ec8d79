"""A task through the real broker and a real worker (Redis, as in production)."""

import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from pusterom.celery import app as celery_app
from pusterom.tasks import health
from tests.services import require_redis, reset_celery_caches

pytestmark = pytest.mark.redis


@pytest.fixture
def redis_broker():
    url = require_redis()
    conf = celery_app.conf
    saved = conf.broker_url, conf.result_backend, conf.task_default_queue, conf.task_always_eager
    conf.broker_url = url
    conf.result_backend = url
    # A queue of its own, so another worker on the same Redis cannot take this test's task.
    conf.task_default_queue = f"pusterom-test-{uuid.uuid4().hex}"
    conf.task_always_eager = False
    reset_celery_caches()
    yield url
    reset_celery_caches()
    conf.broker_url, conf.result_backend, conf.task_default_queue, conf.task_always_eager = saved


def test_it_runs_a_task_on_a_real_worker_through_redis(transactional_db, redis_broker):
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = health.delay()
        assert result.get(timeout=20) == {"worker": "ok", "database": "ok"}


def test_a_running_worker_writes_its_heartbeat(transactional_db, redis_broker):
    from pusterom import heartbeat
    from pusterom.models import Heartbeat

    name = heartbeat.worker_name()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not Heartbeat.objects.filter(name=name).exists():
            time.sleep(0.2)
    seen = Heartbeat.objects.get(name=name).seen_at
    assert (timezone.now() - seen).total_seconds() < 15
