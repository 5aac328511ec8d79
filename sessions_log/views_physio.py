"""Physiotherapist pages: the triage queue and the patient page."""

from django.shortcuts import render

from patients.access import patient_for_clinician
from pusterom.access import physio_required
from pusterom.audit import record_read


@physio_required
def triage(request):
    return render(request, "sessions_log/triage.html", {})


@physio_required
def patient_page(request, pk):
    patient = patient_for_clinician(request.user, pk)
    record_read(
        request, patient_user=patient.user, object_type="patient_page", object_id=patient.pk
    )
    return render(request, "sessions_log/patient_page.html", {"patient": patient})
