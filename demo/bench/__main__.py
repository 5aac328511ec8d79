"""``python -m demo.bench [pages|reminders] [options]``: see demo/bench/__init__.py."""

from __future__ import annotations

import argparse
import os
import signal
import sys

from demo.bench import runtime


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m demo.bench", description=__doc__)
    sub = main.add_subparsers(dest="mode")

    pages = sub.add_parser("pages", help="make bench: every page against a bare view (default)")
    pages.add_argument("--patients", type=int, default=500)
    pages.add_argument("--duration", type=float, default=5.0, help="seconds per wrk run")
    pages.add_argument("--pairs", type=int, default=3, help="baseline/page pairs per page")
    pages.add_argument("--connections", type=int, default=6, help="wrk connections")
    pages.add_argument("--port", type=int, default=0, help="gunicorn's port (default: a free one)")
    pages.add_argument("--pages", nargs="*", help="only these pages (names as in the JSON)")
    pages.add_argument("--redis-port", type=int, default=0, help="default: a free one")
    pages.add_argument(
        "--no-redis", action="store_true", help="no Redis: sessions in the database only"
    )
    pages.add_argument("--output", default=str(runtime.ROOT / "bench-results.json"))

    inprocess = sub.add_parser(
        "inprocess", help="make bench-inprocess: CPU time per request, in one process"
    )
    inprocess.add_argument("--patients", type=int, default=500)
    inprocess.add_argument("--pages", nargs="*", help="only these pages (names as in the JSON)")
    inprocess.add_argument("--requests", type=int, default=200, help="per page, in all batches")
    inprocess.add_argument("--batches", type=int, default=8, help="the smallest batch counts")
    inprocess.add_argument(
        "--instructions",
        action="store_true",
        help="count instructions a request under valgrind instead of timing (repeatable)",
    )

    reminders = sub.add_parser("reminders", help="reminders end to end: Redis, worker, mail")
    reminders.add_argument("--reminders", type=int, default=10_000)
    reminders.add_argument("--concurrency", type=int, default=2, help="worker processes")
    reminders.add_argument("--redis-port", type=int, default=0, help="default: a free one")
    reminders.add_argument(
        "--timeout", type=float, default=600, help="seconds to wait for the sends at most"
    )

    for each in (pages, inprocess, reminders):
        each.add_argument(
            "--database-url",
            default=os.environ.get("DATABASE_URL"),
            help="its server is used (default: DATABASE_URL, else "
            f"{runtime.DEFAULT_SERVER_URL}); the benchmark creates and drops its own database",
        )
    return main


def _stop(signum, frame):
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if not args or args[0].startswith("-"):
        args = ["pages", *args]
    options = parser().parse_args(args)
    # A SIGTERM ends the benchmark like Ctrl-C does: through its clean-up.
    signal.signal(signal.SIGTERM, _stop)
    if options.mode == "reminders":
        from demo.bench import reminders_e2e

        return reminders_e2e.run(options)
    if options.mode == "inprocess":
        from demo.bench import inprocess

        return inprocess.run(options)
    from demo.bench import pages

    return pages.run(options)


if __name__ == "__main__":
    sys.exit(main())
