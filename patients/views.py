"""The patient list (physiotherapists and clinic staff), the physiotherapist's pages for a
patient's record (taking the patient, the intake conversation, the port or PICC line,
restrictions and prior injuries), and the patient's own plan. Referrals and invitations are
in patients.views_referrals, accounts in patients.views_accounts."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patients import selectors, services
from patients.access import (
    own_profile,
    patient_for_physio,
    prior_injury_for_physio,
    restriction_for_physio,
)
from patients.forms import CentralLineForm, IntakeForm, PriorInjuryForm, RestrictionForm
from pusterom.access import clinician_required, patient_required, physio_required
from pusterom.audit import record_change, record_list_read
from pusterom.links import page_url

PATIENTS_PER_PAGE = 50


def _patient_page(patient) -> str:
    return page_url("patient_page", patient.pk)


def _saved(request, patient, *, object_type: str, object_id, message):
    """After a physiotherapist changed a patient's record: audit it, say so, and go back to
    the patient's page."""
    record_change(request, patient_user=patient.user, object_type=object_type, object_id=object_id)
    messages.success(request, message)
    return redirect(_patient_page(patient))


# Physiotherapist: patients ---------------------------------------------------------------------


@clinician_required
def patient_list(request):
    mine = request.user.is_physio and request.GET.get("mine") == "1"
    sort = request.GET.get("sort", "name")
    if sort not in selectors.PATIENT_LIST_SORTS:
        sort = "name"
    qs = selectors.patient_list(
        centre_id=request.user.centre_id, physio=request.user if mine else None, sort=sort
    )
    page = Paginator(qs, PATIENTS_PER_PAGE).get_page(request.GET.get("page"))
    record_list_read(request, patients=page.object_list, object_type="patient_list")
    query = {"mine": "1"} if mine else {}
    return render(
        request,
        "patients/patient_list.html",
        {
            "page": page,
            "mine": mine,
            "sort": sort,
            "query": urlencode(query | ({"sort": sort} if sort != "name" else {})),
            "mine_query": urlencode(query),
        },
    )


@physio_required
def intake_create(request, pk):
    patient = patient_for_physio(request, pk, object_type="intake")
    form = IntakeForm(request.POST or None, today=patient.local_today())
    if request.method == "POST" and form.is_valid():
        services.record_intake(patient=patient, physio=request.user, **form.cleaned_data)
        return _saved(
            request,
            patient,
            object_type="intake",
            object_id=patient.pk,
            message=_("The intake conversation is saved."),
        )
    return render(request, "patients/intake_form.html", {"form": form, "patient": patient})


@physio_required
@require_POST
def take_patient(request, pk):
    """ "Take the patient": a patient without a physiotherapist becomes this one's."""
    patient = patient_for_physio(request, pk, object_type="patient_profile")
    if services.take_patient(patient=patient, physio=request.user):
        return _saved(
            request,
            patient,
            object_type="patient_profile",
            object_id=patient.pk,
            message=_("You are now this patient's physiotherapist."),
        )
    messages.info(request, _("This patient already has a physiotherapist."))
    return redirect(_patient_page(patient))


@physio_required
def central_line(request, pk):
    patient = patient_for_physio(request, pk, object_type="patient_profile")
    # Nothing chosen posts nothing: still a bound form, so the error shows.
    data = request.POST if request.method == "POST" else None
    form = CentralLineForm(data, initial=CentralLineForm.initial_for(patient))
    if request.method == "POST" and form.is_valid():
        services.set_central_line(patient=patient, **form.cleaned_data)
        return _saved(
            request,
            patient,
            object_type="patient_profile",
            object_id=patient.pk,
            message=_("The port or PICC line is saved."),
        )
    return render(request, "patients/central_line_form.html", {"form": form, "patient": patient})


@physio_required
def restriction_create(request, pk):
    patient = patient_for_physio(request, pk, object_type="restriction")
    form = RestrictionForm(request.POST or None, today=patient.local_today())
    if request.method == "POST" and form.is_valid():
        restriction = services.add_restriction(
            patient=patient, set_by=request.user, **form.cleaned_data
        )
        return _saved(
            request,
            patient,
            object_type="restriction",
            object_id=restriction.pk,
            message=_("The restriction is saved."),
        )
    return render(request, "patients/restriction_form.html", {"form": form, "patient": patient})


@physio_required
def restriction_edit(request, pk):
    restriction = restriction_for_physio(request, pk)
    patient = restriction.patient
    form = RestrictionForm(request.POST or None, instance=restriction, today=patient.local_today())
    if request.method == "POST" and form.is_valid():
        services.update_restriction(
            restriction=restriction, set_by=request.user, **form.cleaned_data
        )
        return _saved(
            request,
            patient,
            object_type="restriction",
            object_id=pk,
            message=_("The restriction is saved."),
        )
    return render(
        request,
        "patients/restriction_form.html",
        {"form": form, "patient": patient, "restriction": restriction},
    )


@physio_required
@require_POST
def restriction_end(request, pk):
    restriction = restriction_for_physio(request, pk)
    patient = restriction.patient
    try:
        services.end_restriction(
            restriction=restriction, today=patient.local_today(), by=request.user
        )
    except services.WrongStatus:
        messages.error(request, _("This restriction has not started yet. Edit it instead."))
        return redirect(_patient_page(patient))
    return _saved(
        request,
        patient,
        object_type="restriction",
        object_id=pk,
        message=_("The restriction ends today."),
    )


@physio_required
def injury_create(request, pk):
    patient = patient_for_physio(request, pk, object_type="prior_injury")
    form = PriorInjuryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        injury = services.add_prior_injury(patient=patient, **form.cleaned_data)
        return _saved(
            request,
            patient,
            object_type="prior_injury",
            object_id=injury.pk,
            message=_("The prior injury is saved."),
        )
    return render(request, "patients/injury_form.html", {"form": form, "patient": patient})


@physio_required
def injury_edit(request, pk):
    injury = prior_injury_for_physio(request, pk)
    patient = injury.patient
    form = PriorInjuryForm(request.POST or None, instance=injury)
    if request.method == "POST" and form.is_valid():
        services.update_prior_injury(injury=injury, **form.cleaned_data)
        return _saved(
            request,
            patient,
            object_type="prior_injury",
            object_id=pk,
            message=_("The prior injury is saved."),
        )
    return render(
        request,
        "patients/injury_form.html",
        {"form": form, "patient": patient, "injury": injury},
    )


@physio_required
def injury_delete(request, pk):
    injury = prior_injury_for_physio(request, pk)
    patient = injury.patient
    if request.method == "POST":
        services.delete_prior_injury(injury=injury)
        return _saved(
            request,
            patient,
            object_type="prior_injury",
            object_id=pk,
            message=_("The prior injury is deleted."),
        )
    return render(request, "patients/injury_delete.html", {"injury": injury, "patient": patient})


# The patient: my plan --------------------------------------------------------------------------


@patient_required
def my_plan(request):
    profile = own_profile(request.user)
    today = profile.local_today()
    return render(
        request,
        "patients/my_plan.html",
        {
            "profile": profile,
            "restrictions": selectors.active_restrictions(patient=profile, day=today),
            "injuries": list(profile.prior_injuries.all()),
            "physio": profile.assigned_physio,
        },
    )
