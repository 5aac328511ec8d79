"""Forms for training plans: a centre's own exercise, and the plan editor (the week's sessions,
each with its exercises) used for patients' programmes and for centre templates.

The editor is a formset of sessions, each with a formset of exercise rows, all server-side:
"More rows" adds a blank session and blank rows without saving. A row or session left
empty (or ticked "Remove") is skipped, so no field is required until something is filled in.

For patients: the effort of today's planned session, logged from "Dagens økt".
"""

from __future__ import annotations

import uuid

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from patients.models import BodyArea
from sessions_log.checkins.forms import RPE_WORDS
from sessions_log.models import (
    Equipment,
    Exercise,
    ExerciseType,
    PlannedSession,
    ProgressionDecision,
)
from sessions_log.plans import rules
from sessions_log.plans.selectors import WEEKDAYS, unsuitable_reason
from sessions_log.plans.services import ItemInput, SessionInput

UNITS = [
    ("reps", _("repetitions")),
    ("seconds", _("seconds")),
    ("minutes", _("minutes")),
]
NOT_SUITABLE = _("not suitable")
MAX_SESSIONS = 14
MAX_ROWS = 20
EXTRA_ROWS = 2  # blank exercise rows under a session's own
NEW_SESSION_ROWS = 4  # blank rows in a blank session

# Areas an exercise can load ("whole body" and "other" say nothing a rule can use).
LOADABLE_AREAS = [(v, label) for v, label in BodyArea.choices if v not in ("whole_body", "other")]


def _number(label, *, low, high, required=True, help_text="", error=""):
    messages = {
        "required": error or _("Enter a number."),
        "invalid": error or _("Enter a whole number."),
        "min_value": _("Enter %(limit_value)s or more."),
        "max_value": _("Enter %(limit_value)s or less."),
    }
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        required=required,
        help_text=help_text,
        error_messages=messages,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


def _dose_from(sets, amount, unit, default: rules.Dose) -> dict:
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


# The centre's own exercise -----------------------------------------------------------------


class ExerciseForm(forms.Form):
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
    sets = _number(_("Sets"), low=1, high=10, error=_("Enter the number of sets, for example 3."))
    amount = _number(
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
    borg_min = _number(
        _("Effort from (Borg)"), low=6, high=20, error=_("Enter the lowest effort, for example 11.")
    )
    borg_max = _number(
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
        choices=list(rules.TAG_LABELS.items()),
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
            **{
                name: getattr(exercise, name)
                for name in (
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
                    "variant",
                )
            },
            "variant": exercise.variant_id,
            "unit": dose.unit,
            "amount": {"reps": dose.reps, "seconds": dose.seconds, "minutes": dose.minutes}[
                dose.unit
            ],
            "loads": rules.loaded_areas(exercise.tags),
            "flags": [t for t in exercise.tags if t in rules.TAG_LABELS],
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
            **{
                name: data[name]
                for name in (
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
            },
            "reps": amount if unit == "reps" else None,
            "seconds": amount if unit == "seconds" else None,
            "minutes": amount if unit == "minutes" else None,
            "tags": sorted({rules.load(a) for a in data["loads"]} | set(data["flags"])),
            "variant": self.variants.get(data["variant"]),
        }


# The plan editor ---------------------------------------------------------------------------


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
    sets = _number(_("Sets"), low=1, high=10, required=False)
    amount = _number(_("How many"), low=1, high=600, required=False)
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
    minutes = _number(
        _("Minutes"), low=1, high=240, error=_("Enter how many minutes, for example 30.")
    )
    borg_min = _number(
        _("Effort from (Borg)"), low=6, high=20, error=_("Enter the lowest effort, for example 11.")
    )
    borg_max = _number(
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


class SuggestionForm(forms.Form):
    """Accepting or dismissing a progression suggestion: which one, for which version, and
    the page to go back to. All hidden: the page's buttons send them."""

    code = forms.ChoiceField(choices=ProgressionDecision.Code.choices, widget=forms.HiddenInput)
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=100_000)
    back = forms.ChoiceField(
        choices=[("patient", "patient"), ("plan", "plan")],
        widget=forms.HiddenInput,
        required=False,
    )


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


def exercise_choices(exercises) -> list:
    """The exercise select's choices: grouped by type, in the reader's language."""
    groups = []
    for value, label in ExerciseType.choices:
        options = sorted(
            ((e.pk, e.name) for e in exercises.values() if e.type == value),
            key=lambda option: option[1].lower(),
        )
        if options:
            groups.append((label, options))
    return [("", "–"), *groups]


SessionFormSet = formset_factory(
    SessionForm, extra=0, max_num=MAX_SESSIONS, validate_max=True, absolute_max=MAX_SESSIONS
)


def _row_formset(extra: int):
    return formset_factory(
        ExerciseRowForm, extra=extra, max_num=MAX_ROWS, validate_max=True, absolute_max=MAX_ROWS
    )


class PlanEditor:
    """The week's sessions with their exercise rows, plus a head form (the plan's note and
    version, or a template's name). ``rows`` is the initial data (selectors.session_rows)."""

    def __init__(self, data=None, *, head, exercises, unsuitable=None, rows=(), new_session=True):
        self.head = head
        self.exercises = exercises
        self.unsuitable = unsuitable or {}
        self.choices = exercise_choices(exercises)
        rows = list(rows)
        prefix = "sessions"
        if data is not None:
            self.sessions = SessionFormSet(data, prefix=prefix)
        else:
            initial = [{k: v for k, v in row.items() if k != "exercises"} for row in rows]
            self.sessions = SessionFormSet(
                prefix=prefix, initial=initial + ([{}] if new_session else [])
            )
        for index, form in enumerate(self.sessions.forms):
            row_prefix = f"{prefix}-{index}-exercises"
            kwargs = {
                "prefix": row_prefix,
                "form_kwargs": {
                    "exercises": exercises,
                    "unsuitable": self.unsuitable,
                    "choices": self.choices,
                },
            }
            if data is not None and f"{row_prefix}-TOTAL_FORMS" in data:
                form.rows = _row_formset(0)(data, **kwargs)
            else:
                own = rows[index]["exercises"] if index < len(rows) else []
                extra = EXTRA_ROWS if own else NEW_SESSION_ROWS
                form.rows = _row_formset(extra)(initial=own, **kwargs)
            form.number = index + 1

    # Reading what was sent ------------------------------------------------------------------

    def is_valid(self) -> bool:
        valid = self.head.is_valid()
        if not self.sessions.is_valid():
            valid = False
        for form in self.sessions.forms:
            if form.removed:
                continue
            if not form.rows.is_valid():
                valid = False
            elif form.is_blank and any(not row.is_blank for row in form.rows.forms):
                form.add_error(
                    None,
                    _("Fill in the session's days, kind and minutes, or remove its exercises."),
                )
                valid = False
        if valid and not self.cleaned_sessions():
            self.head.add_error(None, _("Add at least one session to the plan."))
            valid = False
        return valid

    def cleaned_sessions(self) -> list[SessionInput]:
        sessions = []
        for form in self.sessions.forms:
            if form.is_blank:
                continue
            data = form.cleaned_data
            sessions.append(
                SessionInput(
                    weekdays="".join(sorted(set(data["weekdays"]))),
                    kind=data["kind"],
                    setting=data["setting"],
                    minutes=data["minutes"],
                    borg_min=data["borg_min"],
                    borg_max=data["borg_max"],
                    note=data.get("note", ""),
                    exercises=[
                        row.cleaned_data["item"] for row in form.rows.forms if not row.is_blank
                    ],
                )
            )
        return sessions

    def sent_rows(self) -> list[dict]:
        """What was sent, as initial data (no validation): to add blank rows and keep it all."""
        rows = []
        for form in self.sessions.forms:
            if form.raw_blank() and not any(not r.raw_blank() for r in form.rows.forms):
                continue
            row = {name: form[name].value() for name in form.fields if name != "remove"}
            row["exercises"] = [
                {name: r[name].value() for name in r.fields if name != "remove"}
                for r in form.rows.forms
                if not r.raw_blank()
            ]
            rows.append(row)
        return rows

    # Showing it --------------------------------------------------------------------------------

    def errors(self) -> list[tuple[str, str]]:
        """(anchor id, message) for the error summary at the top."""
        found = [("", str(e)) for e in self.head.non_field_errors()]
        found += [
            (self.head[name].auto_id, str(e))
            for name in self.head.errors
            if name != "__all__"
            for e in self.head.errors[name]
        ]
        found += [("", str(e)) for e in self.sessions.non_form_errors()]
        for form in self.sessions.forms:
            found += _form_errors(form)
            found += [("", str(e)) for e in form.rows.non_form_errors()]
            for row in form.rows.forms:
                found += _form_errors(row)
        return found


def _form_errors(form) -> list[tuple[str, str]]:
    if not form.is_bound:
        return []
    found = []
    for name, errors in form.errors.items():
        if name == "__all__":
            anchor = form.add_prefix("weekdays") if "weekdays" in form.fields else ""
            found += [(f"id_{anchor}_0" if anchor else "", str(e)) for e in errors]
            continue
        anchor = form[name].auto_id
        if form[name].widget_type in ("radioselect", "checkboxselectmultiple"):
            anchor += "_0"
        found += [(anchor, str(e)) for e in errors]
    return found


# The patient: the effort of "Dagens økt" ------------------------------------------------------


class PlannedEffortForm(forms.Form):
    """One tap for the effort of today's planned session, pre-set to its target (the rest
    comes from the plan: sessions_log.plans.selectors.planned_log)."""

    client_uuid = forms.UUIDField(widget=forms.HiddenInput)
    rpe = forms.TypedChoiceField(
        label=_("How hard was it?"),
        help_text=_(
            "The talk test: at 11-13 you can talk in whole sentences. At 14-16 you can say a "
            "few words at a time. At 17 or more you can hardly talk."
        ),
        choices=[(i, str(i)) for i in range(6, 21)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how hard it was, from 6 to 20.")},
    )

    def __init__(self, *args, target: tuple[int, int], suggested: int, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("client_uuid", uuid.uuid4())
        kwargs["initial"].setdefault("rpe", suggested)
        super().__init__(*args, **kwargs)
        self.target = target

    def chips(self):
        """(radio, value, Borg's word for it, whether it is in the target range) per step."""
        low, high = self.target
        for choice in self["rpe"]:
            value = int(choice.data["value"])
            yield choice, value, RPE_WORDS.get(value, ""), low <= value <= high
