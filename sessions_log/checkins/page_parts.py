"""What the patient's history page is made from (``pusterom.page_cache``): the weeks show the
patient's check-ins and sessions (and the sessions' read brings the injury a session flared
up, with them). Tests (``tests/sessions_log/test_history_kept.py``) render it on a miss and
fail when a query touches a table no scope covers."""

from __future__ import annotations

from patients.models import PatientProfile, PriorInjury
from pusterom.page_cache import Scope
from sessions_log.models import CheckIn, WorkoutSession


def history(patient: PatientProfile) -> list[Scope]:
    return [
        Scope.of(CheckIn, "patient_id = %s", patient.pk),
        Scope.of(WorkoutSession, "patient_id = %s", patient.pk),
        Scope.of(PriorInjury, "patient_id = %s", patient.pk),
    ]
