"""``make bench-reminders-e2e``: 10,000 due reminders (by default) from the dispatcher through
a real Redis and a real Celery worker to a counting email backend.

What it does (everything it starts is stopped by its pid, and its database dropped, also after
an error or Ctrl-C):

1. creates a PostgreSQL database of its own (``pusterom_bench_<pid>``, as ``make bench``)
   and starts ``redis-server`` on a free local port (no persistence);
2. seeds one centre whose N patients are all due for today's check-in reminder by email.
   The centre's time zone is one where it is early afternoon right now (``Etc/GMT±N``), so
   the worker, which uses the real clock, is outside the quiet hours and on the same local
   date as the dispatcher;
3. starts a Celery worker (prefork, 2 processes: what docker-compose.yml runs) with the
   production settings and ``demo.bench.settings_reminders``, whose only change is the mail
   server: the counting email backend stands in for SMTP behind the outbox;
4. runs the dispatcher in this process, queueing the sends as the scheduled dispatcher does
   (``tasks.queue_sends``: a task per batch of ids), and waits for the counter to reach N.
   The path is the production one: each batch claims its rows, records ``sent_at`` and
   writes the messages to the mail outbox in one transaction, and queues their delivery;
   the delivery task hands them to the counting backend. While it waits, the benchmark
   queues the outbox flush every minute, as beat does.

It prints the dispatcher's time, the time until the last message was delivered (from the
start of the dispatcher run), delivered per second over that time and over the sending
alone, and checks the database: every reminder claimed once and marked sent (``sent_at``),
one outbox message each, every one delivered (its ``sent_at``), none sent twice.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
import time
from pathlib import Path

from demo.bench import runtime

TARGET_SECONDS = 60  # issue 14: all 10,000 within a minute


FLUSH_EVERY = 60.0  # beat's schedule for the outbox flush (CELERY_BEAT_SCHEDULE)


def reminder_api():
    """The reminder code driven here, as (dispatcher, what it queues the sends with). The
    only place that knows where it lives."""
    from sessions_log.reminders.dispatch import dispatch_due
    from sessions_log.reminders.tasks import queue_sends

    return dispatch_due, queue_sends


def daytime_zone(now: dt.datetime, *, hour: float = 13.0) -> str:
    """A fixed-offset zone where the local time at ``now`` is nearest ``hour``."""
    utc = now.astimezone(dt.UTC)
    utc_hour = utc.hour + utc.minute / 60
    offset = min(range(-12, 15), key=lambda o: abs((utc_hour + o) % 24 - hour))
    return "Etc/GMT" if offset == 0 else f"Etc/GMT{-offset:+d}"  # Etc/GMT-3 is UTC+3


def seed_due(*, count: int, now: dt.datetime) -> int:
    """``count`` patients due for today's check-in reminder by email; returns the centre."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from patients.models import PatientProfile
    from pusterom.models import Centre, User

    centre = Centre.objects.create(
        name="Reminder benchmark", region="Benchmark", city="Benchmark", timezone=daytime_zone(now)
    )
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                email=f"patient{i}@bench.pusterom.invalid",
                password=unusable,
                role=User.Role.PATIENT,
                first_name="Bench",
                last_name=str(i),
            )
            for i in range(count)
        ],
        batch_size=2000,
    )
    PatientProfile.objects.bulk_create(
        [
            PatientProfile(
                user=user,
                centre=centre,
                birth_date=dt.date(1960, 5, 17),
                treatment_phase="during",
                reminder_time=dt.time(9),
                reminder_days="1234567",
                email_opt_in=True,
                sms_opt_in=False,
                # Active yesterday: no nudge after a quiet week. No weekly summary either, so
                # that a Monday gives the same count.
                remind_weekly=False,
                last_activity_at=now - dt.timedelta(days=1),
            )
            for user in users
        ],
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return centre.pk


def start_worker(processes: runtime.Processes, *, env: dict, concurrency: int, workdir: Path):
    from pusterom.celery import app

    log = workdir / "worker.log"
    process = processes.start(
        "worker",
        [
            runtime.python(),
            "-m",
            "celery",
            "-A",
            "pusterom",
            "worker",
            "--pool=prefork",
            f"--concurrency={concurrency}",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--hostname=bench@%h",
        ],
        env=env,
        log=log,
    )

    def ready() -> bool:
        if process.poll() is not None:
            raise RuntimeError("the worker stopped:\n" + runtime.tail(log))
        return bool(app.control.ping(timeout=1))

    runtime.wait_until(ready, timeout=90, what="the Celery worker", interval=0.5)
    return process


def run(options) -> int:
    import logging

    import redis

    server = runtime.server_url(options.database_url)
    db_name = f"pusterom_bench_{os.getpid()}"
    redis_port = options.redis_port or runtime.free_port()
    if not runtime.port_is_free(redis_port):
        raise SystemExit(f"port {redis_port} is in use")
    processes = runtime.Processes()
    workdir = Path(tempfile.mkdtemp(prefix="pusterom-bench-reminders-"))
    count = options.reminders
    database_url = runtime.create_database(server, db_name)
    print(f"database {db_name} created", flush=True)
    try:
        runtime.start_redis(processes, port=redis_port, workdir=workdir)
        env = runtime.production_env(
            database_url=database_url,
            REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
            BENCH_COUNTER_URL=f"redis://127.0.0.1:{redis_port}/1",
            DJANGO_SETTINGS_MODULE="demo.bench.settings_reminders",
        )
        os.environ.update(env)
        import django

        django.setup()
        logging.disable(logging.INFO)  # this process's own info lines: one per batch
        from django.core.management import call_command
        from django.utils import timezone

        from demo.bench.mail import COUNT_KEY, FIRST_KEY, LAST_KEY
        from sessions_log.models import Reminder

        counter = redis.Redis(port=redis_port, db=1)
        call_command("migrate", interactive=False, verbosity=0)
        moment = time.monotonic()
        centre_id = seed_due(count=count, now=timezone.now())
        print(f"seeded {count:,} due patients in {time.monotonic() - moment:.1f} s", flush=True)
        worker = start_worker(processes, env=env, concurrency=options.concurrency, workdir=workdir)
        print(f"worker ready (prefork, {options.concurrency} processes)", flush=True)

        dispatch_due, enqueue = reminder_api()
        from pusterom.models import OutgoingEmail
        from pusterom.tasks import flush_outbox

        worker_cpu = runtime.cpu_seconds(worker.pid)
        own_cpu = time.process_time()
        started = time.time()
        result = dispatch_due(enqueue=enqueue, centre_ids=[centre_id])
        dispatched = time.time()
        own_cpu = time.process_time() - own_cpu
        print(
            f"dispatcher: {result.created:,} reminders created and queued in "
            f"{dispatched - started:.1f} s",
            flush=True,
        )
        deadline = time.monotonic() + options.timeout
        next_flush = time.monotonic() + FLUSH_EVERY
        delivered = 0
        while time.monotonic() < deadline:
            delivered = int(counter.get(COUNT_KEY) or 0)
            if delivered >= count:
                break
            if time.monotonic() >= next_flush:
                flush_outbox.delay()
                next_flush += FLUSH_EVERY
            time.sleep(0.05)
        worker_cpu = runtime.cpu_seconds(worker.pid) - worker_cpu
        first_at = float(counter.get(FIRST_KEY) or started)
        last_at = float(counter.get(LAST_KEY) or started)
        total = last_at - started
        # A delivery task records its outbox row's sent_at just after the message is counted.
        with contextlib.suppress(RuntimeError):
            runtime.wait_until(
                lambda: OutgoingEmail.objects.filter(sent_at__isnull=False).count() >= delivered,
                timeout=10,
                what="the outbox to record the last deliveries",
            )
        reminders = Reminder.objects.filter(patient__centre_id=centre_id)
        sent = reminders.filter(sent_at__isnull=False).count()
        claimed_once = reminders.filter(attempts=1, claimed_at__isnull=False).count()
        failed = reminders.exclude(error="").count()
        mails = OutgoingEmail.objects.count()
        mails_sent = OutgoingEmail.objects.filter(sent_at__isnull=False).count()
        recipients = len(
            {r for row in OutgoingEmail.objects.values_list("recipients", flat=True) for r in row}
        )
        lines = [
            f"reminders due:            {count:,}",
            f"created by the dispatcher: {result.created:,} in {dispatched - started:.1f} s",
            f"delivered (counted):       {delivered:,}",
            f"marked sent in the table:  {sent:,} (claimed once: {claimed_once:,}; with an "
            f"error: {failed:,})",
            f"outbox:                    {mails:,} messages to {recipients:,} addresses, "
            f"{mails_sent:,} marked delivered",
            f"first delivery after:      {first_at - started:.1f} s",
            f"last delivery after:       {total:.1f} s (target: all within {TARGET_SECONDS} s)",
            f"delivered per second:      {delivered / total if total > 0 else 0:,.0f} "
            "(from the start of the dispatcher run)",
            f"sending alone:             "
            f"{delivered / (last_at - first_at) if last_at > first_at else 0:,.0f} per second "
            f"(first to last delivery, {options.concurrency} worker processes)",
            f"CPU time:                  dispatcher and queueing {own_cpu:.1f} s, worker "
            f"{worker_cpu:.1f} s ({1000 * worker_cpu / max(delivered, 1):.1f} ms a reminder; "
            "PostgreSQL and Redis not included)",
            f"load average (1 min):      {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs",
        ]
        print("\n".join(lines), flush=True)
        ok = (
            delivered == result.created == count == sent == claimed_once
            and mails == mails_sent == recipients == count
            and not failed
        )
        if delivered < count:
            print(f"gave up after waiting {options.timeout:.0f} s (--timeout) for the sends")
        if not ok:
            print("NOT all delivered exactly once. The worker's log ends:")
            print(runtime.tail(workdir / "worker.log"))
        return 0 if ok else 1
    finally:
        runtime.clean_up(
            processes,
            server=server,
            db_name=db_name,
            workdir=workdir,
            log=lambda line: print(line, flush=True),
        )
