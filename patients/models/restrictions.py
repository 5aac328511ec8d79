"""What the physiotherapist records about the body: restrictions in force for a time (after
surgery, heart-straining treatment, bone metastasis, ...) and prior injuries ("weakest link")."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

from patients.body_areas import BodyArea
from patients.models.profiles import PatientProfile
from pusterom.fields import LimitedTextField, text_limit

# Limits for free text, in characters. The form says each one next to its field. Shown on
# the patient's phone: a few sentences.
RESTRICTION_NOTE_LIMIT = 500
PRIOR_INJURY_DESCRIPTION_LIMIT = 200


def _active_on(day: dt.date) -> Q:
    """A restriction is in force from its first day to its last day, both included; one
    without an end date lasts until it is ended."""
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class RestrictionQuerySet(models.QuerySet):
    def active_on(self, day: dt.date):
        """Restrictions in force on ``day`` (both apps ask this; the one definition)."""
        return self.filter(_active_on(day))

    def with_state_on(self, day: dt.date):
        """Each restriction with ``state`` on ``day``: "active", "upcoming" or "ended"."""
        return self.annotate(
            state=Case(
                When(_active_on(day), then=Value("active")),
                When(starts_on__gt=day, then=Value("upcoming")),
                default=Value("ended"),
                output_field=models.CharField(),
            )
        )


class Restriction(models.Model):
    class Kind(models.TextChoices):
        AFTER_SURGERY = "after_surgery", _("After surgery")
        CARDIOTOXIC = "cardiotoxic", _("Heart-straining treatment")
        BONE_METASTASIS = "bone_metastasis", _("Bone metastasis")
        LYMPHOEDEMA = "lymphoedema", _("Lymphoedema")
        NEUROPATHY = "neuropathy", _("Neuropathy / balance")
        OTHER = "other", _("Other")

    patient = models.ForeignKey(
        PatientProfile, on_delete=models.CASCADE, related_name="restrictions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    body_area = models.CharField(_("body area"), max_length=20, choices=BodyArea, blank=True)
    max_rpe = models.PositiveSmallIntegerField(
        _("highest effort (Borg RPE)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(6), MaxValueValidator(20)],
    )
    max_heart_rate = models.PositiveSmallIntegerField(
        _("highest heart rate"),
        null=True,
        blank=True,
        validators=[MinValueValidator(60), MaxValueValidator(220)],
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    note = LimitedTextField(
        _("note for the patient"), max_length=RESTRICTION_NOTE_LIMIT, blank=True
    )
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_rpe__isnull=True) | Q(max_rpe__gte=6, max_rpe__lte=20),
                name="restriction_rpe_range",
            ),
            models.CheckConstraint(
                condition=Q(max_heart_rate__isnull=True)
                | Q(max_heart_rate__gte=60, max_heart_rate__lte=220),
                name="restriction_hr_range",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="restriction_ends_after_start",
            ),
            text_limit("note", RESTRICTION_NOTE_LIMIT, name="restriction_note_limit"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == self.Kind.AFTER_SURGERY:
            if not self.body_area:
                errors["body_area"] = _("Choose the body area that must not be loaded.")
            if not self.ends_on:
                errors["ends_on"] = _("Give the date until which the area must not be loaded.")
        if self.kind == self.Kind.CARDIOTOXIC and not (self.max_rpe or self.max_heart_rate):
            errors["max_rpe"] = _("Give a highest effort, a highest heart rate, or both.")
        if self.kind == self.Kind.BONE_METASTASIS and not self.body_area:
            errors["body_area"] = _("Choose the site of the metastasis.")
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end date must be on or after the start date.")
        if errors:
            raise ValidationError(errors)


class PriorInjury(models.Model):
    """The "weakest link": an old injury that may flare during treatment."""

    patient = models.ForeignKey(
        PatientProfile, on_delete=models.CASCADE, related_name="prior_injuries"
    )
    body_area = models.CharField(_("body area"), max_length=20, choices=BodyArea)
    description = models.CharField(_("description"), max_length=PRIOR_INJURY_DESCRIPTION_LIMIT)
    since_year = models.PositiveSmallIntegerField(
        _("since (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1920), MaxValueValidator(2100)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["body_area", "id"]
        verbose_name_plural = _("prior injuries")

    def __str__(self) -> str:
        return f"{self.get_body_area_display()}: {self.description}"
