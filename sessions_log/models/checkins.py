"""The daily check-in, its level (green / amber / red) and how urgent a call is."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from patients.models import BodyArea, PatientProfile
from sessions_log import guidance


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
    sleep = models.CharField(_("sleep"), max_length=8, choices=Sleep)
    energy = models.PositiveSmallIntegerField(
        _("energy"), validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    nausea = models.CharField(_("nausea"), max_length=8, choices=Nausea)
    dizziness = models.CharField(_("dizziness"), max_length=8, choices=Dizziness)
    pain = models.PositiveSmallIntegerField(
        _("pain"), validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    pain_area = models.CharField(_("where it hurts"), max_length=20, choices=BodyArea, blank=True)
    # The warning signs (guidance.WARNING_SIGNS); the lower-case names are how the
    # physiotherapist's pages list them after the day's level.
    fever_38 = models.BooleanField(_("fever of 38 °C or more"), default=False)
    chest_symptoms = models.BooleanField(_("chest pain or palpitations"), default=False)
    breathless = models.BooleanField(_("new breathlessness"), default=False)
    fainted = models.BooleanField(_("fainted"), default=False)
    confusion = models.BooleanField(_("new confusion"), default=False)
    back_pain_weakness = models.BooleanField(
        _("back pain with new weakness or numbness in the legs"), default=False
    )
    chills = models.BooleanField(_("shaking chills or feeling acutely ill"), default=False)
    bleeding = models.BooleanField(_("new bleeding or unusual bruising"), default=False)
    swelling_one_side = models.BooleanField(
        _("new swelling, warmth or pain in one leg or arm"), default=False
    )
    fluids = models.BooleanField(_("cannot keep fluids down, or diarrhoea"), default=False)
    line_site = models.BooleanField(
        _("port or PICC line site red, swollen or leaking"), default=False
    )
    fell = models.BooleanField(_("a fall or a near-fall"), default=False)
    sore_from_last = models.CharField(
        _("sore from the last session"),
        max_length=8,
        choices=Soreness,
        default=Soreness.NONE,
    )
    level = models.CharField(_("level"), max_length=8, choices=Level)
    # Who to call and how soon, as assessed (guidance.URGENCIES): the physiotherapist's queue
    # puts a call-now or emergency day first.
    urgency = models.CharField(
        _("urgency"),
        max_length=16,
        choices=[(code, guidance.URGENCY_LABELS[code]) for code in guidance.URGENCIES],
        default=guidance.NONE,
    )
    # Stable reason codes from sessions_log.guidance; the text is translated when shown.
    reasons = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The patient's answers: what the form asks, the service stores and the export lists.
    # The warning signs in the order they are asked, most urgent first (guidance.WARNING_SIGNS).
    WARNING_SIGNS = tuple(code for code, _label in guidance.WARNING_SIGNS)
    ANSWER_FIELDS = (
        "sleep",
        "energy",
        "nausea",
        "dizziness",
        "pain",
        "pain_area",
        *WARNING_SIGNS,
        "sore_from_last",
    )

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "date"], name="checkin_one_per_day"),
            models.CheckConstraint(condition=Q(energy__lte=10), name="checkin_energy_range"),
            models.CheckConstraint(condition=Q(pain__lte=10), name="checkin_pain_range"),
        ]

    def __str__(self) -> str:
        return f"check-in {self.date}"

    def signs_present(self) -> list[str]:
        """The warning signs answered "yes", by their short lower-case names."""
        return [
            self._meta.get_field(code).verbose_name
            for code in self.WARNING_SIGNS
            if getattr(self, code)
        ]
