"""``make bench``: each page and form post of the site, measured from outside against a bare
Django view.

What it does, in order (everything it starts is stopped, by its pid, and its database is
dropped, also after an error or Ctrl-C):

1. creates a PostgreSQL database of its own (``pusterom_bench_<pid>``) on the server of
   DATABASE_URL (default ``postgres://postgres@127.0.0.1:5432/``), migrates it, seeds a
   centre (demo.bench.seed) and runs ``ANALYZE``; starts ``redis-server`` on a free port for
   the sessions, as a deployment has it (``--no-redis``: sessions in the database only);
2. signs a patient, 100 other patients (who post the forms, in turn) and a physiotherapist
   (two-factor set up) in by creating their sessions in the database: no password or code
   is typed;
3. fetches each page once with Django's test client to check its status and count its
   queries and bytes;
4. starts gunicorn with production settings (demo.bench.runtime.production_env) and 3 sync
   workers on a free local port, with the bare baseline view switched on
   (BENCH_BASELINE_VIEW), and drives each page with wrk: baseline, page, three times;
5. prints the table (demo.bench.report) and writes ``bench-results.json``.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from demo.bench import runtime
from demo.bench.report import PageResult, WrkRun, format_table, results_json

LUA_SCRIPT = Path(__file__).with_name("bench.lua")
WORKERS = 3
BASELINE_PATH = "/bench/baseline/"


@dataclass(frozen=True)
class Page:
    name: str
    url_name: str
    who: str | None  # None (anonymous), "patient", "posters" or "physio"
    mode: str = "get"  # "get", "post" (same body each time) or "workout" (fresh form id)
    kwargs: tuple = ()


PAGES = (
    Page("login", "account_login", None),
    Page("patient_home", "sessions_log:home", "patient"),
    Page("history", "sessions_log:history", "patient"),
    Page("checkin_form", "sessions_log:check_in", "patient"),
    Page("plan", "patients:my_plan", "patient"),
    Page("checkin_post", "sessions_log:check_in", "posters", mode="post"),
    Page("workout_post", "sessions_log:log_workout", "posters", mode="workout"),
    Page("triage", "sessions_log:triage", "physio"),
    Page("patient_page", "sessions_log:patient_page", "physio", kwargs=("pk",)),
    Page("patient_list", "patients:patient_list", "physio"),
)
PAGE_NAMES = [page.name for page in PAGES]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# Signing in ------------------------------------------------------------------------------


def session_for(user, *, clinician: bool) -> str:
    """A signed-in session, as a login (with the two-factor step for a clinician) leaves it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if clinician:
        now = int(time.time())
        store["mfa_ok"] = True  # what RequireMfaMiddleware notes once TOTP is set up
        store["clinician_started"] = now
        store["clinician_seen"] = now
    store.create()
    return store.session_key


@dataclass(frozen=True)
class Visitor:
    """One or more signed-in people (session keys; none for anonymous) with a CSRF cookie."""

    session_keys: tuple[str, ...]
    csrf_secret: str

    def cookies(self) -> list[str]:
        from django.conf import settings

        csrf = f"{settings.CSRF_COOKIE_NAME}={self.csrf_secret}"
        if not self.session_keys:
            return [csrf]
        return [f"{csrf}; {settings.SESSION_COOKIE_NAME}={key}" for key in self.session_keys]


def visitors(seeded) -> dict:
    from django.middleware.csrf import _get_new_csrf_string

    from pusterom.models import User

    users = User.objects.in_bulk(
        [seeded.patient_user_id, seeded.physio_id, *seeded.poster_user_ids]
    )

    def signed_in(*ids: int, clinician: bool = False) -> Visitor:
        keys = tuple(session_for(users[pk], clinician=clinician) for pk in ids)
        return Visitor(keys, _get_new_csrf_string())

    return {
        None: Visitor((), _get_new_csrf_string()),
        "patient": signed_in(seeded.patient_user_id),
        "posters": signed_in(*seeded.poster_user_ids),
        "physio": signed_in(seeded.physio_id, clinician=True),
    }


def form_body(page: Page, seeded) -> dict:
    """What the patient sends: an ordinary green check-in, or a 30-minute walk today."""
    from patients.models import PatientProfile

    if page.mode == "post":
        return {
            "signs": "none",  # "No, none of these" (step one), sent with the answers
            "sleep": "good",
            "energy": "7",
            "nausea": "none",
            "dizziness": "none",
            "pain": "1",
            "pain_area": "",
            "sore_from_last": "none",
        }
    if page.mode == "workout":
        poster = PatientProfile.objects.select_related("centre").get(
            user_id=seeded.poster_user_ids[0]
        )
        return {
            "activity": "walk",
            "setting": "self",
            "duration_pick": "30",
            "duration_other": "",
            "rpe": "12",
            "performed_on": poster.local_today().isoformat(),
            "notes": "",
            # Every post is a new session: the same poster walks many times a day here.
            "repeat": "yes",
        }
    return {}


def path_of(page: Page, seeded) -> str:
    from django.urls import reverse

    kwargs = {"pk": seeded.patient_id} if "pk" in page.kwargs else {}
    return reverse(page.url_name, kwargs=kwargs)


# Counting queries and bytes ----------------------------------------------------------------


def probe(page: Page, *, path: str, visitor: Visitor, body: dict) -> dict:
    """Fetch the page twice with the test client (the first warms caches) and count the
    second: queries, bytes as sent and gzipped (level 6, a typical proxy setting)."""
    import uuid

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if visitor.session_keys:
        client.cookies[settings.SESSION_COOKIE_NAME] = visitor.session_keys[0]
    expected = 200 if page.mode == "get" else 302
    for _ in range(2):
        data = dict(body)
        if page.mode == "workout":
            data["client_uuid"] = str(uuid.uuid4())
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path) if page.mode == "get" else client.post(path, data=data)
        if response.status_code != expected:
            raise RuntimeError(
                f"{page.name}: {path} answered {response.status_code} "
                f"(expected {expected}) {response.get('Location', '')}"
            )
    content = b"" if response.streaming else response.content
    return {
        "queries": len(queries),
        "bytes_raw": len(content),
        "bytes_gzip": len(gzip.compress(content, compresslevel=6)) if content else 0,
    }


# Load ------------------------------------------------------------------------------------


def wrk(url: str, *, seconds: float, connections: int, mode="get", cookies=(), body="") -> WrkRun:
    result = subprocess.run(  # noqa: S603 - our own argument list, no shell
        [  # noqa: S607 - wrk from the PATH (Debian package "wrk")
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "10s",
            "-s",
            str(LUA_SCRIPT),
            url,
            "--",
            mode,
            "\n".join(cookies),
            body,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed ({result.returncode}): {result.stderr or result.stdout}")
    return WrkRun.from_wrk(json.loads(lines[-1]))


def start_gunicorn(processes: runtime.Processes, *, env: dict, port: int, logs: Path):
    process = processes.start(
        "gunicorn",
        [
            runtime.python(),
            "-m",
            "gunicorn",
            "pusterom.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
        ],
        env=env,
        log=logs / "gunicorn.log",
    )
    url = f"http://127.0.0.1:{port}{BASELINE_PATH}"

    def ready() -> bool:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped:\n" + runtime.tail(logs / "gunicorn.log"))
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own URL
            return response.status == 200

    try:
        runtime.wait_until(ready, timeout=60, what="gunicorn")
    except RuntimeError as exc:
        raise RuntimeError(f"{exc}\n{runtime.tail(logs / 'gunicorn.log')}") from None
    return process


def run(options) -> int:
    server = runtime.server_url(options.database_url)
    db_name = f"pusterom_bench_{os.getpid()}"
    processes = runtime.Processes()
    logs = Path(tempfile.mkdtemp(prefix="pusterom-bench-"))
    port = options.port or runtime.free_port()
    if not runtime.port_is_free(port):
        raise SystemExit(f"port {port} is in use")
    redis_port = None if options.no_redis else options.redis_port or runtime.free_port()
    if redis_port and not runtime.port_is_free(redis_port):
        raise SystemExit(f"port {redis_port} is in use")
    names = options.pages or PAGE_NAMES
    unknown = set(names) - set(PAGE_NAMES)
    if unknown:
        raise SystemExit(f"unknown pages: {sorted(unknown)}; known: {PAGE_NAMES}")
    started = time.monotonic()
    load_at_start = os.getloadavg()[0]
    database_url = runtime.create_database(server, db_name)
    log(f"database {db_name} created")
    try:
        extra = {}
        if redis_port:
            # As deployed: sessions are read from Redis (pusterom.sessions).
            runtime.start_redis(processes, port=redis_port, workdir=logs)
            extra["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
            log(f"redis-server on port {redis_port}")
        env = runtime.production_env(
            database_url=database_url,
            BENCH_BASELINE_VIEW="1",
            # Nothing measured here queues a task; no broker file or server is needed.
            CELERY_BROKER_URL="memory://",
            **extra,
        )
        os.environ.update(env)
        import django

        django.setup()
        logging.disable(logging.INFO)  # this process's own info lines (the probes' posts)
        from django.core.management import call_command
        from django.utils import timezone

        from demo.bench.seed import analyze, seed_centre

        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        log(f"migrated and collected static files in {time.monotonic() - started:.0f} s")
        moment = time.monotonic()
        seeded = seed_centre(patients=options.patients)
        analyze()
        log(
            f"seeded in {time.monotonic() - moment:.1f} s: "
            + ", ".join(f"{k} {v:,}" for k, v in seeded.counts.items())
        )
        people = visitors(seeded)
        pages = [page for page in PAGES if page.name in names]
        plan = []
        for page in pages:
            path = path_of(page, seeded)
            body = form_body(page, seeded)
            visitor = people[page.who]
            figures = probe(page, path=path, visitor=visitor, body=body)
            post = urllib.parse.urlencode({"csrfmiddlewaretoken": visitor.csrf_secret, **body})
            plan.append((page, path, visitor, post if page.mode != "get" else "", figures))
        log("every page answered as expected; queries and bytes counted")

        from django.db import connections

        connections.close_all()
        gunicorn = start_gunicorn(processes, env=env, port=port, logs=logs)
        base_url = f"http://127.0.0.1:{port}"
        log(f"gunicorn ({WORKERS} sync workers) on {base_url}")
        run_wrk = {"seconds": options.duration, "connections": options.connections}
        load_started = timezone.now()
        wrk(base_url + BASELINE_PATH, seconds=2, connections=options.connections)  # warm-up
        results = []
        for page, path, visitor, post, figures in plan:
            result = PageResult(name=page.name, path=path, **figures)
            page_run = {"mode": page.mode, "cookies": visitor.cookies(), "body": post}
            wrk(base_url + path, seconds=1, connections=options.connections, **page_run)
            for _ in range(options.pairs):
                base = wrk(base_url + BASELINE_PATH, **run_wrk)
                cpu = runtime.cpu_seconds(gunicorn.pid)
                measured = wrk(base_url + path, **run_wrk, **page_run)
                cpu = runtime.cpu_seconds(gunicorn.pid) - cpu
                result.pairs.append((base, dataclasses.replace(measured, server_cpu_s=cpu)))
            log(
                f"{page.name:<13} ratio {result.ratio:.3f}  {result.rps:.1f} req/s  "
                f"(baseline {result.pairs[-1][0].rps:.0f} req/s)"
            )
            results.append(result)
        workout = next((r for r in results if r.name == "workout_post"), None)
        if workout is not None:
            # Each post had a fresh form id: each one saved a session (warm-up runs included).
            from sessions_log.models import WorkoutSession

            saved = WorkoutSession.objects.filter(created_at__gte=load_started).count()
            posts = sum(page.requests for _, page in workout.pairs)
            log(
                f"workout posts measured: {posts:,}; sessions saved since the load began: {saved:,}"
            )
        print(format_table(results))
        print(
            f"sessions: {'cached in Redis' if redis_port else 'database only (--no-redis)'}; "
            f"load average (1 min) at the start {load_at_start:.1f}, at the end "
            f"{os.getloadavg()[0]:.1f}, on {os.cpu_count()} CPUs"
        )
        output = Path(options.output)
        output.write_text(json.dumps(results_json(results), indent=2) + "\n")
        log(f"wrote {output}; {time.monotonic() - started:.0f} s in all")
        return 0
    finally:
        runtime.clean_up(processes, server=server, db_name=db_name, workdir=logs, log=log)
