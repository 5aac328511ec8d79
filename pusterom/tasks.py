"""Core Celery tasks: the mail outbox, housekeeping and a health round trip. Thin: they call
``pusterom.outbox`` and ``pusterom.heartbeat``. Names are explicit and stable (queued messages
and the beat schedule refer to them)."""

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.db import connection

from pusterom import heartbeat, outbox


@shared_task(name="pusterom.health", ignore_result=False)
def health() -> dict:
    """Round trip through the broker and a worker; answers what the worker can reach."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"worker": "ok", "database": "ok"}


@shared_task(name="pusterom.send_emails")
def send_emails(outgoing_email_ids: list[int]) -> dict:
    """Deliver emails from the outbox now (queued when they were written)."""
    return outbox.deliver(list(outgoing_email_ids))


@shared_task(name="pusterom.send_email")
def send_email(outgoing_email_id: int) -> dict:
    """One email: what ``store`` queued before it queued ``send_emails`` (kept for messages
    still waiting in a broker)."""
    return outbox.deliver([outgoing_email_id])


@shared_task(name="pusterom.flush_outbox")
def flush_outbox() -> dict:
    """Beat, every minute: deliver every email that is due (lost tasks, retries)."""
    return outbox.deliver()


@shared_task(name="pusterom.housekeeping")
def housekeeping() -> dict:
    """Beat, hourly: delete sent mail older than a week and heartbeats of gone workers."""
    return {"emails": outbox.purge_sent(), "heartbeats": heartbeat.forget_old()}


@worker_ready.connect
def flush_on_start(**kwargs) -> None:
    # Mail that waited while no worker ran goes out now, not at the next beat.
    if settings.RUN_ON_WORKER_START:
        flush_outbox.delay_quietly()
