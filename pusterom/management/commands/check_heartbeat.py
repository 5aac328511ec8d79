"""Exit 0 when a background process was seen recently, 1 otherwise: the worker and beat
containers' health checks (docker-compose.yml).

    manage.py check_heartbeat worker   # this host's worker
    manage.py check_heartbeat beat [--max-age 90]
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from pusterom import heartbeat
from pusterom.health import MAX_AGE


class Command(BaseCommand):
    help = "Check that this host's worker, or the beat, wrote its heartbeat recently."

    def add_arguments(self, parser):
        parser.add_argument("part", choices=["worker", "beat"])
        parser.add_argument("--max-age", type=float, default=None, help="seconds (default 90)")

    def handle(self, *args, part, max_age, **options):
        name = heartbeat.worker_name() if part == "worker" else heartbeat.BEAT
        limit = max_age if max_age is not None else MAX_AGE[part]
        age = heartbeat.age_of(name)
        if age is None:
            raise CommandError(f"{name}: no heartbeat yet")
        if age > limit:
            raise CommandError(f"{name}: last heartbeat {age:.0f} s ago (limit {limit:.0f} s)")
        self.stdout.write(f"{name}: ok, {age:.0f} s ago")
