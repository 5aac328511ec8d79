"""The reminder settings form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from patients.models import PatientProfile
from sessions_log.reminders.due import in_quiet_hours
from sessions_log.reminders.services import SETTINGS_FIELDS, days_from

WEEKDAYS = [
    ("1", _("Monday")),
    ("2", _("Tuesday")),
    ("3", _("Wednesday")),
    ("4", _("Thursday")),
    ("5", _("Friday")),
    ("6", _("Saturday")),
    ("7", _("Sunday")),
]


# Settings the form asks in a shape of its own; settings() turns them into the model's values.
FORM_OWN_FIELDS = ("reminder_days", "reminders_enabled")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class ReminderSettingsForm(forms.ModelForm):
    reminder_days = forms.MultipleChoiceField(
        label=_("On which days?"),
        choices=WEEKDAYS,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "chips--weekdays"}),
    )
    paused = forms.BooleanField(
        label=_("Pause all reminders"),
        help_text=_("Nothing is sent until you turn them on again. Your settings are kept."),
        required=False,
    )

    class Meta:
        model = PatientProfile
        # Every reminder setting (one list, in services) but the two asked in a shape of
        # the form's own: the days as chips, and "pause" (reminders_enabled turned round).
        fields = [name for name in SETTINGS_FIELDS if name not in FORM_OWN_FIELDS]
        labels = {
            "reminder_time": _("Check-in reminder at"),
            "email_opt_in": _("By email"),
            "sms_opt_in": _("By text message (SMS)"),
            "remind_checkin": _("Daily check-in"),
            "remind_recovery": _("Question the day after a session"),
            "remind_inactivity": _("A nudge after a quiet week"),
            "remind_weekly": _("Weekly summary on Monday"),
        }
        help_texts = {
            "reminder_time": _("Between 08:00 and 21:00. We never send anything at night."),
        }
        widgets = {"reminder_time": TimeInput()}
        error_messages = {
            "reminder_time": {
                "required": _("Enter a time, for example 09:00."),
                "invalid": _("Enter a time, for example 09:00."),
            }
        }

    field_order = [
        "remind_checkin",
        "reminder_time",
        "reminder_days",
        "remind_recovery",
        "remind_inactivity",
        "remind_weekly",
        "email_opt_in",
        "sms_opt_in",
        "paused",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("reminder_days", list(self.instance.reminder_days))
        self.initial.setdefault("paused", not self.instance.reminders_enabled)
        if not self.instance.phone:
            self.fields["sms_opt_in"].help_text = _(
                "We have no mobile number for you. Ask your centre to add it."
            )

    def clean_reminder_time(self):
        value = self.cleaned_data["reminder_time"]
        if value.second or value.microsecond:
            value = value.replace(second=0, microsecond=0)
        if in_quiet_hours(value):
            raise forms.ValidationError(
                _("Choose a time between 08:00 and 21:00. We never send anything at night."),
                code="quiet_hours",
            )
        return value

    def clean_sms_opt_in(self):
        value = self.cleaned_data["sms_opt_in"]
        if value and not self.instance.phone:
            raise forms.ValidationError(
                _("We have no mobile number for you. Ask your centre to add it."),
                code="no_phone",
            )
        return value

    def clean(self):
        data = super().clean()
        if data.get("remind_checkin") and not data.get("reminder_days"):
            self.add_error(
                "reminder_days",
                _("Choose at least one day, or turn off the check-in reminder."),
            )
        return data

    def settings(self) -> dict:
        data = self.cleaned_data
        values = {name: data[name] for name in self.Meta.fields}
        # No days is allowed only with the check-in reminder off; the stored days are then
        # kept (like the choices under a pause) for when it is turned on again.
        values["reminder_days"] = days_from(data["reminder_days"]) or self.instance.reminder_days
        values["reminders_enabled"] = not data["paused"]
        return values
