"""The check-in's forms: the warning signs, then the other answers. Big choices, no typing
needed (UI.md). Values are validated here; the services decide what is stored. Logging a
workout has its forms in ``workout_forms``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from patients.body_areas import REGIONS
from patients.models import BodyArea
from sessions_log import guidance
from sessions_log.models import CheckIn

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

    def __init__(self, *args, patient, **kwargs):
        super().__init__(*args, patient=patient, **kwargs)
        # The call the ticked signs ask for at once (the ward now, or 113), else NONE. With
        # such a call, where it hurts cannot change the advice (the level is red already and
        # a painful area's rules ask at most for contact today), so the question is left out:
        # the patient should be on the phone, not choosing a body area.
        self.call = guidance.call_from_signs(self.ticked())
        if self.call != guidance.NONE:
            del self.fields["pain_area"]

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
        if not data["pain"] or "pain_area" not in self.fields:
            answers["pain_area"] = ""  # a place for the pain only when there is pain
        ticked = set(data.get("warning_signs", []))
        # Every sign gets an answer, also one not asked today (a port that was removed).
        for code in CheckIn.WARNING_SIGNS:
            answers[code] = code in ticked
        return answers
