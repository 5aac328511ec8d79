"""The forms of the plan editor, used for patients' programmes and for centre templates: a
session of the week, one exercise row of a session, and the head forms (a plan's note and
version, a template's name). A row or session left empty (or ticked "Remove") is skipped, so
no field is required until something is filled in. ``editor.PlanEditor`` puts them together.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sessions_log.models import ExerciseType, PlannedSession
from sessions_log.plans.exercises.selectors import unsuitable_reason
from sessions_log.plans.form_helpers import UNITS, number_field
from sessions_log.plans.programmes.services import ItemInput
from sessions_log.plans.rules.data import Dose
from sessions_log.plans.words import WEEKDAYS

NOT_SUITABLE = _("not suitable")


def _dose_from(sets, amount, unit, default: Dose) -> dict:
    """sets/reps/seconds/minutes from the form's three fields; blanks take the default."""
    unit = unit or default.unit
    if amount is None:
        amount = {"reps": default.reps, "seconds": default.seconds, "minutes": default.minutes}[
            unit
        ] or (10 if unit == "reps" else 30 if unit == "seconds" else 10)
    values = {"sets": sets or default.sets, "reps": None, "seconds": None, "minutes": None}
    values[unit] = amount
    return values


class BlankSkippingForm(forms.Form):
    """A form that counts as absent when nothing is filled in or "remove" is ticked: it then
    validates as ``{"blank": True}`` with no errors."""

    blank_ignores: tuple[str, ...] = ()

    def raw_blank(self) -> bool:
        if not self.is_bound:
            return False
        if "remove" in self.fields and self["remove"].value():
            return True
        for name, field in self.fields.items():
            if name == "remove" or name in self.blank_ignores:
                continue
            value = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            if value not in (None, "", [], ()):
                return False
        return True

    def full_clean(self):
        if self.raw_blank():
            self._errors = forms.utils.ErrorDict()
            self.cleaned_data = {"blank": True}
            return
        super().full_clean()

    @property
    def removed(self) -> bool:
        return bool(self.is_bound and "remove" in self.fields and self["remove"].value())

    @property
    def is_blank(self) -> bool:
        return bool(self.is_bound and self.is_valid() and self.cleaned_data.get("blank"))


class ExerciseSelect(forms.Select):
    """Exercises grouped by type; one that the patient's restrictions exclude is marked and
    cannot be chosen (unless it is already in the plan, where saving names the problem)."""

    def __init__(self, *args, unsuitable=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unsuitable = unsuitable or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value not in (None, "") and int(value) in self.unsuitable:
            option["label"] = f"{label} – {NOT_SUITABLE}"
            if not selected:
                option["attrs"]["disabled"] = True
        return option


class ExerciseRowForm(BlankSkippingForm):
    blank_ignores = ("unit",)

    exercise = forms.ChoiceField(
        label=_("Exercise"), error_messages={"required": _("Choose an exercise from the list.")}
    )
    sets = number_field(_("Sets"), low=1, high=10, required=False)
    amount = number_field(_("How many"), low=1, high=600, required=False)
    unit = forms.ChoiceField(
        label=_("Counted in"), choices=[("", _("as in the library")), *UNITS], required=False
    )
    remove = forms.BooleanField(label=_("Remove"), required=False)

    def __init__(self, *args, exercises, unsuitable, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.exercises = exercises
        self.unsuitable = unsuitable
        self.fields["exercise"].choices = choices
        self.fields["exercise"].widget = ExerciseSelect(unsuitable=unsuitable)
        self.fields["exercise"].widget.choices = choices

    @property
    def unsuitable_now(self) -> bool:
        """The chosen exercise does not suit the restrictions (marked before saving)."""
        value = self["exercise"].value()
        return bool(value) and str(value).isdigit() and int(value) in self.unsuitable

    def clean(self):
        data = super().clean()
        pk = data.get("exercise")
        if not pk:
            return data
        exercise = self.exercises.get(int(pk))
        if exercise is None:
            self.add_error("exercise", _("Choose an exercise from the list."))
            return data
        check = self.unsuitable.get(exercise.pk)
        if check is not None:
            message = _("%(exercise)s does not suit this patient's restrictions: %(rule)s") % {
                "exercise": exercise.name,
                "rule": unsuitable_reason(check),
            }
            if check.replacement is not None:
                message += " " + _("Choose %(variant)s or another exercise.") % {
                    "variant": check.replacement.name
                }
            else:
                message += " " + str(_("Choose another exercise."))
            self.add_error("exercise", message)
            return data
        data["item"] = ItemInput(
            exercise,
            **_dose_from(data.get("sets"), data.get("amount"), data.get("unit"), exercise.dose),
        )
        return data


class SessionForm(BlankSkippingForm):
    weekdays = forms.MultipleChoiceField(
        label=_("Days"),
        choices=WEEKDAYS,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "chips--weekdays"}),
        error_messages={"required": _("Choose at least one day.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", "–")] + ExerciseType.choices,
        error_messages={"required": _("Choose what kind of session it is.")},
    )
    setting = forms.ChoiceField(
        label=_("Where"),
        choices=[("", "–")] + PlannedSession.Setting.choices,
        error_messages={"required": _("Choose where the session is.")},
    )
    minutes = number_field(
        _("Minutes"), low=1, high=240, error=_("Enter how many minutes, for example 30.")
    )
    borg_min = number_field(
        _("Effort from (Borg)"), low=6, high=20, error=_("Enter the lowest effort, for example 11.")
    )
    borg_max = number_field(
        _("Effort to (Borg)"), low=6, high=20, error=_("Enter the highest effort, for example 13.")
    )
    note = forms.CharField(
        label=_("Note for the patient"),
        help_text=_("For example: split it into 2 x 10 minutes."),
        max_length=200,
        required=False,
    )
    remove = forms.BooleanField(label=_("Remove this session"), required=False)

    def clean(self):
        data = super().clean()
        low, high = data.get("borg_min"), data.get("borg_max")
        if low is not None and high is not None and low > high:
            self.add_error("borg_max", _("The highest effort must be at least the lowest."))
        return data


class PlanForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the patient"),
        help_text=_("In plain words: what the plan is for and how to adapt it."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    template = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TemplateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        error_messages={"required": _("Give the template a name.")},
    )
    description = forms.CharField(
        label=_("Who it is for"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    note = forms.CharField(
        label=_("Note for the patient"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )
