"""The answer to the next-day recovery question about a session."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pusterom.fields import LimitedTextField, text_limit
from sessions_log.models.workouts import WorkoutSession

NOTE_LIMIT = 1000


class RecoveryReport(models.Model):
    class Recovered(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")

    class Soreness(models.TextChoices):
        NONE = "none", _("None")
        SOME = "some", _("Some")
        A_LOT = "a_lot", _("A lot")

    session = models.ForeignKey(
        WorkoutSession, on_delete=models.CASCADE, related_name="recovery_reports"
    )
    asked_for = models.DateField()  # the local date this question belongs to
    answered_at = models.DateTimeField(null=True, blank=True)
    recovered = models.CharField(max_length=8, choices=Recovered, blank=True)
    managed_chores = models.BooleanField(null=True, blank=True)
    soreness = models.CharField(max_length=8, choices=Soreness, blank=True)
    note = LimitedTextField(_("note"), blank=True, max_length=NOTE_LIMIT)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-asked_for"]
        constraints = [
            models.UniqueConstraint(fields=["session", "asked_for"], name="recovery_one_per_day"),
            text_limit("note", NOTE_LIMIT, name="recovery_note_limit"),
        ]

    def __str__(self) -> str:
        return f"recovery {self.session_id} {self.asked_for}"
