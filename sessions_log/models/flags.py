"""A flag for the physiotherapist: a red check-in, a fall, a run of hard days, a session that
was too much, an inactive patient."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from patients.models import PatientProfile
from pusterom.fields import LimitedTextField, text_limit
from sessions_log import guidance
from sessions_log.activity import INACTIVE_DAYS
from sessions_log.models.checkins import CheckIn
from sessions_log.models.workouts import WorkoutSession

PHYSIO_NOTE_LIMIT = 1000


class Flag(models.Model):
    class Kind(models.TextChoices):
        RED_CHECKIN = "red_checkin", _("Red check-in")
        TOO_HARD = "too_hard", _("Too hard: daily chores not managed")
        SLOW_RECOVERY = "slow_recovery", _("Not recovered after a day")
        PROLONGED_SORENESS = "prolonged_soreness", _("Sore on day 5 or later")
        OVER_RESTRICTION = "over_restriction", _("Above the restriction's limit")
        INJURY_FLARE = "injury_flare", _("Old injury flaring")
        FALL = "fall", _("A fall or a near-fall")
        # The number comes from the rule's one home (sessions_log.guidance).
        REPEATED_HARD_DAYS = (
            "repeated_hard_days",
            format_lazy(_("Amber or red {days} days in a row"), days=guidance.HARD_DAYS_IN_A_ROW),
        )
        # The number comes from the inactivity limit's one home (sessions_log.activity).
        INACTIVE = (
            "inactive",
            format_lazy(
                ngettext_lazy(
                    "No activity for {days} day", "No activity for {days} days", INACTIVE_DAYS
                ),
                days=INACTIVE_DAYS,
            ),
        )

    patient = models.ForeignKey(PatientProfile, on_delete=models.CASCADE, related_name="flags")
    session = models.ForeignKey(
        WorkoutSession, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    check_in = models.ForeignKey(
        CheckIn, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    kind = models.CharField(max_length=24, choices=Kind)
    created_at = models.DateTimeField(default=timezone.now)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    physio_note = LimitedTextField(
        _("note to the patient"), blank=True, max_length=PHYSIO_NOTE_LIMIT
    )
    note_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "kind"],
                condition=Q(session__isnull=False),
                name="flag_once_per_session_kind",
            ),
            models.UniqueConstraint(
                fields=["check_in", "kind"],
                condition=Q(check_in__isnull=False),
                name="flag_once_per_checkin_kind",
            ),
            # A flag about the patient as a whole (inactive) is open at most once at a time.
            models.UniqueConstraint(
                fields=["patient", "kind"],
                condition=Q(
                    session__isnull=True, check_in__isnull=True, acknowledged_at__isnull=True
                ),
                name="flag_one_open_patient_flag",
            ),
            models.CheckConstraint(
                condition=Q(session__isnull=True) | Q(check_in__isnull=True),
                name="flag_session_or_checkin",
            ),
            text_limit("physio_note", PHYSIO_NOTE_LIMIT, name="flag_physio_note_limit"),
        ]
        indexes = [
            models.Index(
                fields=["patient", "created_at"],
                condition=Q(acknowledged_at__isnull=True),
                name="flag_open",
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()
