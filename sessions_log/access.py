"""The patient's own check-ins, sessions and flags, and the physiotherapist's flags of their
centre; anyone else's are a 404 (see patients.access)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from pusterom.audit import record_page_read
from sessions_log.models import CheckIn, Flag, WorkoutSession


def _require_patient(user) -> None:
    if not user.is_authenticated or not user.is_patient:
        raise Http404


def own_check_in(user, pk: int) -> CheckIn:
    _require_patient(user)
    return get_object_or_404(
        CheckIn.objects.select_related("patient", "patient__centre"), pk=pk, patient__user=user
    )


def own_session(user, pk: int) -> WorkoutSession:
    _require_patient(user)
    return get_object_or_404(
        WorkoutSession.objects.select_related("patient", "patient__centre", "flare_injury"),
        pk=pk,
        patient__user=user,
    )


# Recovery follow-up and triage ---------------------------------------------------------------


def own_flag(user, pk: int) -> Flag:
    """A flag about the signed-in patient (to dismiss the physiotherapist's note)."""
    _require_patient(user)
    return get_object_or_404(Flag, pk=pk, patient__user=user)


def flag_for_physio(request, pk: int) -> Flag:
    """A flag about a patient of the physiotherapist's own centre; opening it is an audited
    read (``pusterom.audit``)."""
    user = request.user
    if not user.is_authenticated or not user.is_physio:
        raise Http404
    flag = get_object_or_404(
        Flag.objects.select_related(
            "patient", "patient__user", "patient__centre", "session", "check_in", "acknowledged_by"
        ),
        pk=pk,
        patient__centre_id=user.centre_id,
    )
    record_page_read(request, patient_user=flag.patient.user, object_type="flag", object_id=pk)
    return flag
