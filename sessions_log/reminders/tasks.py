"""Celery tasks for reminders. Thin: they take ids and call the reminders modules.

Names are explicit and stable (``sessions_log.dispatch_reminders``,
``sessions_log.send_reminders``, ``sessions_log.send_reminder``): the beat schedule and
messages already queued refer to them, whatever module the code lives in.

Beat runs ``dispatch_reminders`` every minute (CELERY_BEAT_SCHEDULE in settings), and every
worker runs it once when it starts, so reminders that fell due while no worker ran go out
at once. It also raises the physiotherapist's inactive flags
(``triage.services.flag_inactive_patients``). It queues one ``send_reminders`` per ``SEND_BATCH`` new rows: a task costs the
worker a few milliseconds besides its work, and a batch shares its queries (see
``sending``). A batch retries only its rows that failed in a way a retry may help. No
countdown is longer than 60 s: on Redis a longer ETA outlives the visibility timeout and is
delivered again and again.
"""

from __future__ import annotations

import logging

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings

from pusterom import heartbeat
from sessions_log.reminders import dispatch, sending
from sessions_log.triage.services import flag_inactive_patients

logger = logging.getLogger(__name__)

SEND_MAX_RETRIES = 5
MAX_COUNTDOWN = 60


def backoff(retries: int) -> int:
    """5, 10, 20, 40, 60 seconds."""
    return min(MAX_COUNTDOWN, 5 * 2**retries)


SEND_BATCH = 100


def queue_sends(reminder_ids: list[int]) -> None:
    for start in range(0, len(reminder_ids), SEND_BATCH):
        send_reminders.delay_on_commit(reminder_ids[start : start + SEND_BATCH])


# Every task's base class is pusterom.celery.QueueQuietlyTask: delay_on_commit never raises
# into the caller when the broker is down.
@shared_task(name="sessions_log.dispatch_reminders")
def dispatch_reminders() -> dict:
    result = dispatch.dispatch_due(enqueue=queue_sends)
    # The same quiet patients the inactivity reminder looks for, reminded or not, get a flag
    # for their physiotherapist (once per quiet spell).
    flag_inactive_patients()
    heartbeat.record(heartbeat.DISPATCHER)
    logger.info("reminder dispatcher ran created=%s requeued=%s", result.created, result.requeued)
    return {"created": result.created, "requeued": result.requeued}


@shared_task(
    bind=True,
    name="sessions_log.send_reminders",
    acks_late=True,
    max_retries=SEND_MAX_RETRIES,
)
def send_reminders(self, reminder_ids: list[int]) -> dict:
    result = sending.send_reminders(reminder_ids=list(reminder_ids))
    later = result.ids("requeue")  # not tried within the time budget
    if later:
        send_reminders.delay_quietly(later)
    retry = result.ids("retry")
    if retry:
        error = sending.TransientSendError(result.errors[retry[0]])
        raise self.retry(args=[retry], exc=error, countdown=backoff(self.request.retries))
    return result.counts()


@shared_task(
    bind=True,
    name="sessions_log.send_reminder",
    acks_late=True,
    max_retries=SEND_MAX_RETRIES,
)
def send_reminder(self, reminder_id: int) -> str:
    """One reminder (what the dispatcher queued before it queued batches)."""
    try:
        return sending.send_reminder(reminder_id=reminder_id)
    except sending.TransientSendError as exc:
        raise self.retry(exc=exc, countdown=backoff(self.request.retries)) from exc


@worker_ready.connect
def dispatch_on_start(**kwargs) -> None:
    if settings.RUN_ON_WORKER_START:
        dispatch_reminders.delay_quietly()
