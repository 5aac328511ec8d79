"""/health/live/ (liveness: the process and the database) and /health/ (status: database,
broker, worker, beat and dispatcher heartbeats, backlogs)."""

import datetime as dt
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from pusterom import health, heartbeat
from pusterom.celery import app as celery_app
from pusterom.models import Heartbeat
from tests import factories


@pytest.fixture(autouse=True)
def fresh_probe():
    health.forget_broker_probe()
    yield
    health.forget_broker_probe()


def beat_all(seconds_ago=5):
    at = timezone.now() - dt.timedelta(seconds=seconds_ago)
    for name in (heartbeat.worker_name("worker-1"), heartbeat.BEAT, heartbeat.DISPATCHER):
        heartbeat.record(name, now=at)


@pytest.fixture
def broker_down():
    saved = celery_app.conf.broker_url
    # Nothing listens on port 9 (discard) here; the connection is refused at once.
    celery_app.conf.broker_url = "redis://127.0.0.1:9/0"
    yield
    celery_app.conf.broker_url = saved


@pytest.fixture
def database_down(monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OSError("database unreachable")

    monkeypatch.setattr("pusterom.health.connection", Unreachable())


def test_it_is_live_when_the_database_answers(client, db):
    response = client.get(reverse("health_live"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_it_is_live_with_the_broker_down(client, db, broker_down):
    assert client.get(reverse("health_live")).status_code == 200


def test_it_is_not_live_without_the_database(client, db, database_down):
    response = client.get(reverse("health_live"))
    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": "down"}


def test_it_reports_every_part_and_its_age(client, db):
    beat_all(seconds_ago=5)
    response = client.get(reverse("health"))
    assert response.status_code == 200, response.json()
    report = response.json()
    assert report["status"] == "ok"
    assert (report["database"], report["broker"]) == ("ok", "ok")
    for part in ("worker", "beat", "dispatcher"):
        assert report[part]["status"] == "ok"
        assert 4 <= report[part]["age_seconds"] <= 60
    assert set(report["backlog"]) == {"reminders", "email"}
    assert report["backlog"]["email"] == {"waiting": 0, "failed_last_day": 0}


def test_it_counts_unsent_reminders(client, db):
    from sessions_log.models import Reminder

    beat_all()
    patient = factories.PatientProfileFactory()
    Reminder.objects.create(
        patient=patient,
        kind="checkin",
        for_date=timezone.localdate(),
        channel="email",
        created_at=timezone.now() - dt.timedelta(minutes=3),
    )
    backlog = client.get(reverse("health")).json()["backlog"]["reminders"]
    assert backlog["unsent"] == 1
    assert 170 <= backlog["oldest_unsent_age"] <= 240


@pytest.mark.parametrize("part", ["worker", "beat", "dispatcher"])
def test_it_answers_503_when_a_heartbeat_is_stale(client, db, part):
    beat_all()
    old = timezone.now() - dt.timedelta(minutes=10)
    Heartbeat.objects.filter(name__startswith={"worker": "worker:"}.get(part, part)).update(
        seen_at=old
    )
    response = client.get(reverse("health"))
    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "degraded"
    assert report[part]["status"] == "stale"
    assert report[part]["age_seconds"] >= 600


def test_it_says_never_seen_when_no_worker_ever_ran(client, db):
    report = client.get(reverse("health")).json()
    assert report["worker"] == {"status": "stale", "age_seconds": None}


def test_it_answers_within_200_ms_with_the_broker_down(client, db, broker_down):
    beat_all()
    timings = []
    for _ in range(3):
        started = time.monotonic()
        response = client.get(reverse("health"))
        timings.append(time.monotonic() - started)
        assert response.status_code == 503
        assert response.json()["broker"] == "down"
        assert response.json()["database"] == "ok"
    assert max(timings) < 0.2, timings


def test_it_answers_within_200_ms_when_the_broker_does_not_answer_at_all(client, db):
    # A host that drops packets (TEST-NET-1, RFC 5737): the probe gives up after 150 ms.
    saved = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://192.0.2.1:6379/0"
    try:
        started = time.monotonic()
        response = client.get(reverse("health"))
        elapsed = time.monotonic() - started
    finally:
        celery_app.conf.broker_url = saved
    assert response.json()["broker"] == "down"
    assert elapsed < 0.2 + 0.05, elapsed  # the probe's timeout plus the page's own queries


def test_it_probes_the_broker_once_in_a_few_seconds(client, db, monkeypatch):
    probes = []
    monkeypatch.setattr(health, "_probe_broker", lambda url: probes.append(url) or True)
    for _ in range(5):
        client.get(reverse("health"))
    assert len(probes) == 1


def test_it_answers_503_when_the_database_is_down(client, db, database_down):
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["database"] == "down"
    assert response.json()["status"] == "down"


def test_it_is_exempt_from_the_https_redirect(client, db, settings):
    # Container health checks call it over plain HTTP inside the network.
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("health_live")).status_code == 200
    assert client.get(reverse("account")).status_code == 301
