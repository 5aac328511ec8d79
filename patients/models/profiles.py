"""The patient's profile (centre, physiotherapist, reminders, plan adherence) and the intake
conversation with the physiotherapist."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from patients.models.referrals import Referral, TreatmentPhase
from pusterom.fields import LimitedTextField, text_limit
from pusterom.models import Centre

# Limits for free text, in characters. The form says each one next to its field.
INTAKE_GOALS_LIMIT = 1000
INTAKE_NOTES_LIMIT = 4000


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Whole years of age on ``day``."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def default_reminder_time():
    return dt.time(9, 0)


class PatientProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="patient_profile"
    )
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="patients")
    referral = models.OneToOneField(
        Referral, null=True, blank=True, on_delete=models.SET_NULL, related_name="patient"
    )
    birth_date = models.DateField(_("date of birth"))
    assigned_physio = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_patients",
        verbose_name=_("physiotherapist"),
    )
    treatment_phase = models.CharField(_("treatment phase"), max_length=8, choices=TreatmentPhase)
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    # Set by the physiotherapist. Only then does the check-in ask whether the line's site is
    # red, swollen or leaking (sessions_log.guidance, "line_site").
    has_central_line = models.BooleanField(_("has a port or PICC line"), default=False)
    # Reminders: the local time and ISO weekdays (1 = Monday ... 7 = Sunday) for check-ins.
    reminder_time = models.TimeField(_("reminder time"), default=default_reminder_time)
    reminder_days = models.CharField(_("reminder days"), max_length=7, default="1234567")
    reminders_enabled = models.BooleanField(_("reminders on"), default=True)
    email_opt_in = models.BooleanField(_("reminders by email"), default=True)
    sms_opt_in = models.BooleanField(_("reminders by SMS"), default=False)
    remind_checkin = models.BooleanField(_("check-in reminder"), default=True)
    remind_recovery = models.BooleanField(_("recovery question"), default=True)
    remind_inactivity = models.BooleanField(_("nudge after a quiet week"), default=True)
    remind_weekly = models.BooleanField(_("weekly summary"), default=True)
    privacy_accepted_at = models.DateTimeField(null=True, blank=True)
    # Written by the sessions_log app whenever the patient checks in or logs a session, so
    # that lists here can show it without importing that app.
    last_activity_at = models.DateTimeField(null=True, blank=True)
    # Written by the sessions_log app too (its plans feature,
    # sessions_log.plans.review.services.refresh_plan_adherence): the share, in per cent, of
    # the training plan's sessions of the last 14 days up to yesterday that the patient did
    # (as planned or lighter), and when it was worked out. Empty: no planned sessions in those days. The patient list sorts by it.
    plan_adherence = models.PositiveSmallIntegerField(
        _("training plan followed (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    plan_adherence_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = _("patient")
        verbose_name_plural = _("patients")
        constraints = [
            models.CheckConstraint(
                condition=Q(reminder_days__regex=r"^1?2?3?4?5?6?7?$"),
                name="patient_reminder_days_iso",
            ),
            models.CheckConstraint(
                condition=Q(plan_adherence__lte=100), name="patient_plan_adherence_percent"
            ),
        ]
        indexes = [models.Index(fields=["centre", "last_activity_at"], name="patient_activity")]

    def __str__(self) -> str:
        return str(self.user)

    def age_on(self, day: dt.date) -> int:
        return age_on(self.birth_date, day)

    def local_today(self) -> dt.date:
        return self.centre.local_today()


class IntakeConversation(models.Model):
    class Background(models.TextChoices):
        NEVER = "never", _("Never been active")
        OCCASIONALLY = "occasionally", _("Active now and then")
        REGULARLY = "regularly", _("Active every week")
        A_LOT = "a_lot", _("Trains a lot")

    patient = models.ForeignKey(PatientProfile, on_delete=models.CASCADE, related_name="intakes")
    physio = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date of the conversation"))
    activity_background = models.CharField(
        _("activity background"), max_length=16, choices=Background
    )
    goals = LimitedTextField(_("goals, in the patient's words"), max_length=INTAKE_GOALS_LIMIT)
    notes = LimitedTextField(_("notes"), max_length=INTAKE_NOTES_LIMIT, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-created_at"]
        constraints = [
            text_limit("goals", INTAKE_GOALS_LIMIT, name="intake_goals_limit"),
            text_limit("notes", INTAKE_NOTES_LIMIT, name="intake_notes_limit"),
        ]

    def __str__(self) -> str:
        return f"intake {self.held_on}"
