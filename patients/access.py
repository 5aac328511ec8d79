"""One access helper per role: each returns the object or raises 404 for someone else's
centre or patient (healthchecks' ``_get_check_for_user``). Views never filter by hand.

The clinicians' helpers take the request: fetching a patient's data for a page is a read,
and they write its audit row (``pusterom.audit``) so a view cannot forget it."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from patients.models import PatientProfile, PriorInjury, Referral, Restriction
from pusterom.audit import SAFE_METHODS, record_page_read, record_read


def own_profile(user) -> PatientProfile:
    """The signed-in patient's own profile (loaded with the user by ``patients.auth``; fetched
    here for a user loaded otherwise)."""
    if not user.is_authenticated or not user.is_patient:
        raise Http404
    cached = PatientProfile.user.field.remote_field.get_cached_value(user, default=None)
    if cached is not None and PatientProfile.centre.field.is_cached(cached):
        return cached
    return get_object_or_404(PatientProfile.objects.select_related("centre", "user"), user=user)


def referral_for_staff(request, pk: int) -> Referral:
    """A referral of the staff member's own centre (audited once it belongs to a patient)."""
    if not request.user.is_authenticated or not request.user.is_clinic_staff:
        raise Http404
    referral = get_object_or_404(
        Referral.objects.select_related("centre", "patient__user"),
        pk=pk,
        centre_id=request.user.centre_id,
    )
    if request.method in SAFE_METHODS:
        shown_referral(request, referral)
    return referral


def shown_referral(request, referral: Referral) -> None:
    """A page showed this referral to staff (its page, or the warning that a new one would
    duplicate it): a read of its patient, once it has an account (before that, there is no
    one whose log it belongs in)."""
    patient = getattr(referral, "patient", None)
    if patient is not None:
        record_read(
            request, patient_user=patient.user, object_type="referral", object_id=referral.pk
        )


def patient_for_clinician(request, pk: int, *, object_type: str) -> PatientProfile:
    """A patient of the physiotherapist's (or staff member's) own centre; ``object_type``
    names the page in the audit trail."""
    if not request.user.is_authenticated or not request.user.is_clinician:
        raise Http404
    patient = get_object_or_404(
        PatientProfile.objects.select_related("user", "centre", "assigned_physio", "referral"),
        pk=pk,
        centre_id=request.user.centre_id,
    )
    record_page_read(request, patient_user=patient.user, object_type=object_type, object_id=pk)
    return patient


def patient_for_physio(request, pk: int, *, object_type: str) -> PatientProfile:
    """A patient of the physiotherapist's own centre (for intake, restrictions, injuries)."""
    if not request.user.is_authenticated or not request.user.is_physio:
        raise Http404
    return patient_for_clinician(request, pk, object_type=object_type)


def _for_physio(request, queryset, pk: int, object_type: str):
    if not request.user.is_authenticated or not request.user.is_physio:
        raise Http404
    obj = get_object_or_404(
        queryset.select_related("patient", "patient__user", "patient__centre"),
        pk=pk,
        patient__centre_id=request.user.centre_id,
    )
    record_page_read(request, patient_user=obj.patient.user, object_type=object_type, object_id=pk)
    return obj


def restriction_for_physio(request, pk: int) -> Restriction:
    """A restriction of a patient in the physiotherapist's own centre."""
    return _for_physio(request, Restriction.objects, pk, "restriction")


def prior_injury_for_physio(request, pk: int) -> PriorInjury:
    """A prior injury of a patient in the physiotherapist's own centre."""
    return _for_physio(request, PriorInjury.objects, pk, "prior_injury")
