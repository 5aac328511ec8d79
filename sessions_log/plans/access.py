"""Access to the library, templates and plans: each helper returns the object or raises 404
for someone else's centre or patient (see patients.access). Reading a patient's plan is
audited here, so no view can forget it."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from patients.access import own_profile, patient_for_physio
from sessions_log.models import Exercise, PlannedSession, ProgrammeTemplate

PLAN_OBJECT = "training_plan"


def _visible_to_centre(centre_id):
    return Q(centre__isnull=True) | Q(centre_id=centre_id)


def exercise_for_clinician(user, pk: int) -> Exercise:
    """A shared exercise or one of the clinician's own centre."""
    if not user.is_authenticated or not user.is_clinician:
        raise Http404
    return get_object_or_404(
        Exercise.objects.select_related("variant", "centre").filter(
            _visible_to_centre(user.centre_id)
        ),
        pk=pk,
    )


def centre_exercise_for_physio(user, pk: int) -> Exercise:
    """One of the physiotherapist's centre's own exercises. The shared library is changed
    only by migrations, so its exercises are a 404 here."""
    if not user.is_authenticated or not user.is_physio:
        raise Http404
    return get_object_or_404(Exercise, pk=pk, centre_id=user.centre_id)


def exercise_for_patient(user, pk: int) -> tuple[Exercise, object]:
    """A shared exercise or one of the patient's centre, with the patient's profile."""
    profile = own_profile(user)
    exercise = get_object_or_404(
        Exercise.objects.select_related("variant").filter(_visible_to_centre(profile.centre_id)),
        pk=pk,
    )
    return exercise, profile


def template_for_clinician(user, pk: int) -> ProgrammeTemplate:
    """A programme template of the clinician's own centre."""
    if not user.is_authenticated or not user.is_clinician:
        raise Http404
    return get_object_or_404(ProgrammeTemplate, pk=pk, centre_id=user.centre_id)


def plan_patient_for_physio(request, pk: int):
    """The patient (own centre only) whose training plan the physiotherapist opens or
    changes; opening it is written to the audit log (a saved change is recorded by the view)."""
    return patient_for_physio(request, pk, object_type=PLAN_OBJECT)


def planned_session_for_patient(user, pk: int) -> tuple[PlannedSession, object]:
    """A session of one of the signed-in patient's own programme versions, with the profile."""
    profile = own_profile(user)
    session = get_object_or_404(
        PlannedSession.objects.select_related("programme"), pk=pk, programme__patient=profile
    )
    return session, profile
