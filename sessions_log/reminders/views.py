"""Reminder pages: the patient's settings, one-click unsubscribe, and the weekly summary."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from patients.access import own_profile
from pusterom.access import patient_required
from sessions_log import activity
from sessions_log.activity import week_start
from sessions_log.checkins.selectors import weekly_progress
from sessions_log.models import Reminder
from sessions_log.reminders import selectors, services
from sessions_log.reminders.forms import ReminderSettingsForm
from sessions_log.reminders.rendering import read_unsubscribe_token


@patient_required
def reminder_settings(request):
    patient = own_profile(request.user)
    if request.method == "POST":
        form = ReminderSettingsForm(request.POST, instance=patient)
        if form.is_valid():
            services.update_reminder_settings(patient=patient, **form.settings())
            messages.success(request, _("Your reminder settings are saved."))
            return redirect("sessions_log:reminder_settings")
    else:
        form = ReminderSettingsForm(instance=patient)
    return render(request, "sessions_log/reminders/settings.html", {"form": form})


@csrf_exempt  # the signed link is the credential; mail clients POST here (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows a button (mail scanners fetch links); POST turns the kind off. No login."""
    found = read_unsubscribe_token(token)
    if found is None:
        raise Http404
    patient_id, kind = found
    if request.method == "POST":
        if services.unsubscribe(patient_id=patient_id, kind=kind) is None:
            raise Http404
        return redirect("sessions_log:reminder_unsubscribe", token=token)
    subscribed = selectors.is_subscribed(patient_id=patient_id, kind=kind)
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
    return render(
        request,
        "sessions_log/reminders/weekly_summary.html",
        {"progress": progress, "vigorous_from": activity.VIGOROUS.lowest_rpe},
    )
