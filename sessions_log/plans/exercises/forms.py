"""The form for a centre's own exercise (names, steps and texts in both languages, the
default dose and effort, equipment, what it loads, its variant and video)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from patients.models import BodyArea
from sessions_log.models import Equipment, Exercise, ExerciseType
from sessions_log.plans.form_helpers import UNITS, number_field
from sessions_log.plans.rules.data import TAG_LABELS, load, loaded_areas

# Areas an exercise can load ("whole body" and "other" say nothing a rule can use).
LOADABLE_AREAS = [(v, label) for v, label in BodyArea.choices if v not in ("whole_body", "other")]


class ExerciseForm(forms.Form):
    # The fields that hold the model's value as it is (the dose, tags and variant do not).
    SAME_AS_MODEL = (
        "name_nb",
        "name_en",
        "type",
        "steps_nb",
        "steps_en",
        "feel_nb",
        "feel_en",
        "avoid_nb",
        "avoid_en",
        "sets",
        "borg_min",
        "borg_max",
        "equipment",
        "video_url",
    )

    name_nb = forms.CharField(
        label=_("Name in Bokmål"),
        max_length=120,
        error_messages={"required": _("Give the exercise a name in Bokmål.")},
    )
    name_en = forms.CharField(label=_("Name in English"), max_length=120, required=False)
    type = forms.ChoiceField(
        label=_("Type"),
        choices=ExerciseType.choices,
        widget=forms.RadioSelect(attrs={"class": "chips--compact"}),
        error_messages={"required": _("Choose the type of exercise.")},
    )
    steps_nb = forms.CharField(
        label=_("Steps in Bokmål"),
        help_text=_("One short step per line, 3 to 6 steps."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write the steps in Bokmål, one per line.")},
    )
    steps_en = forms.CharField(
        label=_("Steps in English"),
        help_text=_("One short step per line, 3 to 6 steps. Empty: English readers see Bokmål."),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    feel_nb = forms.CharField(
        label=_("What you should feel, in Bokmål"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    feel_en = forms.CharField(
        label=_("What you should feel, in English"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    avoid_nb = forms.CharField(
        label=_("What to avoid, in Bokmål"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    avoid_en = forms.CharField(
        label=_("What to avoid, in English"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    sets = number_field(
        _("Sets"), low=1, high=10, error=_("Enter the number of sets, for example 3.")
    )
    amount = number_field(
        _("Repetitions, seconds or minutes"),
        low=1,
        high=600,
        error=_("Enter how many, for example 10."),
    )
    unit = forms.ChoiceField(
        label=_("Counted in"),
        choices=UNITS,
        widget=forms.RadioSelect(attrs={"class": "chips--compact"}),
        error_messages={
            "required": _("Choose whether the dose is counted in repetitions, seconds or minutes.")
        },
    )
    borg_min = number_field(
        _("Effort from (Borg)"), low=6, high=20, error=_("Enter the lowest effort, for example 11.")
    )
    borg_max = number_field(
        _("Effort to (Borg)"), low=6, high=20, error=_("Enter the highest effort, for example 13.")
    )
    equipment = forms.MultipleChoiceField(
        label=_("Equipment"),
        choices=Equipment.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "chips--options"}),
    )
    loads = forms.MultipleChoiceField(
        label=_("Body areas it loads"),
        help_text=_("Choose both sides when both are loaded. The restrictions use this."),
        choices=LOADABLE_AREAS,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "chips--options"}),
    )
    flags = forms.MultipleChoiceField(
        label=_("It asks for"),
        choices=list(TAG_LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    variant = forms.TypedChoiceField(
        label=_("Seated or supported variant"),
        coerce=int,
        empty_value=None,
        required=False,
    )
    video_url = forms.URLField(
        label=_("Video link"),
        help_text=_("Only your centre's own videos, for example on the centre's website."),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Enter a full web address, for example https://…")},
    )

    def __init__(self, *args, variants, instance: Exercise | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(instance)
        super().__init__(*args, **kwargs)
        self.variants = {e.pk: e for e in variants if instance is None or e.pk != instance.pk}
        self.fields["variant"].choices = [("", _("None"))] + [
            (e.pk, f"{e.name} ({e.get_type_display().lower()})") for e in self.variants.values()
        ]

    @staticmethod
    def initial_from(exercise: Exercise) -> dict:
        dose = exercise.dose
        return {
            **{name: getattr(exercise, name) for name in ExerciseForm.SAME_AS_MODEL},
            "variant": exercise.variant_id,
            "unit": dose.unit,
            "amount": {"reps": dose.reps, "seconds": dose.seconds, "minutes": dose.minutes}[
                dose.unit
            ],
            "loads": loaded_areas(exercise.tags),
            "flags": [t for t in exercise.tags if t in TAG_LABELS],
        }

    def _steps(self, name: str) -> str:
        lines = [line.strip() for line in self.cleaned_data.get(name, "").splitlines()]
        lines = [line for line in lines if line]
        if lines and not 3 <= len(lines) <= 6:
            self.add_error(name, _("Write 3 to 6 steps, one per line."))
        return "\n".join(lines)

    def clean(self):
        data = super().clean()
        for name in ("steps_nb", "steps_en"):
            if name in data:
                data[name] = self._steps(name)
        low, high = data.get("borg_min"), data.get("borg_max")
        if low is not None and high is not None and low > high:
            self.add_error("borg_max", _("The highest effort must be at least the lowest."))
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        unit, amount = data["unit"], data["amount"]
        return {
            **{name: data[name] for name in self.SAME_AS_MODEL},
            "reps": amount if unit == "reps" else None,
            "seconds": amount if unit == "seconds" else None,
            "minutes": amount if unit == "minutes" else None,
            "tags": sorted({load(a) for a in data["loads"]} | set(data["flags"])),
            "variant": self.variants.get(data["variant"]),
        }
