"""Closing and opening accounts, and ending participation.

Clinic staff close (deactivate) a patient's account with a reason and may open it again; they
see the patients' requests to end their participation; they close the account of a
physiotherapist or staff member who leaves the centre. A patient asks to end their
participation from their account page. Someone whose account is closed and who signs in sees
which centre to contact. Nothing is deleted.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from patients import selectors_accounts, services_accounts
from patients.access import own_profile, patient_for_clinician
from patients.forms_accounts import DeactivateForm, EndRequestForm, ReactivateForm
from patients.models import PatientProfile
from pusterom.access import clinician_for_staff, patient_required, staff_required
from pusterom.accounts import CannotChangeOwnAccount
from pusterom.adapters import CLOSED_ACCOUNT_SESSION_KEY
from pusterom.audit import record_change, record_list_read
from pusterom.models import User

# Clinic staff: a patient's account ------------------------------------------------------------


def _patient_account_page(request, patient, *, deactivate_form=None, reactivate_form=None):
    return render(
        request,
        "patients/accounts/patient_account.html",
        {
            "patient": patient,
            "state": selectors_accounts.account_state(user=patient.user, patient=patient),
            "deactivate_form": deactivate_form or DeactivateForm(),
            "reactivate_form": reactivate_form or ReactivateForm(),
        },
    )


def _changed(request, patient, object_type: str) -> None:
    record_change(request, patient_user=patient.user, object_type=object_type, object_id=patient.pk)


@staff_required
def patient_account(request, pk):
    patient = patient_for_clinician(request, pk, object_type="account")
    return _patient_account_page(request, patient)


@staff_required
@require_POST
def patient_deactivate(request, pk):
    patient = patient_for_clinician(request, pk, object_type="account")
    form = DeactivateForm(request.POST)
    if not form.is_valid():
        return _patient_account_page(request, patient, deactivate_form=form)
    if services_accounts.deactivate_patient(
        patient=patient, by=request.user, reason=form.cleaned_data["reason"]
    ):
        _changed(request, patient, "account")
        messages.success(
            request,
            _("The account is closed. Nothing is deleted, and reminders have stopped."),
        )
    return redirect("patients:patient_account", pk=patient.pk)


@staff_required
@require_POST
def patient_reactivate(request, pk):
    patient = patient_for_clinician(request, pk, object_type="account")
    form = ReactivateForm(request.POST)
    if not form.is_valid():
        return _patient_account_page(request, patient, reactivate_form=form)
    if services_accounts.reactivate_patient(
        patient=patient, by=request.user, reason=form.cleaned_data["reason"]
    ):
        _changed(request, patient, "account")
        messages.success(request, _("The account is open again. The patient can sign in."))
    return redirect("patients:patient_account", pk=patient.pk)


@staff_required
@require_POST
def end_request_dismiss(request, pk):
    patient = patient_for_clinician(request, pk, object_type="account")
    if services_accounts.dismiss_end_request(patient=patient, by=request.user):
        _changed(request, patient, "end_request")
        messages.success(request, _("The request is marked as handled. The account stays open."))
    return redirect("patients:patient_account", pk=patient.pk)


@staff_required
def end_requests(request):
    rows = list(selectors_accounts.open_end_requests(centre=request.user.centre)[:200])
    record_list_read(request, patients=[row.patient for row in rows], object_type="end_requests")
    return render(request, "patients/accounts/end_requests.html", {"rows": rows})


# Clinic staff: the centre's team -----------------------------------------------------------------


@staff_required
def team(request):
    members = list(selectors_accounts.team(centre=request.user.centre))
    return render(request, "patients/accounts/team.html", {"members": members})


def _team_member_page(request, member, *, deactivate_form=None, reactivate_form=None):
    return render(
        request,
        "patients/accounts/team_member.html",
        {
            "member": member,
            "state": selectors_accounts.account_state(user=member),
            "assigned": PatientProfile.objects.filter(assigned_physio=member).count(),
            "deactivate_form": deactivate_form or DeactivateForm(),
            "reactivate_form": reactivate_form or ReactivateForm(),
        },
    )


@staff_required
def team_member(request, pk):
    return _team_member_page(request, clinician_for_staff(request.user, pk))


@staff_required
@require_POST
def team_member_deactivate(request, pk):
    member = clinician_for_staff(request.user, pk)
    form = DeactivateForm(request.POST)
    if not form.is_valid():
        return _team_member_page(request, member, deactivate_form=form)
    try:
        unassigned = services_accounts.deactivate_clinician(
            clinician=member, by=request.user, reason=form.cleaned_data["reason"]
        )
    except CannotChangeOwnAccount:
        messages.error(request, _("You cannot close your own account. Ask a colleague."))
    else:
        if unassigned is not None:
            messages.success(request, _("The account is closed. Nothing is deleted."))
        if unassigned:
            messages.info(
                request,
                ngettext(
                    "%(count)s patient now has no physiotherapist.",
                    "%(count)s patients now have no physiotherapist.",
                    unassigned,
                )
                % {"count": unassigned},
            )
    return redirect("patients:team_member", pk=member.pk)


@staff_required
@require_POST
def team_member_reactivate(request, pk):
    member = clinician_for_staff(request.user, pk)
    form = ReactivateForm(request.POST)
    if not form.is_valid():
        return _team_member_page(request, member, reactivate_form=form)
    try:
        reopened = services_accounts.reactivate_clinician(
            clinician=member, by=request.user, reason=form.cleaned_data["reason"]
        )
    except CannotChangeOwnAccount:
        reopened = False
    if reopened:
        messages.success(request, _("The account is open again."))
    return redirect("patients:team_member", pk=member.pk)


# The patient: ending participation -------------------------------------------------------------


@patient_required
def end_participation(request):
    patient = own_profile(request.user)
    open_request = selectors_accounts.open_end_request(patient=patient)
    form = EndRequestForm(request.POST or None)
    if request.method == "POST" and open_request is None and form.is_valid():
        services_accounts.request_end(patient=patient, message=form.cleaned_data["message"])
        messages.success(request, _("Your request is sent. The centre will contact you."))
        return redirect("patients:end_participation")
    if request.method == "POST" and open_request is not None:
        return redirect("patients:end_participation")
    return render(
        request,
        "patients/accounts/end_participation.html",
        {"patient": patient, "form": form, "open_request": open_request},
    )


@patient_required
@require_POST
def end_participation_withdraw(request):
    patient = own_profile(request.user)
    if services_accounts.withdraw_end_request(patient=patient):
        messages.success(request, _("Good to have you with us. Your request is withdrawn."))
    return redirect("patients:end_participation")


# Anyone: the page a closed account lands on ------------------------------------------------------


def account_closed(request):
    """Shown when someone signs in to a closed account (the right password): which centre to
    contact. Without that sign-in, the page names no centre."""
    centre = None
    user_id = request.session.get(CLOSED_ACCOUNT_SESSION_KEY)
    user = User.objects.filter(pk=user_id, is_active=False).select_related("centre").first()
    if user is not None:
        if user.centre is not None:
            centre = user.centre
        else:
            profile = PatientProfile.objects.filter(user=user).select_related("centre").first()
            centre = profile.centre if profile else None
    return render(
        request,
        "patients/accounts/account_closed.html",
        {"centre": centre, "closed_user": user},
    )
