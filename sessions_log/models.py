"""Daily check-ins, workout sessions, recovery reports, flags and reminders."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patients.models import BodyArea, PatientProfile, PriorInjury


class Level(models.TextChoices):
    GREEN = "green", _("Train as planned")
    AMBER = "amber", _("Take it easy today")
    RED = "red", _("Rest today")


class CheckIn(models.Model):
    class Sleep(models.TextChoices):
        GOOD = "good", _("Good")
        OK = "ok", _("OK")
        POOR = "poor", _("Poor")

    class Nausea(models.TextChoices):
        NONE = "none", _("None")
        MILD = "mild", _("A little")
        VOMITED = "vomited", _("I have vomited")

    class Dizziness(models.TextChoices):
        NONE = "none", _("None")
        MILD = "mild", _("A little")
        STRONG = "strong", _("A lot")

    class Soreness(models.TextChoices):
        NONE = "none", _("None")
        SOME = "some", _("Some")
        A_LOT = "a_lot", _("A lot")

    patient = models.ForeignKey(PatientProfile, on_delete=models.CASCADE, related_name="check_ins")
    date = models.DateField(_("date"))  # the patient's local date
    sleep = models.CharField(_("sleep"), max_length=8, choices=Sleep.choices)
    energy = models.PositiveSmallIntegerField(
        _("energy"), validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    nausea = models.CharField(_("nausea"), max_length=8, choices=Nausea.choices)
    dizziness = models.CharField(_("dizziness"), max_length=8, choices=Dizziness.choices)
    pain = models.PositiveSmallIntegerField(
        _("pain"), validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    pain_area = models.CharField(
        _("where it hurts"), max_length=20, choices=BodyArea.choices, blank=True
    )
    fever_38 = models.BooleanField(_("fever of 38 °C or more"), default=False)
    chest_symptoms = models.BooleanField(_("chest pain or palpitations"), default=False)
    breathless = models.BooleanField(_("new breathlessness"), default=False)
    sore_from_last = models.CharField(
        _("sore from the last session"),
        max_length=8,
        choices=Soreness.choices,
        default=Soreness.NONE,
    )
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    # Stable reason codes from sessions_log.guidance; the text is translated when shown.
    reasons = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "date"], name="checkin_one_per_day"),
            models.CheckConstraint(condition=Q(energy__lte=10), name="checkin_energy_range"),
            models.CheckConstraint(condition=Q(pain__lte=10), name="checkin_pain_range"),
        ]

    def __str__(self) -> str:
        return f"check-in {self.date}"


class WorkoutSession(models.Model):
    class Activity(models.TextChoices):
        WALK = "walk", _("Walk")
        CYCLE = "cycle", _("Cycling")
        CARDIO = "cardio", _("Cardio machine")
        STRENGTH = "strength", _("Strength")
        BALANCE = "balance", _("Balance")
        MOBILITY = "mobility", _("Mobility")
        GROUP_CLASS = "group_class", _("Group class")
        OTHER = "other", _("Other")

    class Setting(models.TextChoices):
        SELF = "self", _("On my own")
        GROUP = "group", _("In a group at the centre")
        HOME = "home", _("At home")

    patient = models.ForeignKey(PatientProfile, on_delete=models.CASCADE, related_name="sessions")
    check_in = models.ForeignKey(
        CheckIn, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    started_at = models.DateTimeField(_("when"))
    # The patient's local date of started_at, kept for weekly sums by index.
    performed_on = models.DateField(_("date"))
    duration_min = models.PositiveSmallIntegerField(
        _("minutes"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    activity = models.CharField(_("activity"), max_length=16, choices=Activity.choices)
    setting = models.CharField(_("where"), max_length=8, choices=Setting.choices)
    rpe = models.PositiveSmallIntegerField(
        _("effort (Borg RPE)"), validators=[MinValueValidator(6), MaxValueValidator(20)]
    )
    avg_hr = models.PositiveSmallIntegerField(
        _("average heart rate"),
        null=True,
        blank=True,
        validators=[MinValueValidator(30), MaxValueValidator(230)],
    )
    max_hr = models.PositiveSmallIntegerField(
        _("highest heart rate"),
        null=True,
        blank=True,
        validators=[MinValueValidator(30), MaxValueValidator(230)],
    )
    notes = models.TextField(_("notes"), blank=True)
    flare_injury = models.ForeignKey(
        PriorInjury,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="flares",
        verbose_name=_("an old injury is bothering me"),
    )
    client_uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Days until the patient answered "yes, recovered"; written by the recovery follow-up.
    recovery_days = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["patient", "-performed_on"], name="session_patient_day")]
        constraints = [
            models.CheckConstraint(condition=Q(rpe__gte=6, rpe__lte=20), name="session_rpe_range"),
            models.CheckConstraint(
                condition=Q(duration_min__gte=1, duration_min__lte=600),
                name="session_duration_range",
            ),
            models.CheckConstraint(
                condition=Q(avg_hr__isnull=True)
                | Q(max_hr__isnull=True)
                | Q(avg_hr__lte=F("max_hr")),
                name="session_avg_hr_not_above_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_activity_display()} {self.performed_on}"


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
    recovered = models.CharField(max_length=8, choices=Recovered.choices, blank=True)
    managed_chores = models.BooleanField(null=True, blank=True)
    soreness = models.CharField(max_length=8, choices=Soreness.choices, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-asked_for"]
        constraints = [
            models.UniqueConstraint(fields=["session", "asked_for"], name="recovery_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"recovery {self.session_id} {self.asked_for}"


class Flag(models.Model):
    class Kind(models.TextChoices):
        RED_CHECKIN = "red_checkin", _("Red check-in")
        TOO_HARD = "too_hard", _("Too hard: daily chores not managed")
        SLOW_RECOVERY = "slow_recovery", _("Not recovered after a day")
        PROLONGED_SORENESS = "prolonged_soreness", _("Sore on day 5 or later")
        OVER_RESTRICTION = "over_restriction", _("Above the restriction's limit")
        INJURY_FLARE = "injury_flare", _("Old injury flaring")
        INACTIVE = "inactive", _("No activity for 7 days")

    patient = models.ForeignKey(PatientProfile, on_delete=models.CASCADE, related_name="flags")
    session = models.ForeignKey(
        WorkoutSession, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    check_in = models.ForeignKey(
        CheckIn, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    physio_note = models.TextField(blank=True)
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
    kind = models.CharField(max_length=16, choices=Kind.choices)
    for_date = models.DateField()
    channel = models.CharField(max_length=8, choices=Channel.choices)
    created_at = models.DateTimeField(default=timezone.now)
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


from sessions_log.plans.models import (  # noqa: E402, F401 - training plans
    Equipment,
    Exercise,
    ExerciseType,
    PlannedExercise,
    PlannedSession,
    Programme,
    ProgrammeTemplate,
)
