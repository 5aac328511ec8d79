"""Fault test: the production-like stack under faults, with the figures that matter.

    make fault-test        (not part of make test; takes about 8 minutes)

It runs against PostgreSQL (FAULT_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
pusterom_fault: a database of its own, dropped and made again; its name must contain "fault")
and starts everything else itself: a Redis on its own port (FAULT_REDIS_PORT, 6391), an SMTP
server (tests/smtp.py) on a free port, gunicorn with deploy/gunicorn.conf.py (FAULT_WEB_PORT,
8910), one Celery worker (prefork, 2 processes) and TWO beats (a second beat must not cause
duplicates). Then:

1. Worker killed mid-send: 8 password resets while the mail server is slow to take each
   message (2 s); the worker is killed with SIGKILL while sends are in flight and started
   again. Claims left behind are taken up again after 5 minutes (pusterom.outbox). (A kill in
   the milliseconds after the server took a message and before the row was marked sent
   would send that one twice: the duplicate window pusterom.outbox states.)
2. Redis and the mail server stopped under load: 1,000 check-in and workout POSTs (one in ten
   workout forms sent twice, as a double tap), 8 password resets, /health/ and /health/live/,
   while 40 patients' check-in reminders fall due. Redis stays down at least 25 s.
3. Redis and the mail server back: how long until every reminder and every email is out.

It prints requests sent, responses by class (5xx must be 0), records accepted vs saved,
duplicates (records and emails by Message-ID), reminders created vs sent after the broker
returned, and the catch-up times; it exits 1 when a target is missed (0 5xx while only Redis
is down, 0 lost, 0 duplicates, catch-up under 6 minutes).

The stack, the database and seed, and the load's requests are in scripts/fault_stack.py.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zoneinfo
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from fault_stack import (
    PY,
    REDIS_PORT,
    ROOT,
    WEB_PORT,
    Stack,
    load_requests,
    recreate_database,
    redis_ping,
    request,
    say,
    seed,
    stack_env,
    wait_for,
)

from tests.smtp import SmtpSink  # the project is on sys.path: fault_stack put it there

RESETS = 8
OUTAGE_AT_LEAST = 25.0
CATCH_UP_TARGET = 360.0
GIVE_UP_AFTER = 540.0


# The run ----------------------------------------------------------------------------------------


def _stop(signum, frame):
    raise SystemExit(f"fault test: stopped by signal {signum}")


def main() -> int:
    # Stop cleanly (the finally below stops what was started) on Ctrl-C or SIGTERM, also when
    # started in the background, where SIGINT would otherwise be ignored.
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    if not shutil.which("redis-server"):
        raise SystemExit("fault test: redis-server is not installed")
    if redis_ping():
        raise SystemExit(f"fault test: something already listens on port {REDIS_PORT}")
    workdir = Path(tempfile.mkdtemp(prefix="pusterom-fault-"))
    sink = SmtpSink().start()
    env = stack_env(smtp_port=sink.port)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "pusterom.settings"
    say(f"Fault test: logs in {workdir}")
    recreate_database()
    subprocess.run(
        [PY, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    import django

    django.setup()
    from django.db import connection

    from patients.models import PatientProfile
    from pusterom.models import OutgoingEmail
    from sessions_log.models import CheckIn, Reminder, WorkoutSession

    centre, load, due, cookies = seed()
    today = dt.datetime.now(zoneinfo.ZoneInfo(centre.timezone)).date()
    stack = Stack(workdir, env)
    results: dict = {}
    try:
        stack.redis()
        stack.web()
        stack.worker()
        stack.beat(1)
        stack.beat(2)
        wait_for(
            lambda: request("GET", "/health/")[0] == 200, 120, "the stack did not become healthy"
        )
        say(
            f"Stack up: gunicorn :{WEB_PORT}, Redis :{REDIS_PORT}, SMTP :{sink.port}, 1 worker, 2 beats"
        )

        # 1. Worker killed mid-send ----------------------------------------------------------
        sink.delay = 2.0
        reset_users = [p.user.email for p in load[:RESETS]]
        codes = [
            request("POST", "/accounts/password/reset/", form={"email": e})[0] for e in reset_users
        ]
        wait_for(lambda: sink.messages, 30, "no mail went out before the kill", every=0.1)
        time.sleep(1.0)  # the next sends are on their way
        connection.close()
        claimed = OutgoingEmail.objects.filter(
            claimed_at__isnull=False, sent_at__isnull=True
        ).count()
        killed_at = time.time()
        stack.stop("worker", sig=signal.SIGKILL)
        sink.delay = 0.0
        stack.worker()
        results["kill"] = {"resets": codes, "in_flight": claimed, "killed_at": killed_at}
        say(
            f"1. Worker killed with SIGKILL during the sends ({claimed} claimed, not sent); started again"
        )

        # 2. Redis and the mail server down, under load ----------------------------------------
        stack.stop_redis()
        sink.stop()
        down_at = time.time()
        PatientProfile.objects.filter(pk__in=[p.pk for p in due]).update(reminders_enabled=True)
        jobs = load_requests(load, cookies, today)
        statuses: Counter = Counter()
        accepted_checkins, accepted_forms = set(), set()
        slowest = 0.0

        def run(job):
            kind, patient_id, form_id, path, form, session = job
            status, took = request("POST", path, form=form, session=session)
            return kind, patient_id, form_id, status, took

        with ThreadPoolExecutor(max_workers=8) as pool:
            for kind, patient_id, form_id, status, took in pool.map(run, jobs):
                statuses[status // 100 * 100] += 1
                slowest = max(slowest, took)
                if status in (200, 302):
                    if kind == "checkin":
                        accepted_checkins.add(patient_id)
                    else:
                        accepted_forms.add(form_id)
        load_done = time.time()
        health = [request("GET", "/health/") for _ in range(5)]
        live = [request("GET", "/health/live/") for _ in range(5)]
        outage_resets = [
            request("POST", "/accounts/password/reset/", form={"email": p.user.email})[0]
            for p in load[RESETS : 2 * RESETS]
        ]
        time.sleep(max(0.0, OUTAGE_AT_LEAST - (time.time() - down_at)))
        stack.redis()
        sink.start()
        up_at = time.time()
        say(f"2. Redis and the mail server down for {up_at - down_at:.0f} s under load; back up")

        # 3. Catch-up ------------------------------------------------------------------------------
        due_addresses = {p.user.email for p in due}
        reset_addresses = {p.user.email for p in load[: 2 * RESETS]}

        def received_by(addresses):
            return {r for m in sink.messages for r in m.recipients if r in addresses}

        def all_out():
            connection.close()
            return (
                received_by(due_addresses) == due_addresses
                and received_by(reset_addresses) == reset_addresses
                and not OutgoingEmail.objects.filter(
                    sent_at__isnull=True, failed_at__isnull=True
                ).exists()
            )

        started_waiting = time.time()
        while not all_out() and time.time() - started_waiting < GIVE_UP_AFTER:
            time.sleep(2)
        connection.close()

        def last_arrival(addresses, since):
            times = [m.received_at for m in sink.messages if set(m.recipients) & addresses]
            return (max(times) - since) if times else None

        message_ids = Counter(
            email.message_from_bytes(m.data, policy=email.policy.default)["Message-ID"]
            for m in sink.messages
        )
        per_due_address = Counter(
            r for m in sink.messages for r in m.recipients if r in due_addresses
        )
        saved_checkins = set(
            CheckIn.objects.filter(patient__centre=centre, date=today).values_list(
                "patient_id", flat=True
            )
        )
        checkin_rows = CheckIn.objects.filter(patient__centre=centre, date=today).count()
        saved_forms = {
            str(u)
            for u in WorkoutSession.objects.filter(patient__centre=centre).values_list(
                "client_uuid", flat=True
            )
        }
        workout_rows = WorkoutSession.objects.filter(patient__centre=centre).count()
        reminders = Reminder.objects.filter(patient__centre=centre)
        created_after = reminders.filter(
            created_at__gte=dt.datetime.fromtimestamp(up_at, dt.UTC)
        ).count()
        results.update(
            statuses=statuses,
            slowest=slowest,
            load_seconds=load_done - down_at,
            health=health,
            live=live,
            outage_resets=outage_resets,
            checkins=(
                len(accepted_checkins),
                len(saved_checkins & accepted_checkins),
                checkin_rows,
            ),
            workouts=(len(accepted_forms), len(saved_forms & accepted_forms), workout_rows),
            reminders=(
                reminders.count(),
                created_after,
                reminders.filter(sent_at__isnull=False).count(),
            ),
            reminder_catch_up=last_arrival(due_addresses, up_at),
            reset_catch_up=last_arrival({p.user.email for p in load[RESETS : 2 * RESETS]}, up_at),
            kill_recovery=last_arrival({p.user.email for p in load[:RESETS]}, killed_at),
            kill_delivered=len(received_by({p.user.email for p in load[:RESETS]})),
            outage_delivered=len(received_by({p.user.email for p in load[RESETS : 2 * RESETS]})),
            email_duplicates=sum(n - 1 for n in message_ids.values()),
            reminder_email_duplicates=sum(n - 1 for n in per_due_address.values()),
            emails=len(sink.messages),
            down=up_at - down_at,
        )
    finally:
        stack.stop_all()
        sink.stop()
    return report(results)


def report(r: dict) -> int:
    statuses = r["statuses"]
    sent = sum(statuses.values())
    five = statuses.get(500, 0)
    c_acc, c_saved, c_rows = r["checkins"]
    w_acc, w_saved, w_rows = r["workouts"]
    rem_total, rem_after, rem_sent = r["reminders"]
    health_codes = sorted({code for code, _ in r["health"]})
    health_slowest = max(took for _, took in r["health"]) * 1000
    live_codes = sorted({code for code, _ in r["live"]})
    kill = r["kill"]
    accepted_resets = r["outage_resets"].count(302)
    lost = (c_acc - c_saved) + (w_acc - w_saved) + (rem_total - rem_sent)
    lost += (RESETS - r["kill_delivered"]) + (accepted_resets - r["outage_delivered"])
    duplicates = (c_rows - c_saved) + (w_rows - w_saved) + r["email_duplicates"]
    duplicates += r["reminder_email_duplicates"]
    waits = (r["reminder_catch_up"], r["reset_catch_up"])
    catch_up = None if None in waits else max(waits)

    def secs(value):
        return "never" if value is None else f"{value:.0f} s"

    say()
    say("Results")
    say(f"  Redis and the mail server stopped for {r['down']:.0f} s; two beats ran throughout")
    say(
        f"  requests sent while Redis was down: {sent} POSTs in {r['load_seconds']:.0f} s "
        f"(check-ins and workout forms, one form in ten sent twice)"
    )
    say(
        f"  responses: 2xx/3xx {statuses.get(200, 0) + statuses.get(300, 0)}, "
        f"4xx {statuses.get(400, 0)}, 5xx {five} (slowest {r['slowest'] * 1000:.0f} ms)"
    )
    say(f"  check-ins: accepted {c_acc} patients' check-ins, saved {c_saved} (rows {c_rows})")
    say(
        f"  workouts: accepted {w_acc} forms, saved {w_saved} (rows {w_rows}; double taps saved once)"
    )
    say(
        f"  /health/live/ during the outage: {live_codes}; /health/: {health_codes}, "
        f"slowest {health_slowest:.0f} ms"
    )
    say(
        f"  password resets during the outage: {accepted_resets} of {RESETS} accepted, "
        f"{r['outage_delivered']} delivered, the last {secs(r['reset_catch_up'])} after the mail "
        f"server returned"
    )
    say(
        f"  reminders due during the outage: created {rem_total} ({rem_after} after the broker "
        f"returned), sent {rem_sent}; last one arrived {secs(r['reminder_catch_up'])} after"
    )
    say(
        f"  worker killed mid-send: {RESETS} emails queued, {kill['in_flight']} in flight when "
        f"killed, {r['kill_delivered']} delivered, last {secs(r['kill_recovery'])} after the kill"
    )
    say(f"  emails received: {r['emails']}; duplicates by Message-ID: {r['email_duplicates']}")
    say(f"  lost: {lost}; duplicates (records and emails): {duplicates}")
    targets = {
        "0 5xx while only Redis is down": five == 0,
        "0 lost": lost == 0,
        "0 duplicates": duplicates == 0,
        "catch-up under 6 minutes": catch_up is not None and catch_up < CATCH_UP_TARGET,
        "/health/live/ 200 and /health/ under 200 ms during the outage": live_codes == [200]
        and health_slowest < 200,
    }
    say()
    for name, ok in targets.items():
        say(f"  {'PASS' if ok else 'FAIL'}  {name}")
    return 0 if all(targets.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
