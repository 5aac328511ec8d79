"""A workout session the patient logged."""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from patients.models import PatientProfile, PriorInjury
from pusterom.fields import LimitedTextField, text_limit
from sessions_log.models.checkins import CheckIn

NOTES_LIMIT = 2000


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

    class PlanFollowed(models.TextChoices):
        """How a session logged from the training plan ("Dagens økt") went: planned vs done."""

        AS_PLANNED = "as_planned", _("As planned")
        LIGHTER = "lighter", _("A lighter version")
        OTHER = "other", _("Something else")

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
    activity = models.CharField(_("activity"), max_length=16, choices=Activity)
    setting = models.CharField(_("where"), max_length=8, choices=Setting)
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
    notes = LimitedTextField(_("notes"), blank=True, max_length=NOTES_LIMIT)
    flare_injury = models.ForeignKey(
        PriorInjury,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="flares",
        verbose_name=_("an old injury is bothering me"),
    )
    # The planned session of the day this carried out (null: logged outside the plan). Planned
    # sessions belong to a programme version, and versions are kept, so history stays linked.
    planned_session = models.ForeignKey(
        "sessions_log.PlannedSession",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="workouts",
    )
    plan_followed = models.CharField(
        _("how it went against the plan"), max_length=12, choices=PlanFollowed, blank=True
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
                condition=Q(planned_session__isnull=True, plan_followed="")
                | Q(
                    planned_session__isnull=False,
                    plan_followed__in=["as_planned", "lighter", "other"],
                ),
                name="session_plan_followed_with_plan",
            ),
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
            text_limit("notes", NOTES_LIMIT, name="session_notes_limit"),
        ]

    def __str__(self) -> str:
        return f"{self.get_activity_display()} {self.performed_on}"
