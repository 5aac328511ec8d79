"""Patient pages (phone first): today, the check-in, logging a workout, the history. Today's
page and the history's weeks are kept in the pages cache while nothing they show changes
(``pusterom.page_cache``, ``page_parts``)."""

from __future__ import annotations

import datetime as dt
import json
import uuid

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from patients.access import own_profile
from pusterom import page_cache
from pusterom.access import patient_required
from sessions_log import guidance
from sessions_log.access import own_check_in, own_session
from sessions_log.checkins import page_parts, selectors, services
from sessions_log.checkins.forms import CheckInForm, WarningSignsForm
from sessions_log.checkins.workout_forms import DayLabel, WorkoutForm
from sessions_log.models import Flag
from sessions_log.plans.access import planned_session_for_patient
from sessions_log.recovery.selectors import home_followup


def home_context(request, patient) -> dict:
    """What the home page shows. Other blocks (recovery questions, notes from the
    physiotherapist) add their keys to this dict."""
    today = patient.local_today()
    restrictions = selectors.restrictions_on(patient=patient, day=today)
    check_in = selectors.check_in_on(patient=patient, day=today)
    workouts = selectors.week_workouts(patient=patient, day=today)
    return {
        "patient": patient,
        "today": today,
        "check_in": check_in,
        "assessment": (
            selectors.check_in_assessment(check_in, restrictions=restrictions) if check_in else None
        ),
        "progress": selectors.weekly_progress(
            patient=patient, day=today, restrictions=restrictions, workouts=workouts
        ),
        "restrictions": restrictions,
        "week_workouts": workouts,  # for "Dagens økt": what of today's plan is done
        "followup": home_followup(patient=patient),
    }


@patient_required
def home(request):
    patient = own_profile(request.user)
    body = page_cache.cached(
        "home",
        request=request,
        scopes=page_parts.home(patient),
        vary=(patient.pk,),
        today=patient.local_today(),
        render=lambda: page_cache.Part(
            render_to_string(
                "sessions_log/checkins/_home_body.html",
                home_context(request, patient),
                request=request,
            )
        ),
    )
    return render(request, "sessions_log/checkins/home.html", {"body": body.html})


# The check-in's two steps. Each is a POST back to the same page, so it works without
# JavaScript and no answer ever goes into a URL.
STEP_SIGNS = "signs"  # "Do you have any of these today?"
STEP_ANSWERS = "answers"  # the other questions, and "the same as yesterday"


@patient_required
def check_in(request):
    """Step one asks the warning signs; step two the other answers. A call that is needed
    at once (from the signs alone: no other answer can lower it) shows above step two."""
    patient = own_profile(request.user)
    today = patient.local_today()
    existing, yesterday = selectors.check_ins_today_and_yesterday(patient=patient, day=today)
    step, filled_from_yesterday, signs_errors = STEP_SIGNS, False, []
    if request.method != "POST":
        form = CheckInForm(patient=patient, initial=CheckInForm.initial_from(existing))
    elif request.POST.get("step") == STEP_SIGNS:
        signs = WarningSignsForm(request.POST, patient=patient)
        initial = CheckInForm.posted(request.POST)
        if signs.is_valid():
            initial.update(signs.cleaned_data)
            step = STEP_ANSWERS
        else:
            signs_errors = signs.errors.get("warning_signs", [])
        form = CheckInForm(patient=patient, initial=initial)
    elif request.POST.get("action") == "change":
        form = CheckInForm(patient=patient, initial=CheckInForm.posted(request.POST))
    elif request.POST.get("action") == "same" and yesterday is not None:
        initial = {**CheckInForm.posted(request.POST), **CheckInForm.other_answers(yesterday)}
        form, step = CheckInForm(patient=patient, initial=initial), STEP_ANSWERS
        filled_from_yesterday = True
    else:
        form = CheckInForm(request.POST, patient=patient)
        if form.is_valid():
            saved = services.record_check_in(patient=patient, answers=form.answers(), day=today)
            return redirect("sessions_log:check_in_result", pk=saved.pk)
        if "warning_signs" in form.errors:  # the hidden answer to step one was lost
            step, signs_errors = STEP_SIGNS, form.errors["warning_signs"]
        else:
            step = STEP_ANSWERS
    ticked = form.ticked()
    labels = dict(guidance.WARNING_SIGNS)
    return render(
        request,
        "sessions_log/checkins/checkin.html",
        {
            "form": form,
            "step": step,
            "existing": existing,
            "centre": patient.centre,
            "call": form.call if step == STEP_ANSWERS else guidance.NONE,
            "ticked_labels": [labels[code] for code in ticked],
            "yesterday": yesterday,
            # For the button that fills them in at once where JavaScript runs.
            "yesterday_json": json.dumps(CheckInForm.other_answers(yesterday)),
            "filled_from_yesterday": filled_from_yesterday,
            "signs_errors": signs_errors,
        },
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
                logged = services.log_session(
                    patient=patient,
                    repeat_confirmed=request.POST.get("repeat") == "yes",
                    resend_checked=True,
                    **form.session_values(),
                )
            except services.PossibleRepeat as repeat:
                # The same workout again, most likely after "back": ask, with the form kept
                # filled in; nothing is saved unless the patient says yes.
                return render(
                    request,
                    "sessions_log/checkins/workout.html",
                    {
                        "form": form,
                        "today": today,
                        "repeat_of": repeat.earlier,
                        "repeat_day": DayLabel(repeat.earlier.performed_on, today),
                    },
                )
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
        initial = {}
        if request.GET.get("planned", "").isdigit():
            # "I did something else" on "Dagens økt": linked to the planned session it replaced.
            initial["planned_session"] = planned_session_for_patient(
                request.user, int(request.GET["planned"])
            )[0]
        form = WorkoutForm(patient=patient, today=today, initial=initial)
    return render(
        request,
        "sessions_log/checkins/workout.html",
        {"form": form, "today": today, "planned": _planned(form)},
    )


def _planned(form):
    """The planned session the form is linked to, for the page's heading (or None)."""
    field = form.fields["planned_session"]
    try:
        return field.clean(form["planned_session"].value())
    except ValidationError:
        return None


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
    page_number = request.GET.get("page", 1)

    def weeks() -> page_cache.Part:
        page = selectors.history_page(patient=patient, page_number=page_number)
        return page_cache.Part(
            render_to_string(
                "sessions_log/checkins/_history_body.html",
                {"page": page, "patient": patient},
                request=request,
            )
        )

    body = page_cache.cached(
        "history",
        request=request,
        scopes=page_parts.history(patient),
        vary=(patient.pk, page_number),
        today=patient.local_today(),
        render=weeks,
    )
    return render(request, "sessions_log/checkins/history.html", {"body": body.html})
