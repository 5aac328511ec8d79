"""Training plans: the exercise library, centre templates and the patient's programme.

The shared library (``centre`` empty) ships with the product from ``library.toml`` by data
migrations; a centre's own exercises are visible to that centre only. A programme is kept as
versions: every change saves a new ``Programme`` row with its sessions, and the patient sees
the highest version. ``PlannedSession`` rows belong to a programme version or to a centre's
template (never both).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from patients.models import PatientProfile
from pusterom.fields import LimitedTextField, text_limit
from pusterom.models import Centre
from sessions_log.plans.rules.data import Dose

BORG = [MinValueValidator(6), MaxValueValidator(20)]
WEEKDAYS_ISO = r"^1?2?3?4?5?6?7?$"


def _in_language(obj, field: str) -> str:
    """The English text for English readers when there is one; Bokmål otherwise."""
    language = (get_language() or "nb").split("-")[0]
    if language == "en":
        return getattr(obj, f"{field}_en") or getattr(obj, f"{field}_nb")
    return getattr(obj, f"{field}_nb") or getattr(obj, f"{field}_en")


class ExerciseType(models.TextChoices):
    ENDURANCE = "endurance", _("Endurance")
    STRENGTH = "strength", _("Strength")
    BALANCE = "balance", _("Balance")
    MOBILITY = "mobility", _("Mobility")
    BREATHING = "breathing", _("Breathing and relaxation")


class Equipment(models.TextChoices):
    NONE = "none", _("No equipment")
    CHAIR = "chair", _("Chair")
    WALL = "wall", _("Wall")
    BAND = "band", _("Elastic band")
    DUMBBELLS = "dumbbells", _("Dumbbells")
    KETTLEBELL = "kettlebell", _("Kettlebell")
    STEP = "step", _("Step or stair")
    MAT = "mat", _("Mat")
    BIKE = "bike", _("Exercise bike")
    CROSS_TRAINER = "cross_trainer", _("Cross-trainer")
    ROWING_MACHINE = "rowing_machine", _("Rowing machine")
    TREADMILL = "treadmill", _("Treadmill")
    POLES = "poles", _("Walking poles")
    TOWEL = "towel", _("Towel or stick")
    RAIL = "rail", _("Rail or kitchen counter")


# Minutes, or sets x repetitions, or sets x seconds: exactly one of the three.
ONE_DOSE_UNIT = (
    Q(minutes__gte=1, reps__isnull=True, seconds__isnull=True)
    | Q(minutes__isnull=True, reps__gte=1, seconds__isnull=True)
    | Q(minutes__isnull=True, reps__isnull=True, seconds__gte=1)
)


class DoseFields(models.Model):
    """A dose, as an exercise's default and as a planned exercise's: sets x repetitions, sets
    x seconds, or minutes (each model's check constraint holds it to ``ONE_DOSE_UNIT``)."""

    sets = models.PositiveSmallIntegerField(
        _("sets"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    reps = models.PositiveSmallIntegerField(
        _("repetitions"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    seconds = models.PositiveSmallIntegerField(
        _("seconds"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), null=True, blank=True, validators=[MinValueValidator(1)]
    )

    class Meta:
        abstract = True

    @property
    def dose(self) -> Dose:
        return Dose(sets=self.sets, reps=self.reps, seconds=self.seconds, minutes=self.minutes)


class Exercise(DoseFields):
    """One exercise: instructions, what to feel and avoid, default dose and what it loads."""

    Type = ExerciseType

    slug = models.SlugField(_("short name"), max_length=80)
    centre = models.ForeignKey(
        Centre,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="exercises",
        help_text=_("Empty for the shared library that ships with Pusterom."),
    )
    type = models.CharField(_("type"), max_length=12, choices=ExerciseType.choices)
    name_nb = models.CharField(_("name (Bokmål)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    # One step per line.
    steps_nb = LimitedTextField(_("steps (Bokmål)"), max_length=2000)
    steps_en = LimitedTextField(_("steps (English)"), max_length=2000, blank=True)
    feel_nb = LimitedTextField(_("what you should feel (Bokmål)"), max_length=1000, blank=True)
    feel_en = LimitedTextField(_("what you should feel (English)"), max_length=1000, blank=True)
    avoid_nb = LimitedTextField(_("what to avoid (Bokmål)"), max_length=1000, blank=True)
    avoid_en = LimitedTextField(_("what to avoid (English)"), max_length=1000, blank=True)
    variant = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="variant_of",
        verbose_name=_("seated or supported variant"),
    )
    borg_min = models.PositiveSmallIntegerField(_("effort from (Borg)"), validators=BORG)
    borg_max = models.PositiveSmallIntegerField(_("effort to (Borg)"), validators=BORG)
    equipment = models.JSONField(_("equipment"), default=list, blank=True)
    # plans/rules/data.py tags: "load:<body area>", "impact", "spinal_flexion_loaded", ...
    tags = models.JSONField(_("what it loads"), default=list, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["type", "name_nb"]
        verbose_name = _("exercise")
        verbose_name_plural = _("exercises")
        constraints = [
            text_limit("steps_nb", 2000, name="exercise_steps_nb_limit"),
            text_limit("steps_en", 2000, name="exercise_steps_en_limit"),
            text_limit("feel_nb", 1000, name="exercise_feel_nb_limit"),
            text_limit("feel_en", 1000, name="exercise_feel_en_limit"),
            text_limit("avoid_nb", 1000, name="exercise_avoid_nb_limit"),
            text_limit("avoid_en", 1000, name="exercise_avoid_en_limit"),
            models.UniqueConstraint(
                fields=["slug"], condition=Q(centre__isnull=True), name="exercise_shared_slug"
            ),
            models.UniqueConstraint(
                fields=["centre", "slug"],
                condition=Q(centre__isnull=False),
                name="exercise_centre_slug",
            ),
            models.CheckConstraint(
                condition=Q(borg_min__gte=6, borg_max__lte=20, borg_min__lte=F("borg_max")),
                name="exercise_borg_range",
            ),
            models.CheckConstraint(
                condition=ONE_DOSE_UNIT,
                name="exercise_one_dose_unit",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _in_language(self, "name")

    @property
    def steps(self) -> list[str]:
        return [line.strip() for line in _in_language(self, "steps").splitlines() if line.strip()]

    @property
    def feel(self) -> str:
        return _in_language(self, "feel")

    @property
    def avoid(self) -> str:
        return _in_language(self, "avoid")

    @property
    def is_shared(self) -> bool:
        return self.centre_id is None

    def equipment_labels(self) -> list[str]:
        labels = dict(Equipment.choices)
        return [str(labels[code]) for code in self.equipment if code in labels]


class ProgrammeTemplate(models.Model):
    """A centre's starting point for programmes, e.g. "Under cellegift - start"."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="plan_templates")
    name = models.CharField(_("name"), max_length=120)
    description = LimitedTextField(_("description"), max_length=1000, blank=True)
    note = LimitedTextField(_("note for the patient"), max_length=1000, blank=True)
    # A starter template's stable key (plans.programmes.starter_templates); empty for own ones.
    starter_key = models.SlugField(max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme template")
        verbose_name_plural = _("programme templates")
        constraints = [
            text_limit("note", 1000, name="programmetemplate_note_limit"),
            text_limit("description", 1000, name="programmetemplate_description_limit"),
            models.UniqueConstraint(fields=["centre", "name"], name="plan_template_name"),
            models.UniqueConstraint(
                fields=["centre", "starter_key"],
                condition=~Q(starter_key=""),
                name="plan_template_starter_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    """One version of a patient's weekly programme. Versions are never changed: every change
    is a new row with the next version number; the patient sees the highest one."""

    patient = models.ForeignKey(PatientProfile, on_delete=models.CASCADE, related_name="programmes")
    version = models.PositiveIntegerField()
    note = LimitedTextField(_("note for the patient"), max_length=1000, blank=True)
    template = models.ForeignKey(
        ProgrammeTemplate,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("started from"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["patient", "-version"]
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        constraints = [
            text_limit("note", 1000, name="programme_note_limit"),
            models.UniqueConstraint(fields=["patient", "version"], name="programme_version_once"),
            models.CheckConstraint(condition=Q(version__gte=1), name="programme_version_positive"),
        ]

    def __str__(self) -> str:
        return f"programme {self.patient_id} v{self.version}"


class PlannedSession(models.Model):
    """One session of the week: which days, what kind, how long and how hard, and where."""

    class Setting(models.TextChoices):
        CENTRE = "centre", _("At the centre")
        GROUP = "group", _("In a group at the centre")
        HOME = "home", _("At home or outdoors")

    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.CASCADE, related_name="sessions"
    )
    template = models.ForeignKey(
        ProgrammeTemplate, null=True, blank=True, on_delete=models.CASCADE, related_name="sessions"
    )
    order = models.PositiveSmallIntegerField(default=0)
    # ISO weekdays, 1 = Monday ... 7 = Sunday, like PatientProfile.reminder_days.
    weekdays = models.CharField(_("days"), max_length=7)
    kind = models.CharField(_("kind"), max_length=12, choices=ExerciseType.choices)
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), validators=[MinValueValidator(1), MaxValueValidator(240)]
    )
    borg_min = models.PositiveSmallIntegerField(_("effort from (Borg)"), validators=BORG)
    borg_max = models.PositiveSmallIntegerField(_("effort to (Borg)"), validators=BORG)
    setting = models.CharField(_("where"), max_length=8, choices=Setting.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(programme__isnull=False, template__isnull=True)
                | Q(programme__isnull=True, template__isnull=False),
                name="planned_session_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(weekdays__regex=WEEKDAYS_ISO) & ~Q(weekdays=""),
                name="planned_session_weekdays_iso",
            ),
            models.CheckConstraint(
                condition=Q(borg_min__gte=6, borg_max__lte=20, borg_min__lte=F("borg_max")),
                name="planned_session_borg_range",
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=240), name="planned_session_minutes"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.weekdays}"


class PlannedExercise(DoseFields):
    session = models.ForeignKey(PlannedSession, on_delete=models.CASCADE, related_name="exercises")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sets__gte=1, sets__lte=10), name="planned_exercise_sets"
            ),
            models.CheckConstraint(
                condition=ONE_DOSE_UNIT,
                name="planned_exercise_one_dose_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exercise} {self.sets}"


class ProgressionDecision(models.Model):
    """What the physiotherapist did with a progression suggestion (plans.progression) for one
    version of a programme: accepted it (``new_programme`` is the version that made) or
    dismissed it, so the same suggestion does not come back for that version."""

    class Code(models.TextChoices):
        READY_FOR_MORE = "ready_for_more", _("Ready for more")
        STEP_DOWN = "step_down", _("Step down")

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        DISMISSED = "dismissed", _("Dismissed")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="progression_decisions"
    )
    code = models.CharField(_("suggestion"), max_length=16, choices=Code.choices)
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices)
    new_programme = models.OneToOneField(
        Programme,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="made_from_suggestion",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("progression decision")
        verbose_name_plural = _("progression decisions")
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="progression_decision_once"),
            models.CheckConstraint(
                condition=Q(decision="accepted", new_programme__isnull=False)
                | Q(decision="dismissed", new_programme__isnull=True),
                name="progression_decision_accepted_has_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.decision} v{self.programme_id}"
