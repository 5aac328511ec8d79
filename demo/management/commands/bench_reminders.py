"""Benchmark the reminder dispatcher: N patients all due at once, on PostgreSQL.

    manage.py bench_reminders --patients 100000 [--batch-size 2000] [--migrate] [--keep]

Where the data goes: into the configured database (DATABASE_URL), under a centre of its
own whose patients are all due for today's check-in reminder at the moment the benchmark
uses (10:00 local time). The dispatcher is limited to that centre, so nobody else gets a
row, and everything the benchmark made is deleted at the end, also after an error (unless
--keep). A database of its own is still the better place: run with
DATABASE_URL=postgres://.../pusterom_bench and --migrate.

No task messages go to a broker: the sends the dispatcher queues are counted by a stub, so
the figures are the dispatcher's database work. Figures printed: seeding time, dispatcher
time, rows per second, peak memory (ru_maxrss of the process, and tracemalloc's peak for
the dispatcher run, which also slows Python down a little), and the time of a second run,
which must insert nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import resource
import sys
import time
import tracemalloc
import uuid
import zoneinfo

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from patients.models import PatientProfile
from pusterom.models import Centre, User
from sessions_log.models import Reminder
from sessions_log.reminders.dispatch import BATCH_SIZE, dispatch_due

TIMEZONE = "Europe/Oslo"


def _max_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


class CountingQueue:
    """Stands in for delay_on_commit: counts the sends, keeps nothing."""

    def __init__(self):
        self.count = 0

    def __call__(self, ids):
        self.count += len(ids)


class Command(BaseCommand):
    help = "Seed N due patients on PostgreSQL and time the reminder dispatcher."

    def add_arguments(self, parser):
        parser.add_argument("--patients", type=int, default=100_000)
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument("--migrate", action="store_true", help="run migrate first")
        parser.add_argument("--keep", action="store_true", help="leave the seeded data")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "bench_reminders measures PostgreSQL: set DATABASE_URL=postgres://... "
                "(a database of its own, e.g. pusterom_bench)"
            )
        # DEBUG keeps every SQL statement in memory; it would be measured as ours.
        settings.DEBUG = False
        if options["migrate"]:
            call_command("migrate", verbosity=0)
        count = options["patients"]
        tag = uuid.uuid4().hex[:8]
        centre = Centre.objects.create(
            name=f"Benchmark {tag}", region="Benchmark", city="Benchmark", timezone=TIMEZONE
        )
        # A Thursday at 10:00 local: check-in reminders (09:00) are due, nothing else is.
        local_today = dt.datetime.now(zoneinfo.ZoneInfo(TIMEZONE)).date()
        thursday = local_today + dt.timedelta(days=(3 - local_today.weekday()) % 7)
        now = dt.datetime.combine(thursday, dt.time(10), tzinfo=zoneinfo.ZoneInfo(TIMEZONE))
        try:
            started = time.perf_counter()
            self._seed(centre=centre, count=count, tag=tag, now=now)
            seeded = time.perf_counter() - started
            self.stdout.write(f"seeded {count:,} patients in {seeded:.1f} s")
            self._measure(centre=centre, count=count, now=now, batch_size=options["batch_size"])
        finally:
            if not options["keep"]:
                self._clean(centre=centre, tag=tag)

    def _seed(self, *, centre, count, tag, now):
        """COPY the users, then one INSERT ... SELECT for their profiles."""
        user_table = User._meta.db_table
        profile_table = PatientProfile._meta.db_table
        joined = now - dt.timedelta(days=30)
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(
                f"COPY {user_table} (password, is_superuser, email, first_name, last_name, "
                "role, language, is_active, is_staff, date_joined) FROM STDIN"
            ) as copy:
                for i in range(count):
                    copy.write_row(
                        (
                            "!",  # unusable password
                            False,
                            f"bench-{tag}-{i}@example.invalid",
                            "Bench",
                            str(i),
                            "patient",
                            "nb",
                            True,
                            False,
                            joined,
                        )
                    )
            cursor.execute(
                f"INSERT INTO {profile_table} (user_id, centre_id, birth_date, treatment_phase, "  # noqa: S608 - names are ours
                "phone, reminder_time, reminder_days, reminders_enabled, email_opt_in, "
                "sms_opt_in, remind_checkin, remind_recovery, remind_inactivity, remind_weekly, "
                "last_activity_at, created_at) "
                "SELECT id, %s, DATE '1960-05-17', 'during', '', TIME '09:00', '1234567', "
                "TRUE, TRUE, FALSE, TRUE, TRUE, TRUE, TRUE, %s, %s "
                f"FROM {user_table} WHERE email LIKE %s",
                [centre.pk, now - dt.timedelta(days=1), joined, f"bench-{tag}-%"],
            )
            cursor.execute(f"ANALYZE {user_table}")
            cursor.execute(f"ANALYZE {profile_table}")

    def _measure(self, *, centre, count, now, batch_size):
        queue = CountingQueue()
        rss_before = _max_rss_mb()
        tracemalloc.start()
        started = time.perf_counter()
        first = dispatch_due(enqueue=queue, now=now, batch_size=batch_size, centre_ids=[centre.pk])
        first_time = time.perf_counter() - started
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss_after = _max_rss_mb()

        second_queue = CountingQueue()
        started = time.perf_counter()
        second = dispatch_due(
            enqueue=second_queue, now=now, batch_size=batch_size, centre_ids=[centre.pk]
        )
        second_time = time.perf_counter() - started

        rows = Reminder.objects.filter(patient__centre=centre).count()
        out = io.StringIO()
        out.write(f"patients due:            {count:,}\n")
        out.write(f"batch size:              {batch_size:,}\n")
        out.write(f"first run: rows inserted {first.created:,} (in the table: {rows:,})\n")
        out.write(f"first run: sends queued  {queue.count:,} (stub, no broker)\n")
        out.write(f"first run: time          {first_time:.2f} s\n")
        out.write(f"first run: rows/second   {first.created / first_time:,.0f}\n")
        out.write(
            f"peak RSS (ru_maxrss):    {rss_before:.1f} MB before, {rss_after:.1f} MB after\n"
        )
        out.write(f"tracemalloc peak:        {traced_peak / (1024 * 1024):.1f} MB\n")
        out.write(
            f"second run: time         {second_time:.2f} s, rows inserted {second.created}, "
            f"sends queued {second_queue.count}\n"
        )
        self.stdout.write(out.getvalue().rstrip())
        if rows != count or first.created != count:
            raise CommandError(f"expected {count} reminders, found {rows}")
        if second.created or second_queue.count:
            raise CommandError("the second run inserted or queued something")

    def _clean(self, *, centre, tag):
        started = time.perf_counter()
        profile_table = PatientProfile._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {Reminder._meta.db_table} WHERE patient_id IN "  # noqa: S608 - names are ours
                f"(SELECT id FROM {profile_table} WHERE centre_id = %s)",
                [centre.pk],
            )
            cursor.execute(f"DELETE FROM {profile_table} WHERE centre_id = %s", [centre.pk])  # noqa: S608
            cursor.execute(
                f"DELETE FROM {User._meta.db_table} WHERE email LIKE %s",  # noqa: S608
                [f"bench-{tag}-%"],
            )
        centre.delete()
        self.stdout.write(f"cleaned up in {time.perf_counter() - started:.1f} s")
