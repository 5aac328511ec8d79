"""Logging a workout: the form with the Borg scale in words, quick picks for the minutes and
the day as "today", "yesterday" or a weekday. Big choices, no typing needed (UI.md). Values
are validated here; the services decide what is stored."""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from pusterom.forms import LimitMessagesMixin
from sessions_log.checkins.services import BACKDATE_DAYS
from sessions_log.models import PlannedSession, WorkoutSession

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
        # The old-injury question is asked only of a patient with one. A form sent without an
        # answer to it needs no look: "No" is valid either way, and whether to show the
        # question again is settled once the form turns out to have errors (full_clean).
        injuries = patient.prior_injuries.order_by("body_area", "pk")
        self.fields["flare_injury"].queryset = injuries
        self._injuries_unknown = self.is_bound and not self.data.get(
            self.add_prefix("flare_injury")
        )
        if not self._injuries_unknown and not injuries.exists():
            del self.fields["flare_injury"]

    def full_clean(self):
        super().full_clean()
        if self._injuries_unknown and self._errors:
            self._injuries_unknown = False
            if not self.fields["flare_injury"].queryset.exists():
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
