"""A reminder made for a patient: one row per kind, local date and channel."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patients.models import PatientProfile


class Reminder(models.Model):
    class Kind(models.TextChoices):
        CHECKIN = "checkin", _("Check-in reminder")
        RECOVERY = "recovery", _("Recovery question")
        INACTIVITY = "inactivity", _("Nudge after a quiet week")
        WEEKLY = "weekly", _("Weekly summary")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")

    patient = models.ForeignKey(PatientProfile, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=Kind)
    for_date = models.DateField()
    channel = models.CharField(max_length=8, choices=Channel)
    created_at = models.DateTimeField(default=timezone.now)
    # Claimed by a send (sessions_log.reminders.sending), then sent: a claim without a send
    # after a few minutes is queued again by the dispatcher.
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "kind", "for_date", "channel"], name="reminder_once"
            ),
        ]
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(sent_at__isnull=True), name="reminder_unsent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.for_date} {self.channel}"
