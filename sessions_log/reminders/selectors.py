"""Reads for the reminder pages and for ``/health/``."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from patients.models import PatientProfile
from sessions_log.models import Reminder
from sessions_log.reminders.dispatch import REQUEUE_WINDOW
from sessions_log.reminders.due import KIND_FIELDS
from sessions_log.reminders.sending import MAX_ATTEMPTS


def is_subscribed(*, patient_id: int, kind: str) -> bool | None:
    """Whether the patient still gets this kind (None: no such patient)."""
    return (
        PatientProfile.objects.filter(pk=patient_id)
        .values_list(KIND_FIELDS[kind], flat=True)
        .first()
    )


def unsent_backlog(*, now: dt.datetime | None = None) -> dict:
    """Reminders of the last day not sent yet (still to be tried), and the oldest one's age
    in seconds. Uses the partial index on unsent rows."""
    now = now or timezone.now()
    unsent = Reminder.objects.filter(
        sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS, created_at__gte=now - REQUEUE_WINDOW
    )
    oldest = unsent.order_by("created_at").values_list("created_at", flat=True).first()
    return {
        "unsent": unsent.count(),
        "oldest_unsent_age": None if oldest is None else round((now - oldest).total_seconds()),
    }
