"""Patient pages (phone first): today, the check-in, logging a workout, the history."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from patients.access import own_profile
from pusterom.access import patient_required
from sessions_log.access import own_check_in, own_session
from sessions_log.checkins import selectors, services
from sessions_log.checkins.forms import CheckInForm, WorkoutForm
from sessions_log.models import Flag
from sessions_log.recovery.selectors import home_followup


def home_context(request, patient) -> dict:
    """What the home page shows. Other blocks (recovery questions, notes from the
    physiotherapist) add their keys to this dict."""
    today = patient.local_today()
    restrictions = selectors.restrictions_on(patient=patient, day=today)
    check_in = selectors.check_in_on(patient=patient, day=today)
    return {
        "patient": patient,
        "today": today,
        "check_in": check_in,
        "assessment": (
            selectors.check_in_assessment(check_in, restrictions=restrictions) if check_in else None
        ),
        "progress": selectors.weekly_progress(
            patient=patient, day=today, restrictions=restrictions
        ),
        "restrictions": restrictions,
        "followup": home_followup(patient=patient),
    }


@patient_required
def home(request):
    patient = own_profile(request.user)
    return render(request, "sessions_log/checkins/home.html", home_context(request, patient))


@patient_required
def check_in(request):
    patient = own_profile(request.user)
    today = patient.local_today()
    existing = selectors.check_in_on(patient=patient, day=today)
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            saved = services.record_check_in(patient=patient, answers=form.answers(), day=today)
            return redirect("sessions_log:check_in_result", pk=saved.pk)
    else:
        form = CheckInForm(initial=CheckInForm.initial_from(existing))
    return render(
        request,
        "sessions_log/checkins/checkin.html",
        {"form": form, "existing": existing, "today": today},
    )


@patient_required
def check_in_result(request, pk):
    check_in = own_check_in(request.user, pk)
    patient = check_in.patient
    restrictions = selectors.restrictions_on(patient=patient, day=check_in.date)
    return render(
        request,
        "sessions_log/checkins/checkin_result.html",
        {
            "check_in": check_in,
            "assessment": selectors.check_in_assessment(check_in, restrictions=restrictions),
            "is_today": check_in.date == patient.local_today(),
        },
    )


@patient_required
def log_workout(request):
    patient = own_profile(request.user)
    today = patient.local_today()
    if request.method == "POST":
        # A resend of a form that was saved already (double tap, network retry) shows the
        # result of the first one and saves nothing.
        earlier = selectors.session_for_form(
            patient=patient, client_uuid=request.POST.get("client_uuid")
        )
        if earlier is not None:
            return redirect("sessions_log:workout_result", pk=earlier.pk)
        form = WorkoutForm(request.POST, patient=patient, today=today)
        if form.is_valid():
            try:
                logged = services.log_session(patient=patient, **form.session_values())
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("sessions_log:workout_result", pk=logged.session.pk)
        if "client_uuid" in form.errors:
            # The hidden id was lost: keep the answers and give the form a fresh one.
            data = request.POST.copy()
            data["client_uuid"] = str(uuid.uuid4())
            form = WorkoutForm(data, patient=patient, today=today)
            form.is_valid()
            form.add_error(None, _("Something went wrong. Please send the form again."))
    else:
        form = WorkoutForm(patient=patient, today=today)
    return render(request, "sessions_log/checkins/workout.html", {"form": form, "today": today})


# How long after logging a session its page still says "Saved".
JUST_SAVED = dt.timedelta(minutes=15)


@patient_required
def workout_result(request, pk):
    session = own_session(request.user, pk)
    kinds = selectors.session_flag_kinds(session)
    patient = session.patient
    progress = selectors.weekly_progress(patient=patient, day=session.performed_on)
    return render(
        request,
        "sessions_log/checkins/workout_result.html",
        {
            "session": session,
            "over_restriction": Flag.Kind.OVER_RESTRICTION in kinds,
            "injury_flare": Flag.Kind.INJURY_FLARE in kinds,
            "restrictions": selectors.restrictions_on(patient=patient, day=session.performed_on),
            "progress": progress,
            # Opened later from the history: no "Saved. Well done!", and a week that is over
            # is not "so far this week".
            "just_saved": session.created_at >= timezone.now() - JUST_SAVED,
            "past_week": progress.week_end < patient.local_today(),
        },
    )


@patient_required
def history(request):
    patient = own_profile(request.user)
    page = selectors.history_page(patient=patient, page_number=request.GET.get("page", 1))
    return render(request, "sessions_log/checkins/history.html", {"page": page, "patient": patient})
