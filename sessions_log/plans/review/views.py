"""The physiotherapist's answer to a progression suggestion, from the patient page or the
plan page: accept it (it becomes the plan's next version) or dismiss it for this version."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pusterom.access import physio_required
from pusterom.audit import record_change
from sessions_log.plans.access import PLAN_OBJECT, plan_patient_for_physio
from sessions_log.plans.programmes.services import StaleVersion
from sessions_log.plans.review import services
from sessions_log.plans.review.forms import SuggestionForm

SUGGESTION_OBJECT = "plan_suggestion"


def _suggestion_back(patient, form) -> str:
    name = "plan_detail" if form.data.get("back") == "plan" else "patient_page"
    return reverse(f"sessions_log:{name}", kwargs={"pk": patient.pk})


@physio_required
@require_POST
def plan_suggestion_accept(request, pk):
    """One click: the suggestion becomes the plan's next version."""
    patient = plan_patient_for_physio(request, pk)
    form = _suggestion_form(request)
    try:
        programme, created = services.accept_suggestion(
            patient=patient, physio=request.user, **_suggestion_args(form)
        )
    except (services.SuggestionGone, StaleVersion):
        messages.info(request, _("This suggestion no longer applies. Nothing was changed."))
        return redirect(_suggestion_back(patient, form))
    except ValidationError:
        messages.error(
            request,
            _(
                "The plan has an exercise that does not suit the patient's restrictions any "
                "more. Change the plan by hand instead."
            ),
        )
        return redirect(_suggestion_back(patient, form))
    if created:
        record_change(
            request, patient_user=patient.user, object_type=PLAN_OBJECT, object_id=patient.pk
        )
        messages.success(
            request,
            _("Version %(version)s of the plan is saved. The patient sees it now.")
            % {"version": programme.version},
        )
    else:
        messages.info(
            request,
            _("The suggestion was already accepted: version %(version)s.")
            % {"version": programme.version},
        )
    return redirect("sessions_log:plan_detail", pk=patient.pk)


@physio_required
@require_POST
def plan_suggestion_dismiss(request, pk):
    """Not now: the suggestion does not come back for this version of the plan."""
    patient = plan_patient_for_physio(request, pk)
    form = _suggestion_form(request)
    try:
        dismissed = services.dismiss_suggestion(
            patient=patient, physio=request.user, **_suggestion_args(form)
        )
    except services.SuggestionGone:
        messages.info(request, _("This suggestion no longer applies. Nothing was changed."))
        return redirect(_suggestion_back(patient, form))
    if dismissed:
        record_change(
            request, patient_user=patient.user, object_type=SUGGESTION_OBJECT, object_id=patient.pk
        )
    messages.success(
        request,
        _("The suggestion is dismissed. It does not come back for this version of the plan."),
    )
    return redirect(_suggestion_back(patient, form))


def _suggestion_form(request) -> SuggestionForm:
    """The buttons' hidden fields; anything else was not sent by our page (400)."""
    form = SuggestionForm(request.POST)
    if not form.is_valid():
        raise BadRequest("unexpected suggestion form")
    return form


def _suggestion_args(form) -> dict:
    return {"base_version": form.cleaned_data["base_version"], "code": form.cleaned_data["code"]}
