"""The patient logs today's planned session from "Dagens økt": one tap for the effort, the
rest from the (adapted) planned session, saved through the same service as any workout."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pusterom.access import patient_required
from sessions_log.checkins import selectors as checkin_selectors
from sessions_log.checkins import services as checkin_services
from sessions_log.plans.access import planned_session_for_patient
from sessions_log.plans.today.forms import PlannedEffortForm
from sessions_log.plans.today.log import DONE, LIGHTER, planned_log


@patient_required
def log_planned(request, pk, how):
    """ "I did today's session" (how=done) or "I did a lighter version" (how=lighter): one tap
    for the effort, pre-set to the target; the rest comes from the (adapted) planned session.
    Saved once per form (client_uuid), through the same service as any workout."""
    if how not in (DONE, LIGHTER):
        raise Http404
    planned, patient = planned_session_for_patient(request.user, pk)
    today = patient.local_today()
    if request.method == "POST":
        earlier = checkin_selectors.session_for_form(
            patient=patient, client_uuid=request.POST.get("client_uuid")
        )
        if earlier is not None:  # a double tap or a resend: the first one was saved
            return redirect("sessions_log:workout_result", pk=earlier.pk)
    log = planned_log(patient=patient, session=planned, day=today, how=how)
    if log is None:
        messages.info(
            request, _("Today's session is logged from today's page, after the check-in.")
        )
        return redirect("sessions_log:home")
    form = PlannedEffortForm(request.POST or None, target=log.target, suggested=log.suggested_rpe)
    if request.method == "POST" and form.is_valid():
        try:
            logged = checkin_services.log_session(
                patient=patient,
                client_uuid=form.cleaned_data["client_uuid"],
                performed_on=today,
                activity=log.activity,
                setting=log.setting,
                duration_min=log.minutes,
                rpe=form.cleaned_data["rpe"],
                planned_session=log.session,
                plan_followed=log.plan_followed,
            )
        except checkin_services.PossibleRepeat as repeat:
            # "Back" and the same tap again within minutes: the session is saved already.
            messages.info(request, _("You logged this session a moment ago."))
            return redirect("sessions_log:workout_result", pk=repeat.earlier.pk)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("sessions_log:workout_result", pk=logged.session.pk)
    return render(
        request,
        "sessions_log/plans/log_planned.html",
        {"form": form, "log": log},
    )
