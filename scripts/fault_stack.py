"""The stack the fault test (scripts/fault_test.py) runs and what it sends to it: its ports and
database from the environment, the environment of its processes, the processes it starts and
stops (gunicorn, a Celery worker, beats, and a Redis of its own), the PostgreSQL database it
makes again and seeds, and the HTTP requests of the load.

Importing it puts the project on ``sys.path`` (tests.factories seeds the database; Redis is
started by the benchmarks' helper, demo.bench.runtime).
"""

from __future__ import annotations

import datetime as dt
import http.client
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import uuid
import zoneinfo
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from demo.bench import runtime  # noqa: E402 - after the path is set

PY = sys.executable
DATABASE_URL = os.environ.get(
    "FAULT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pusterom_fault"
)
REDIS_PORT = int(os.environ.get("FAULT_REDIS_PORT", "6391"))
WEB_PORT = int(os.environ.get("FAULT_WEB_PORT", "8910"))
LOAD_PATIENTS = 20
REMINDER_PATIENTS = 40
REQUESTS = 1000


def say(text: str = "") -> None:
    print(text, flush=True)


def stack_env(*, smtp_port: int) -> dict[str, str]:
    """The environment of every process of the stack: this one's, with the database, Redis,
    mail server and links of the stack instead of any set before."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "REDIS_URL", "CELERY_", "EMAIL_", "SITE_URL"))
    }
    env.update(
        DEBUG="1",
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/0",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        EMAIL_USE_TLS="0",
        SITE_URL=f"http://127.0.0.1:{WEB_PORT}",
        WEB_CONCURRENCY="3",
    )
    return env


# Processes ------------------------------------------------------------------------------------


class Stack:
    def __init__(self, workdir: Path, env: dict):
        self.workdir = workdir
        self.env = env
        self.processes: dict[str, subprocess.Popen] = {}
        self.redis_server = runtime.Processes()

    def start(self, name: str, args: list[str]) -> None:
        log = open(self.workdir / f"{name}.log", "ab")  # noqa: SIM115 - kept open with the process
        self.processes[name] = subprocess.Popen(
            args,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a process group of its own, stopped by its id
        )

    def stop(self, name: str, sig=signal.SIGTERM, wait: float = 30) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.stop(name)
        self.stop_redis()

    def redis(self) -> None:
        """redis-server on REDIS_PORT without persistence, waited for: the benchmarks' helper
        (demo.bench.runtime), in a process list of its own so that it can stop and start."""
        runtime.start_redis(self.redis_server, port=REDIS_PORT, workdir=self.workdir)

    def stop_redis(self) -> None:
        self.redis_server.stop_all()

    def web(self) -> None:
        self.start(
            "web",
            [
                PY,
                "-m",
                "gunicorn",
                "--config",
                "deploy/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{WEB_PORT}",
                "--workers",
                "3",
                "--access-logfile",
                str(self.workdir / "access.log"),
                "pusterom.wsgi:application",
            ],
        )

    def worker(self) -> None:
        self.start(
            "worker",
            [PY, "-m", "celery", "-A", "pusterom", "worker", "--loglevel=INFO", "--concurrency=2"],
        )

    def beat(self, n: int) -> None:
        schedule = str(self.workdir / f"beat-{n}")
        self.start(
            f"beat{n}",
            [PY, "-m", "celery", "-A", "pusterom", "beat", "--loglevel=INFO", "-s", schedule],
        )


def redis_ping() -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", REDIS_PORT), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def wait_for(condition, seconds: float, message: str, every: float = 0.5):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise SystemExit(f"fault test: {message}")


# The database --------------------------------------------------------------------------------


def recreate_database() -> None:
    import psycopg

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    if "fault" not in name:
        raise SystemExit("fault test: FAULT_DATABASE_URL must name a database of its own (…fault…)")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def daytime_zone() -> str:
    """A time zone where it is daytime now, so reminders fall due whenever this runs."""
    now = dt.datetime.now(dt.UTC)
    for name in sorted(zoneinfo.available_timezones()):
        if name.startswith(("Etc/", "posix", "right", "Factory")):
            continue
        if 10 <= now.astimezone(zoneinfo.ZoneInfo(name)).hour < 17:
            return name
    raise SystemExit("fault test: no time zone in daytime")


def seed():
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from patients.models import PatientProfile
    from pusterom.models import Centre
    from tests import factories

    centre = Centre.objects.create(
        name="Pusterom Fault", region="Test", city="Test", timezone=daytime_zone()
    )
    load = factories.bulk_patients(centre=centre, count=LOAD_PATIENTS, prefix="load")
    due = factories.bulk_patients(centre=centre, count=REMINDER_PATIENTS, prefix="due")
    PatientProfile.objects.filter(centre=centre).update(
        reminders_enabled=False, reminder_time=dt.time(0, 0), reminder_days="1234567"
    )
    PatientProfile.objects.filter(pk__in=[p.pk for p in due]).update(
        remind_recovery=False, remind_inactivity=False, remind_weekly=False
    )
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=p.user, email=p.user.email, verified=True, primary=True)
            for p in load + due
        ]
    )
    cookies = {}
    for patient in load:
        session = SessionStore()
        session[SESSION_KEY] = str(patient.user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = patient.user.get_session_auth_hash()
        session.create()
        cookies[patient.pk] = session.session_key
    return centre, load, due, cookies


# HTTP ----------------------------------------------------------------------------------------

CSRF = secrets.token_hex(16)  # 32 characters, a valid unmasked CSRF secret
_local = threading.local()


def request(method: str, path: str, *, form=None, session: str | None = None):
    """(status, seconds). A fresh connection per thread, kept alive."""
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = _local.conn = http.client.HTTPConnection("127.0.0.1", WEB_PORT, timeout=30)
    cookie = f"csrftoken={CSRF}; pusterom_language=nb"
    if session:
        cookie += f"; sessionid={session}"
    headers = {"Cookie": cookie, "X-CSRFToken": CSRF, "Host": "127.0.0.1"}
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.monotonic()
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, time.monotonic() - started
    except (OSError, http.client.HTTPException):
        _local.conn = None
        return 599, time.monotonic() - started


CHECK_IN = {
    "sleep": "good",
    "energy": "7",
    "nausea": "none",
    "dizziness": "none",
    "pain": "0",
    "sore_from_last": "none",
}


def load_requests(load, cookies, today: dt.date):
    """1,000 POSTs: check-ins and workout forms, one in ten workout forms sent twice."""
    jobs = []
    forms = []
    n = 0
    while len(jobs) < REQUESTS:
        patient = load[n % len(load)]
        session = cookies[patient.pk]
        jobs.append(("checkin", patient.pk, None, "/me/check-in/", CHECK_IN, session))
        form = {
            "client_uuid": str(uuid.uuid4()),
            "activity": "walk",
            "setting": "self",
            "duration_other": "30",
            "rpe": "12",
            "performed_on": today.isoformat(),
        }
        forms.append(form["client_uuid"])
        copies = 2 if n % 10 == 0 else 1
        for _ in range(copies):
            jobs.append(
                ("workout", patient.pk, form["client_uuid"], "/me/workouts/new/", form, session)
            )
        n += 1
    return jobs[:REQUESTS]
