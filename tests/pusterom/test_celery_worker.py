"""A task through the real broker and a real worker (Redis, as in production)."""

import pytest
from celery.contrib.testing.worker import start_worker

from pusterom.celery import app as celery_app
from pusterom.tasks import health
from tests.services import require_redis

pytestmark = pytest.mark.redis


@pytest.fixture
def redis_broker():
    url = require_redis()
    saved = celery_app.conf.broker_url, celery_app.conf.result_backend
    celery_app.conf.broker_url = url
    celery_app.conf.result_backend = url
    yield url
    celery_app.conf.broker_url, celery_app.conf.result_backend = saved


def test_it_runs_a_task_on_a_real_worker_through_redis(transactional_db, redis_broker):
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = health.delay()
        assert result.get(timeout=20) == {"worker": "ok", "database": "ok"}
