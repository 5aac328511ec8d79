"""``make bench-inprocess``: each page's CPU time per request inside one Python process.

``make bench`` measures pages from outside, as a ratio to a bare view; across runs its figures
move with the machine (10-20 % between two idle runs here), so it cannot show a change worth
a few percent. This mode takes gunicorn, wrk and the network out: the pages of ``make bench``
(demo.bench.pages.PAGES), with the same seeded centre, sessions and form posts, are requested
through Django's test client with production settings, and each page's figure is the
*smallest* CPU time per request over several batches (and the smallest wall time, which adds
PostgreSQL's and Redis' answers). The smallest is the figure least touched by other work on
the machine. Two rows more show the fixed cost of a request: the bare view anonymous and
with a signed-in patient's session.

To compare two versions of the code, run it at each (``git stash`` or ``git checkout``),
one after the other, twice each: differences smaller than the spread between runs of one
version are noise.

With ``--instructions`` it counts instead the machine instructions each request costs, under
valgrind's callgrind (``valgrind`` must be installed): each page is requested twice over in a
fresh process of its own, ``LOW`` and ``HIGH`` times after the same warm-up, and the
difference of the two counts over ``HIGH - LOW`` is the page's figure (with the same hash
seed, and the cyclic garbage collector off while counting). Instructions do not depend on
what else the machine is doing: two runs of the same code have agreed to within half a
percent on pages of 20 million instructions or more, and to within about 0.1 million on the
bare view, so a change of a few percent shows. They are not time (a cache miss or a
system call costs more than an addition), and they leave out PostgreSQL and Redis. About a
minute a page.

It creates and drops a database of its own and starts a ``redis-server`` of its own for the
sessions, as ``make bench`` does.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from demo.bench import runtime
from demo.bench.pages import BASELINE_PATH, PAGE_NAMES, PAGES, Page, log

BASELINES = (
    Page("bare_anonymous", "bench_baseline", None),
    Page("bare_signed_in", "bench_baseline", "patient"),
)


def _request(client, page: Page, path: str, body: dict):
    if page.mode == "get":
        return client.get(path)
    data = dict(body)
    if page.mode == "workout":
        data["client_uuid"] = str(uuid.uuid4())
    return client.post(path, data=data)


def measure(page: Page, *, path: str, visitor, body: dict, requests: int, batches: int):
    """(smallest CPU ms, smallest wall ms) per request over ``batches`` batches."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    if visitor.session_keys:
        client.cookies[settings.SESSION_COOKIE_NAME] = visitor.session_keys[0]
    expected = 200 if page.mode == "get" else 302
    for _ in range(5):  # warm caches: templates, translations, connections
        response = _request(client, page, path, body)
        if response.status_code != expected:
            raise RuntimeError(f"{page.name}: {path} answered {response.status_code}")
    per_batch = max(1, requests // batches)
    cpu = wall = float("inf")
    for _ in range(batches):
        cpu_start, wall_start = time.process_time(), time.perf_counter()
        for _ in range(per_batch):
            _request(client, page, path, body)
        cpu = min(cpu, (time.process_time() - cpu_start) / per_batch)
        wall = min(wall, (time.perf_counter() - wall_start) / per_batch)
    return cpu * 1000, wall * 1000


LOW, HIGH = 4, 24  # requests in the two counted runs of a page


def _counting(spec: Path, requests: int) -> subprocess.Popen:
    """A fresh process that makes ``requests`` requests (demo.bench.count) under callgrind."""
    return subprocess.Popen(  # noqa: S603 - our own argument list, no shell
        [
            shutil.which("valgrind") or "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-m",
            "demo.bench.count",
            str(spec),
            str(requests),
        ],
        cwd=runtime.ROOT,
        # The same string hashes in both runs, so that sets and dicts are laid out alike.
        env={**os.environ, "PYTHONHASHSEED": "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _collected(process: subprocess.Popen) -> int:
    _, stderr = process.communicate()
    found = re.search(r"Collected : (\d+)", stderr)
    if process.returncode != 0 or not found:
        raise RuntimeError(f"the counted run failed: {stderr[-800:]}")
    return int(found.group(1))


def instructions_per_request(page: Page, *, path: str, visitor, body: dict, workdir: Path):
    """Millions of instructions a request of ``page`` costs in Python (see the docstring)."""
    spec = workdir / f"{page.name}.json"
    spec.write_text(
        json.dumps(
            {
                "name": page.name,
                "mode": page.mode,
                "path": path,
                "body": body,
                "session_key": visitor.session_keys[0] if visitor.session_keys else "",
            }
        )
    )
    low, high = _counting(spec, LOW), _counting(spec, HIGH)  # side by side: two cores
    return (_collected(high) - _collected(low)) / (HIGH - LOW) / 1e6


def run(options) -> int:
    if options.instructions and not shutil.which("valgrind"):
        raise SystemExit("--instructions needs valgrind (Debian package valgrind)")
    server = runtime.server_url(options.database_url)
    db_name = f"pusterom_bench_{os.getpid()}"
    names = options.pages or PAGE_NAMES
    unknown = set(names) - set(PAGE_NAMES)
    if unknown:
        raise SystemExit(f"unknown pages: {sorted(unknown)}; known: {PAGE_NAMES}")
    processes = runtime.Processes()
    workdir = Path(tempfile.mkdtemp(prefix="pusterom-bench-"))
    database_url = runtime.create_database(server, db_name)
    log(f"database {db_name} created")
    try:
        redis_port = runtime.free_port()
        runtime.start_redis(processes, port=redis_port, workdir=workdir)
        os.environ.update(
            runtime.production_env(
                database_url=database_url,
                BENCH_BASELINE_VIEW="1",
                CELERY_BROKER_URL="memory://",
                REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
            )
        )
        import django

        django.setup()
        logging.disable(logging.INFO)
        from django.core.management import call_command

        from demo.bench.pages import form_body, path_of, probe, visitors
        from demo.bench.seed import analyze, seed_centre

        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        seeded = seed_centre(patients=options.patients)
        analyze()
        log(f"seeded a centre of {options.patients} patients; {options.requests} requests a page")
        people = visitors(seeded)
        rows = []
        for page in (*BASELINES, *(p for p in PAGES if p.name in names)):
            path = BASELINE_PATH if page in BASELINES else path_of(page, seeded)
            body = form_body(page, seeded)
            visitor = people[page.who]
            queries = probe(page, path=path, visitor=visitor, body=body)["queries"]
            if options.instructions:
                count = instructions_per_request(
                    page, path=path, visitor=visitor, body=body, workdir=workdir
                )
                rows.append((page.name, count, None, queries))
                log(f"{page.name:<15} {count:7.2f} M instructions")
                continue
            cpu, wall = measure(
                page,
                path=path,
                visitor=visitor,
                body=body,
                requests=options.requests,
                batches=options.batches,
            )
            rows.append((page.name, cpu, wall, queries))
            log(f"{page.name:<15} {cpu:6.2f} ms CPU")
        if options.instructions:
            print(f"{'page':<15} {'M instr':>8} {'queries':>8}")
            print(f"{'-' * 15} {'-' * 8} {'-' * 8}")
            for name, count, _, queries in rows:
                print(f"{name:<15} {count:8.2f} {queries:8d}")
            print(
                f"millions of instructions a request in Python (callgrind; {HIGH} requests "
                f"less {LOW}, over {HIGH - LOW}); PostgreSQL and Redis not counted"
            )
            return 0
        print(f"{'page':<15} {'cpu ms':>7} {'wall ms':>8} {'queries':>8}")
        print(f"{'-' * 15} {'-' * 7} {'-' * 8} {'-' * 8}")
        for name, cpu, wall, queries in rows:
            print(f"{name:<15} {cpu:7.2f} {wall:8.2f} {queries:8d}")
        print(
            f"smallest of {options.batches} batches of {options.requests // options.batches} "
            "requests; cpu: this process only; wall: with PostgreSQL's and Redis' answers"
        )
        return 0
    finally:
        runtime.clean_up(processes, server=server, db_name=db_name, workdir=workdir, log=log)
