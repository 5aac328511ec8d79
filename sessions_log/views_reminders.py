"""Reminder pages: the patient's settings, one-click unsubscribe, and the weekly summary."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from patients.access import own_profile
from patients.models import PatientProfile
from pusterom.access import patient_required
from sessions_log import reminders
from sessions_log.models import Reminder
from sessions_log.selectors import week_start, weekly_progress

WEEKDAYS = [
    ("1", _("Monday")),
    ("2", _("Tuesday")),
    ("3", _("Wednesday")),
    ("4", _("Thursday")),
    ("5", _("Friday")),
    ("6", _("Saturday")),
    ("7", _("Sunday")),
]


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
        fields = [
            "reminder_time",
            "email_opt_in",
            "sms_opt_in",
            "remind_checkin",
            "remind_recovery",
            "remind_inactivity",
            "remind_weekly",
        ]
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
        if reminders.in_quiet_hours(value):
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
        values["reminder_days"] = (
            reminders.days_from(data["reminder_days"]) or self.instance.reminder_days
        )
        values["reminders_enabled"] = not data["paused"]
        return values


@patient_required
def reminder_settings(request):
    patient = own_profile(request.user)
    if request.method == "POST":
        form = ReminderSettingsForm(request.POST, instance=patient)
        if form.is_valid():
            reminders.update_reminder_settings(patient=patient, **form.settings())
            messages.success(request, _("Your reminder settings are saved."))
            return redirect("sessions_log:reminder_settings")
    else:
        form = ReminderSettingsForm(instance=patient)
    return render(request, "sessions_log/reminders/settings.html", {"form": form})


@csrf_exempt  # the signed link is the credential; mail clients POST here (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows a button (mail scanners fetch links); POST turns the kind off. No login."""
    found = reminders.read_unsubscribe_token(token)
    if found is None:
        raise Http404
    patient_id, kind = found
    if request.method == "POST":
        if reminders.unsubscribe(patient_id=patient_id, kind=kind) is None:
            raise Http404
        return redirect("sessions_log:reminder_unsubscribe", token=token)
    subscribed = (
        PatientProfile.objects.filter(pk=patient_id)
        .values_list(reminders.KIND_FIELDS[kind], flat=True)
        .first()
    )
    if subscribed is None:
        raise Http404
    return render(
        request,
        "sessions_log/reminders/unsubscribe.html",
        {"kind_label": Reminder.Kind(kind).label, "subscribed": subscribed},
    )


@patient_required
def weekly_summary(request):
    """Last week's minutes, strength days and balance days.

    The weekly email only says that this page is ready: training numbers are health data,
    and email and SMS are not a safe place for them. They live here, behind login.
    """
    patient = own_profile(request.user)
    last_week = week_start(patient.local_today()) - dt.timedelta(days=7)
    progress = weekly_progress(patient=patient, day=last_week)
    return render(request, "sessions_log/reminders/weekly_summary.html", {"progress": progress})
