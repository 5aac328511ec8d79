"""Celery task for training plans: keep the patient list's adherence figure
(``PatientProfile.plan_adherence``) up to date. Thin: the service decides who is due.

Beat runs it every 10 minutes (CELERY_BEAT_SCHEDULE in settings), so the figure moves on
within minutes of a patient's local midnight and of a session logged for an earlier day; a
worker that starts runs it once. The name is explicit and stable.
"""

from __future__ import annotations

import logging

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings

from sessions_log.plans.review import services

logger = logging.getLogger(__name__)


@shared_task(name="sessions_log.refresh_plan_adherence")
def refresh_plan_adherence() -> int:
    count = services.refresh_plan_adherence()
    logger.info("plan adherence refreshed patients=%s", count)
    return count


@worker_ready.connect
def refresh_on_start(**kwargs) -> None:
    if settings.RUN_ON_WORKER_START:
        refresh_plan_adherence.delay_quietly()
