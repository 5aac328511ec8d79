"""The physiotherapist's forms: the intake conversation, restrictions and prior injuries."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patients.forms.widgets import DateInput
from patients.models import BodyArea, IntakeConversation, PriorInjury, Restriction
from pusterom.forms import LimitMessagesMixin


class IntakeForm(LimitMessagesMixin, forms.ModelForm):
    class Meta:
        model = IntakeConversation
        fields = ["held_on", "activity_background", "goals", "notes"]
        widgets = {
            "held_on": DateInput(),
            "activity_background": forms.RadioSelect,
            "goals": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "held_on": {
                "required": _("Enter the date of the conversation."),
                "invalid": _("Enter the date as a date, for example 01.03.2026."),
            },
            "activity_background": {"required": _("Choose how active the patient has been.")},
            "goals": {"required": _("Write the patient's goals, in their own words.")},
        }

    def __init__(self, *args, today: dt.date, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)
        self.fields["activity_background"].choices = IntakeConversation.Background.choices
        if not self.is_bound:
            self.initial.setdefault("held_on", today)

    def clean_held_on(self):
        value = self.cleaned_data["held_on"]
        if value > self.today:
            raise forms.ValidationError(
                _("The conversation cannot be in the future."), code="future"
            )
        return value


class RestrictionForm(LimitMessagesMixin, forms.ModelForm):
    class Meta:
        model = Restriction
        fields = ["kind", "body_area", "max_rpe", "max_heart_rate", "starts_on", "ends_on", "note"]
        widgets = {
            "kind": forms.RadioSelect,
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "max_rpe": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "max_heart_rate": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "body_area": _("Needed after surgery and for bone metastasis."),
            "max_rpe": _("6 to 20. For example 13 = somewhat hard."),
            "max_heart_rate": _("Beats a minute, 60 to 220."),
            "ends_on": _("Leave empty if it lasts until you end it."),
            "note": _("The patient sees this note."),
        }
        error_messages = {
            "kind": {"required": _("Choose the kind of restriction.")},
            "starts_on": {
                "required": _("Enter the date the restriction starts."),
                "invalid": _("Enter the date as a date, for example 01.03.2026."),
            },
            "ends_on": {"invalid": _("Enter the date as a date, for example 01.03.2026.")},
            "max_rpe": {
                "min_value": _("The Borg scale goes from 6 to 20."),
                "max_value": _("The Borg scale goes from 6 to 20."),
                "invalid": _("Enter a whole number from 6 to 20."),
            },
            "max_heart_rate": {
                "min_value": _("Enter a heart rate from 60 to 220."),
                "max_value": _("Enter a heart rate from 60 to 220."),
                "invalid": _("Enter a whole number from 60 to 220."),
            },
        }

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Restriction.Kind.choices
        self.fields["body_area"].choices = [("", _("Choose a body area"))] + BodyArea.choices
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("starts_on", today)


class PriorInjuryForm(LimitMessagesMixin, forms.ModelForm):
    class Meta:
        model = PriorInjury
        fields = ["body_area", "description", "since_year"]
        widgets = {"since_year": forms.NumberInput(attrs={"inputmode": "numeric"})}
        help_texts = {"description": _("For example: old meniscus injury, tennis elbow.")}
        error_messages = {
            "body_area": {"required": _("Choose the body area.")},
            "description": {"required": _("Describe the injury in a few words.")},
            "since_year": {
                "min_value": _("Enter a year from 1920 onwards."),
                "max_value": _("The year cannot be in the future."),
                "invalid": _("Enter a year, for example 2015."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body_area"].choices = [("", _("Choose a body area"))] + BodyArea.choices

    def clean_since_year(self):
        value = self.cleaned_data["since_year"]
        if value and value > timezone.localdate().year:
            raise forms.ValidationError(_("The year cannot be in the future."), code="future")
        return value


class CentralLineForm(forms.Form):
    """Whether the patient has a port or PICC line; the check-in asks about its site only then."""

    has_central_line = forms.TypedChoiceField(
        label=_("Does the patient have a port or PICC line?"),
        help_text=_(
            "Then the daily check-in also asks whether the skin around it is red, swollen or "
            "leaking."
        ),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes or no.")},
    )

    @classmethod
    def initial_for(cls, patient) -> dict:
        return {"has_central_line": "yes" if patient.has_central_line else "no"}
