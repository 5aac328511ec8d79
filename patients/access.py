"""One access helper per role: each returns the object or raises 404 for someone else's
centre or patient (healthchecks' ``_get_check_for_user``). Views never filter by hand."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from patients.models import PatientProfile, PriorInjury, Referral, Restriction


def own_profile(user) -> PatientProfile:
    """The signed-in patient's own profile."""
    if not user.is_authenticated or not user.is_patient:
        raise Http404
    return get_object_or_404(PatientProfile.objects.select_related("centre", "user"), user=user)


def referral_for_staff(user, pk: int) -> Referral:
    """A referral of the staff member's own centre."""
    if not user.is_authenticated or not user.is_clinic_staff:
        raise Http404
    return get_object_or_404(
        Referral.objects.select_related("centre"), pk=pk, centre_id=user.centre_id
    )


def patient_for_clinician(user, pk: int) -> PatientProfile:
    """A patient of the physiotherapist's (or staff member's) own centre."""
    if not user.is_authenticated or not user.is_clinician:
        raise Http404
    return get_object_or_404(
        PatientProfile.objects.select_related("user", "centre", "assigned_physio", "referral"),
        pk=pk,
        centre_id=user.centre_id,
    )


def patient_for_physio(user, pk: int) -> PatientProfile:
    """A patient of the physiotherapist's own centre (for intake, restrictions, injuries)."""
    if not user.is_authenticated or not user.is_physio:
        raise Http404
    return patient_for_clinician(user, pk)


def restriction_for_physio(user, pk: int) -> Restriction:
    """A restriction of a patient in the physiotherapist's own centre."""
    if not user.is_authenticated or not user.is_physio:
        raise Http404
    return get_object_or_404(
        Restriction.objects.select_related("patient", "patient__user", "patient__centre"),
        pk=pk,
        patient__centre_id=user.centre_id,
    )


def prior_injury_for_physio(user, pk: int) -> PriorInjury:
    """A prior injury of a patient in the physiotherapist's own centre."""
    if not user.is_authenticated or not user.is_physio:
        raise Http404
    return get_object_or_404(
        PriorInjury.objects.select_related("patient", "patient__user", "patient__centre"),
        pk=pk,
        patient__centre_id=user.centre_id,
    )
