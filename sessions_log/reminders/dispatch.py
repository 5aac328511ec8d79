"""The dispatcher: create the reminders that are due, queue their sends, queue again what
was lost.

Beat runs it every minute (``tasks.dispatch_reminders``). For each time zone in use it walks
the patients who may be due for each kind in keyset-paginated batches (2,000 by primary key;
never all patients at once), narrows each batch with a few indexed queries (``due``), inserts
one ``Reminder`` row per patient, kind, local date and channel with ``INSERT ... ON CONFLICT
DO NOTHING RETURNING id`` (PostgreSQL, and SQLite from 3.35), and queues one send per row it
actually inserted. The unique constraint makes a second or concurrent dispatcher harmless: it
inserts nothing and so queues nothing.

Then it queues again the rows whose send was lost: never claimed five minutes after they were
made (the broker was down when the send was queued), or claimed more than
``sending.CLAIM_TIMEOUT`` ago and still not sent (the worker died mid-send; logged). Queuing
a row twice is harmless: the send claims it first (see the package docstring).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from patients.models import PatientProfile
from pusterom.models import Centre
from sessions_log.models import Reminder
from sessions_log.reminders import due
from sessions_log.reminders.sending import CLAIM_TIMEOUT, MAX_ATTEMPTS

logger = logging.getLogger(__name__)

BATCH_SIZE = 2000
INSERT_CHUNK = 1000  # rows per INSERT statement (7 parameters a row; SQLite allows 32,766)
# A row whose send never ran (the broker was down when it was queued) is queued again.
REQUEUE_AFTER = dt.timedelta(minutes=5)
REQUEUE_WINDOW = dt.timedelta(hours=24)
REQUEUE_LIMIT = 1000

Enqueue = Callable[[list[int]], None]


def insert_reminders(rows: list[tuple[int, str, dt.date, str]], *, created_at) -> list[int]:
    """Insert (patient_id, kind, for_date, channel) rows; return the ids of those actually
    inserted. Rows that exist already (another dispatcher, a second run) are skipped by the
    unique constraint and are not returned, so nobody queues them twice.

    ``bulk_create(ignore_conflicts=True)`` cannot say which rows it inserted; ON CONFLICT DO
    NOTHING RETURNING can, on PostgreSQL and on SQLite alike.
    """
    if not rows:
        return []
    qn = connection.ops.quote_name
    meta = Reminder._meta
    columns = ", ".join(
        qn(meta.get_field(name).column)
        for name in ("patient", "kind", "for_date", "channel", "created_at", "attempts", "error")
    )
    head = f"INSERT INTO {qn(meta.db_table)} ({columns}) "  # noqa: S608 - names are ours
    tail = f" ON CONFLICT DO NOTHING RETURNING {qn(meta.pk.column)}"
    ids: list[int] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Four array parameters for the whole batch: cheap to send and to parse.
            patient_ids, kinds, dates, channels = (
                list(column) for column in zip(*rows, strict=True)
            )
            select = (
                "SELECT p, k, d, c, %s, 0, '' FROM unnest("
                "%s::bigint[], %s::varchar[], %s::date[], %s::varchar[]) AS t (p, k, d, c)"
            )
            cursor.execute(head + select + tail, [created_at, patient_ids, kinds, dates, channels])
            return [row[0] for row in cursor.fetchall()]
        stamp = connection.ops.adapt_datetimefield_value(created_at)
        for start in range(0, len(rows), INSERT_CHUNK):
            chunk = rows[start : start + INSERT_CHUNK]
            params: list = []
            for patient_id, kind, for_date, channel in chunk:
                params += [
                    patient_id,
                    kind,
                    connection.ops.adapt_datefield_value(for_date),
                    channel,
                    stamp,
                ]
            values = ", ".join(["(%s, %s, %s, %s, %s, 0, '')"] * len(chunk))
            cursor.execute(head + f"VALUES {values}" + tail, params)
            ids.extend(row[0] for row in cursor.fetchall())
    return ids


@dataclass
class DispatchResult:
    created: int = 0
    queued: int = 0
    requeued: int = 0
    expired_claims: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


def _zones(centre_ids: Iterable[int] | None) -> dict[str, list[int]]:
    centres = Centre.objects.all()
    if centre_ids is not None:
        centres = centres.filter(pk__in=list(centre_ids))
    zones: dict[str, list[int]] = defaultdict(list)
    for pk, tz_name in centres.values_list("pk", "timezone"):
        zones[tz_name].append(pk)
    return zones


def dispatch_due(
    *,
    enqueue: Enqueue,
    now: dt.datetime | None = None,
    batch_size: int = BATCH_SIZE,
    centre_ids: Iterable[int] | None = None,
) -> DispatchResult:
    """Create the reminders that are due now and queue their sends; re-queue lost sends.

    Each batch is one transaction: its rows are committed and its sends queued (through
    ``enqueue``, which should use ``delay_on_commit``) before the next batch is read.
    ``centre_ids`` limits the run to some centres (the benchmark); by default, all.
    """
    now = now or timezone.now()
    result = DispatchResult()
    awake: list[int] = []  # centres outside the quiet hours
    for tz_name, centre_ids_in_zone in _zones(centre_ids).items():
        clock = due.LocalClock.at(now, tz_name)
        if clock.quiet:
            continue
        awake += centre_ids_in_zone
        base = due.reachable(PatientProfile.objects.filter(centre_id__in=centre_ids_in_zone))
        for kind, queryset, narrow in due.plans(base, clock):
            for batch in due.batches(queryset, batch_size):
                keep = narrow([row["pk"] for row in batch], clock)
                rows = [
                    (row["pk"], kind, clock.date, channel)
                    for row in batch
                    if row["pk"] in keep
                    for channel in due.channels_for(row)
                ]
                if not rows:
                    continue
                with transaction.atomic():
                    ids = insert_reminders(rows, created_at=now)
                    if ids:
                        enqueue(ids)
                result.created += len(ids)
                result.queued += len(ids)
                result.by_kind[str(kind)] = result.by_kind.get(str(kind), 0) + len(ids)
    requeue_lost(enqueue=enqueue, now=now, centre_ids=awake, result=result)
    if result.created or result.requeued:
        logger.info(
            "reminders dispatched created=%s requeued=%s expired_claims=%s by_kind=%s",
            result.created,
            result.requeued,
            result.expired_claims,
            result.by_kind,
        )
    return result


def lost_sends(*, now: dt.datetime):
    """Unsent rows of the last day whose send is not on its way: never claimed five minutes
    after they were made, or claimed and not sent within ``CLAIM_TIMEOUT``."""
    return Reminder.objects.filter(
        Q(claimed_at__isnull=True, created_at__lt=now - REQUEUE_AFTER)
        | Q(claimed_at__lt=now - CLAIM_TIMEOUT),
        sent_at__isnull=True,
        attempts__lt=MAX_ATTEMPTS,
        created_at__gte=now - REQUEUE_WINDOW,
    )


def requeue_lost(
    *, enqueue: Enqueue, now: dt.datetime, centre_ids: list[int], result: DispatchResult
) -> None:
    # A send queued in the quiet hours would only be deferred; it waits for the morning here.
    if not centre_ids:
        return
    lost = list(
        lost_sends(now=now)
        .filter(patient__centre_id__in=centre_ids)
        .order_by("created_at")
        .values_list("pk", "claimed_at", "kind", "channel")[:REQUEUE_LIMIT]
    )
    if not lost:
        return
    for pk, claimed_at, kind, channel in lost:
        if claimed_at is not None:
            # The worker that claimed it stopped before it recorded the send.
            logger.warning(
                "reminder claim expired id=%s kind=%s channel=%s claimed_at=%s: queued again",
                pk,
                kind,
                channel,
                claimed_at.isoformat(),
            )
            result.expired_claims += 1
    enqueue([pk for pk, *_ in lost])
    result.requeued = len(lost)
