"""Heartbeats: the beat writes one as it ticks, the dispatcher after each run; old workers'
are forgotten."""

import datetime as dt

import time_machine
from django.utils import timezone

from pusterom import heartbeat
from pusterom.celery import HeartbeatScheduler
from pusterom.celery import app as celery_app
from pusterom.models import Heartbeat


def test_the_beat_writes_its_heartbeat_as_it_ticks_at_least_every_30_seconds(db, tmp_path):
    scheduler = HeartbeatScheduler(
        app=celery_app, schedule_filename=str(tmp_path / "schedule"), lazy=False
    )
    try:
        wait = scheduler.tick()
        first = Heartbeat.objects.get(name="beat").seen_at
        assert wait <= heartbeat.INTERVAL
        scheduler.tick()  # a tick within 30 s writes nothing more
        assert Heartbeat.objects.get(name="beat").seen_at == first
        scheduler._last_heartbeat -= heartbeat.INTERVAL
        with time_machine.travel(timezone.now() + dt.timedelta(seconds=31)):
            scheduler.tick()
        assert Heartbeat.objects.get(name="beat").seen_at > first
    finally:
        scheduler.close()


def test_the_dispatcher_writes_its_heartbeat(db):
    from sessions_log.reminders import tasks

    tasks.dispatch_reminders()
    age = heartbeat.ages()["dispatcher"]
    assert age is not None and age < 5


def test_ages_give_the_freshest_worker(db):
    now = timezone.now()
    heartbeat.record("worker:a", now=now - dt.timedelta(seconds=100))
    heartbeat.record("worker:b", now=now - dt.timedelta(seconds=10))
    assert heartbeat.ages(now=now) == {"worker": 10.0, "beat": None, "dispatcher": None}


def test_workers_not_seen_for_a_day_are_forgotten(db):
    now = timezone.now()
    heartbeat.record("worker:gone", now=now - dt.timedelta(days=2))
    heartbeat.record("worker:here", now=now)
    heartbeat.record("beat", now=now - dt.timedelta(days=2))
    assert heartbeat.forget_old(now=now) == 1
    assert set(Heartbeat.objects.values_list("name", flat=True)) == {"worker:here", "beat"}


def test_a_heartbeat_that_cannot_be_written_does_not_stop_the_process(db, monkeypatch, caplog):
    def broken(name, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(heartbeat, "record", broken)
    heartbeat.record_safely("beat")
    assert "heartbeat not written" in caplog.text
