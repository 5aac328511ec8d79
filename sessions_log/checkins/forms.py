"""Patient forms: big choices, no typing needed (UI.md). Values are validated here; the
services decide what is stored."""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from patients.body_areas import REGIONS
from patients.models import BodyArea
from pusterom.forms import LimitMessagesMixin
from sessions_log import guidance
from sessions_log.checkins.services import BACKDATE_DAYS
from sessions_log.models import CheckIn, PlannedSession, WorkoutSession

# The check-in's answers are CheckIn.ANSWER_FIELDS. The warning signs come first, as one
# question with a box each and one big "No, none of these" (the list, its order and its words
# are guidance.WARNING_SIGNS); every other answer is a question of its own.
OTHER_ANSWERS = tuple(name for name in CheckIn.ANSWER_FIELDS if name not in CheckIn.WARNING_SIGNS)
# How the warning-sign question was answered: "No, none of these", or some boxes ticked.
NO_SIGNS = "none"
SOME_SIGNS = "some"


def _scale(low: int, high: int):
    return [(i, str(i)) for i in range(low, high + 1)]


# Shorter words where an area's name would not fit a chip four to a row.
AREA_CHIP_LABELS = {BodyArea.UPPER_BACK: pgettext_lazy("a chip for where it hurts", "Upper back")}


class WarningSignsForm(forms.Form):
    """The first question: "Do you have any of these today?". The button pressed says how it
    was answered (``signs``); a ticked box is an answer whichever button it was."""

    warning_signs = forms.MultipleChoiceField(
        label=_("Do you have any of these today?"),
        help_text=_("Tick all that fit."),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "chips--signs"}),
    )
    signs = forms.ChoiceField(
        choices=[(NO_SIGNS, NO_SIGNS), (SOME_SIGNS, SOME_SIGNS)],
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, patient, **kwargs):
        super().__init__(*args, **kwargs)
        # The port or PICC line is asked about only when the physiotherapist says there is one.
        self.fields["warning_signs"].choices = [
            (code, label)
            for code, label in guidance.WARNING_SIGNS
            if code != guidance.LINE_SITE or patient.has_central_line
        ]

    def clean(self):
        data = super().clean()
        if "warning_signs" in self.errors:
            return data
        if data.get("warning_signs"):
            data["signs"] = SOME_SIGNS
        elif data.get("signs") != NO_SIGNS:
            self.add_error(
                "warning_signs",
                _("Tick what you have today, or choose “No, none of these”."),
            )
        return data

    def ticked(self) -> list[str]:
        """The signs ticked, from the data before or after validation."""
        if hasattr(self, "cleaned_data"):
            return list(self.cleaned_data.get("warning_signs") or [])
        value = self["warning_signs"].value() or []
        return [code for code in value if code in dict(self.fields["warning_signs"].choices)]


class CheckInForm(WarningSignsForm):
    sleep = forms.ChoiceField(
        label=_("How did you sleep last night?"),
        choices=CheckIn.Sleep,
        widget=forms.RadioSelect(attrs={"class": "chips--three"}),
        error_messages={"required": _("Choose how you slept.")},
    )
    energy = forms.TypedChoiceField(
        label=_("How much energy do you have today?"),
        help_text=_("0 is none at all, 10 is as on a good day."),
        choices=_scale(0, 10),
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "chips--zero-to-ten"}),
        error_messages={"required": _("Choose a number for your energy, from 0 to 10.")},
    )
    nausea = forms.ChoiceField(
        label=_("Do you feel sick?"),
        choices=CheckIn.Nausea,
        widget=forms.RadioSelect(attrs={"class": "chips--three"}),
        error_messages={"required": _("Choose how sick you feel.")},
    )
    dizziness = forms.ChoiceField(
        label=_("Do you feel dizzy?"),
        choices=CheckIn.Dizziness,
        widget=forms.RadioSelect(attrs={"class": "chips--three"}),
        error_messages={"required": _("Choose how dizzy you feel.")},
    )
    pain = forms.TypedChoiceField(
        label=_("How much pain do you have?"),
        help_text=_("0 is no pain, 10 is the worst you can imagine."),
        choices=_scale(0, 10),
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "chips--zero-to-ten"}),
        error_messages={"required": _("Choose a number for your pain, from 0 to 10.")},
    )
    # Chips by region (REGIONS), shown where JavaScript runs only once there is some pain;
    # "nowhere in particular" is chosen until another is.
    pain_area = forms.ChoiceField(
        label=_("Where does it hurt most?"),
        choices=[("", _("Nowhere in particular"))]
        + [
            (area.value, AREA_CHIP_LABELS.get(area, area.label))
            for _region, areas in REGIONS
            for area in areas
        ],
        required=False,
        widget=forms.RadioSelect(attrs={"class": "chips--areas"}),
    )
    sore_from_last = forms.ChoiceField(
        label=_("Are your muscles sore?"),
        help_text=_("From your last session."),
        choices=CheckIn.Soreness,
        widget=forms.RadioSelect(attrs={"class": "chips--three"}),
        error_messages={"required": _("Choose how sore you are.")},
    )

    def pain_area_regions(self) -> list[tuple[str, list]]:
        """The area chips as (region, chips); "nowhere in particular" ends the last region."""
        chips = {chip.data["value"]: chip for chip in self["pain_area"]}
        regions = [(label, [chips[area.value] for area in areas]) for label, areas in REGIONS]
        regions[-1][1].append(chips[""])
        return regions

    @staticmethod
    def other_answers(check_in: CheckIn | None) -> dict:
        """A stored check-in's answers besides the warning signs ("the same as yesterday"
        never repeats a warning sign)."""
        if check_in is None:
            return {}
        return {name: getattr(check_in, name) for name in OTHER_ANSWERS}

    @classmethod
    def initial_from(cls, check_in: CheckIn | None) -> dict:
        initial = cls.other_answers(check_in)
        if check_in is not None:
            initial["warning_signs"] = [
                code for code in CheckIn.WARNING_SIGNS if getattr(check_in, code)
            ]
        return initial

    @classmethod
    def posted(cls, data) -> dict:
        """What a step of the form sent, as initial values to show it again unchecked."""
        initial = {name: data.get(name) for name in OTHER_ANSWERS if data.get(name) is not None}
        initial["warning_signs"] = data.getlist("warning_signs")
        if data.get("signs") in (NO_SIGNS, SOME_SIGNS):
            initial["signs"] = data["signs"]
        return initial

    def answers(self) -> dict:
        data = self.cleaned_data
        answers = {name: data.get(name, "") for name in OTHER_ANSWERS}
        if not data["pain"]:
            answers["pain_area"] = ""  # a place for the pain only when there is pain
        ticked = set(data.get("warning_signs", []))
        # Every sign gets an answer, also one not asked today (a port that was removed).
        for code in CheckIn.WARNING_SIGNS:
            answers[code] = code in ticked
        return answers


# Borg's 6-20 scale with its words (Borg 1982), as the patient sees it.
RPE_WORDS = {
    6: _("No effort at all"),
    7: _("Extremely light"),
    9: _("Very light"),
    11: _("Light"),
    13: _("Somewhat hard"),
    15: _("Hard"),
    17: _("Very hard"),
    19: _("Extremely hard"),
    20: _("Maximal effort"),
}


class RpeLabel:
    """'13 – Somewhat hard', translated when shown."""

    def __init__(self, value: int):
        self.value = value

    def __str__(self) -> str:
        word = RPE_WORDS.get(self.value)
        return f"{self.value} – {word}" if word else str(self.value)


QUICK_MINUTES = (10, 20, 30, 45)


class MinutesLabel:
    def __init__(self, minutes: int):
        self.minutes = minutes

    def __str__(self) -> str:
        return str(_("%(minutes)s min") % {"minutes": self.minutes})


class DayLabel:
    def __init__(self, day: dt.date, today: dt.date):
        self.day, self.today = day, today

    def __str__(self) -> str:
        if self.day == self.today:
            return str(_("Today"))
        if self.day == self.today - dt.timedelta(days=1):
            return str(_("Yesterday"))
        return formats.date_format(self.day, "D j. b" if _is_nb() else "D j M")


def _is_nb() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "nb").startswith("nb")


class QuickPickField(forms.TypedChoiceField):
    """Shown as required (the minutes are), but may be left empty when the minutes are typed
    in the next field instead; the form's clean() asks for one of the two."""

    def validate(self, value):
        if value in self.empty_values:
            return
        super().validate(value)


class WorkoutForm(LimitMessagesMixin, forms.Form):
    client_uuid = forms.UUIDField(widget=forms.HiddenInput)
    # "I did something else" on "Dagens økt": the planned session this was instead of.
    planned_session = forms.ModelChoiceField(
        queryset=PlannedSession.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Choose a session of your own plan.")},
    )
    activity = forms.ChoiceField(
        label=_("What did you do?"),
        choices=WorkoutSession.Activity,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what you did.")},
    )
    setting = forms.ChoiceField(
        label=_("Where did you train?"),
        choices=WorkoutSession.Setting,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where you trained.")},
    )
    duration_pick = QuickPickField(
        label=_("How many minutes?"),
        help_text=_("Short bouts count too. Add them up if you like."),
        choices=[(m, MinutesLabel(m)) for m in QUICK_MINUTES],
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect(attrs={"class": "chips--compact"}),
    )
    duration_other = forms.IntegerField(
        label=_("Or type the number of minutes"),
        required=False,
        min_value=1,
        max_value=600,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Enter the minutes as a number, for example 20."),
            "min_value": _("Enter a number of minutes from 1 to 600."),
            "max_value": _("Enter a number of minutes from 1 to 600."),
        },
    )
    rpe = forms.TypedChoiceField(
        label=_("How hard was it?"),
        help_text=_(
            "The talk test: at 11-13 you can talk in whole sentences. At 14-16 you can say a "
            "few words at a time. At 17 or more you can hardly talk."
        ),
        choices=[(i, RpeLabel(i)) for i in range(6, 21)],
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "chips--scale"}),
        error_messages={"required": _("Choose how hard it was, from 6 to 20.")},
    )
    avg_hr = forms.IntegerField(
        label=_("Average heart rate"),
        help_text=_("If you wear a heart rate monitor. Beats a minute."),
        required=False,
        min_value=30,
        max_value=230,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Enter the heart rate as a number, for example 110."),
            "min_value": _("Enter a heart rate from 30 to 230."),
            "max_value": _("Enter a heart rate from 30 to 230."),
        },
    )
    max_hr = forms.IntegerField(
        label=_("Highest heart rate"),
        required=False,
        min_value=30,
        max_value=230,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Enter the heart rate as a number, for example 140."),
            "min_value": _("Enter a heart rate from 30 to 230."),
            "max_value": _("Enter a heart rate from 30 to 230."),
        },
    )
    flare_injury = forms.ModelChoiceField(
        label=_("Is an old injury bothering you?"),
        queryset=None,
        required=False,
        blank=True,
        empty_label=_("No"),
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of your registered old injuries.")},
    )
    performed_on = forms.TypedChoiceField(
        label=_("When?"),
        coerce=dt.date.fromisoformat,
        widget=forms.RadioSelect(attrs={"class": "chips--compact chips--days"}),
        error_messages={
            "required": _("Choose the day you trained."),
            "invalid_choice": _("Choose today or one of the last 7 days."),
        },
    )
    notes = forms.CharField(
        label=_("Notes"),
        help_text=_("Anything you want to remember, or want your physiotherapist to know."),
        required=False,
        max_length=WorkoutSession._meta.get_field("notes").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, patient, today: dt.date, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("client_uuid", uuid.uuid4())
        kwargs["initial"].setdefault("performed_on", today.isoformat())
        super().__init__(*args, **kwargs)
        self.fields["performed_on"].choices = [
            (day.isoformat(), DayLabel(day, today))
            for day in (today - dt.timedelta(days=n) for n in range(BACKDATE_DAYS + 1))
        ]
        self.fields["planned_session"].queryset = PlannedSession.objects.filter(
            programme__patient=patient
        )
        injuries = patient.prior_injuries.order_by("body_area", "pk")
        if injuries.exists():
            self.fields["flare_injury"].queryset = injuries
        else:
            del self.fields["flare_injury"]

    def clean(self):
        data = super().clean()
        other, pick = data.get("duration_other"), data.get("duration_pick")
        if "duration_other" not in self.errors:
            # A typed number is a deliberate choice, so it wins over a quick pick.
            data["duration_min"] = other or pick
            if not data["duration_min"]:
                self.add_error(
                    "duration_pick", _("Enter how many minutes you trained, for example 20.")
                )
        avg, high = data.get("avg_hr"), data.get("max_hr")
        if avg and high and avg > high:
            self.add_error("avg_hr", _("The average heart rate cannot be higher than the highest."))
        return data

    def session_values(self) -> dict:
        data = self.cleaned_data
        return {
            "client_uuid": data["client_uuid"],
            "performed_on": data["performed_on"],
            "activity": data["activity"],
            "setting": data["setting"],
            "duration_min": data["duration_min"],
            "rpe": data["rpe"],
            "avg_hr": data.get("avg_hr"),
            "max_hr": data.get("max_hr"),
            "notes": data.get("notes", ""),
            "flare_injury": data.get("flare_injury"),
            "planned_session": data.get("planned_session"),
            "plan_followed": (
                WorkoutSession.PlanFollowed.OTHER if data.get("planned_session") else ""
            ),
        }
