"""The worker as `make run` starts it: a real `celery worker -B --pool=solo` process on the
embedded SQLite broker and a SQLite database of its own, with the development settings. It
must stay up, run the dispatcher and put a due reminder on its console."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import zoneinfo
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
EMAIL = "kari.embedded@example.no"

SETUP = f"""
from tests import factories
centre = factories.CentreFactory(name="Pusterom Embedded", timezone="{{tz}}")
factories.PatientProfileFactory(
    centre=centre, user__email="{EMAIL}", user__first_name="Kari", user__language="nb",
    remind_recovery=False, remind_inactivity=False, remind_weekly=False,
)
"""


def daytime_zone() -> str:
    """A time zone where it is daytime now, so the reminder is due whenever the test runs
    (nothing is sent in the quiet hours, 21-08 local time)."""
    now = dt.datetime.now(dt.UTC)
    for name in sorted(zoneinfo.available_timezones()):
        if name.startswith(("Etc/", "posix", "right", "Factory")):
            continue
        if 10 <= now.astimezone(zoneinfo.ZoneInfo(name)).hour < 18:
            return name
    raise AssertionError("no time zone in daytime")


@pytest.fixture
def embedded_env(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "REDIS_URL", "CELERY_", "PUSTEROM_", "DJANGO_"))
    }
    env.update(
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CELERY_BROKER_URL=f"sqla+sqlite:///{tmp_path / 'broker.sqlite3'}",
        PYTHONUNBUFFERED="1",
    )
    return env


def run(args, env, timeout=180):
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_it_sends_a_due_reminder_from_a_worker_with_embedded_beat_on_the_embedded_broker(
    tmp_path, embedded_env
):
    run(["manage.py", "migrate", "--noinput"], embedded_env)
    run(["manage.py", "shell", "-c", SETUP.format(tz=daytime_zone())], embedded_env)
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "pusterom",
            "worker",
            "-B",
            "--pool=solo",
            "--loglevel=INFO",
            "--schedule-filename",
            str(tmp_path / "celerybeat-schedule"),
        ],
        cwd=ROOT,
        env=embedded_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(worker.stdout), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and f"Email to: {EMAIL}" not in "".join(output):
            assert worker.poll() is None, "the worker stopped:\n" + "".join(output)
            time.sleep(0.5)
        text = "".join(output)
        assert f"Email to: {EMAIL}" in text, text
        assert "Subject: Tid for dagens innsjekk" in text
        assert "Hei, Kari!" in text
        time.sleep(3)  # still alive a moment later, and nothing went wrong
        assert worker.poll() is None, text
        assert "Traceback" not in "".join(output), "".join(output)
        with sqlite3.connect(tmp_path / "db.sqlite3") as db:
            names = {name for (name,) in db.execute("SELECT name FROM pusterom_heartbeat")}
            sent = db.execute(
                "SELECT count(*) FROM sessions_log_reminder WHERE sent_at IS NOT NULL"
            ).fetchone()[0]
        assert {"beat", "dispatcher"} <= names
        assert any(name.startswith("worker:") for name in names)
        assert sent == 1
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
