"""Writes for the reminder pages: the patient's settings and one-click unsubscribe."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from patients.models import PatientProfile
from sessions_log.reminders.due import KIND_FIELDS

logger = logging.getLogger(__name__)

SETTINGS_FIELDS = (
    "reminder_time",
    "reminder_days",
    "reminders_enabled",
    "email_opt_in",
    "sms_opt_in",
    "remind_checkin",
    "remind_recovery",
    "remind_inactivity",
    "remind_weekly",
)


def update_reminder_settings(*, patient: PatientProfile, **fields) -> PatientProfile:
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"not reminder settings: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(patient, name, value)
    patient.full_clean()
    patient.save(update_fields=list(fields))
    logger.info("reminder settings changed patient=%s", patient.pk)
    return patient


def unsubscribe(*, patient_id: int, kind: str) -> PatientProfile | None:
    """Turn one kind off for the patient the signed link was made for."""
    patient = PatientProfile.objects.filter(pk=patient_id).first()
    if patient is None:
        return None
    field_name = KIND_FIELDS[kind]
    if getattr(patient, field_name):
        setattr(patient, field_name, False)
        patient.save(update_fields=[field_name])
        logger.info("reminder unsubscribed patient=%s kind=%s", patient.pk, kind)
    return patient


def days_from(value: Iterable[str]) -> str:
    """ISO weekdays as the model keeps them: "135" for Monday, Wednesday and Friday."""
    return "".join(sorted(set(value)))
