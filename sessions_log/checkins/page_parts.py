"""What the patient's pages kept in the pages cache (``pusterom.page_cache``) are made from.

The history's weeks show the patient's check-ins and sessions (and the sessions' read brings
the injury a session flared up, with them). Today's page shows today's check-in and its
advice (with the patient's restrictions and port or PICC line, and the centre's phone
numbers), the week's progress, today's planned session adapted to the day (the plan, its
sessions and exercises, and the library's exercises it can swap in), open recovery
questions and notes from the physiotherapist (with their names). Tests
(``tests/sessions_log/test_history_kept.py``, ``test_home_kept.py``) render each on a miss
and fail when a query touches a table no scope covers."""

from __future__ import annotations

from patients.models import PatientProfile, PriorInjury, Restriction
from pusterom.models import Centre, User
from pusterom.page_cache import Scope
from sessions_log.models import (
    CheckIn,
    Exercise,
    Flag,
    PlannedExercise,
    PlannedSession,
    Programme,
    RecoveryReport,
    WorkoutSession,
)


def history(patient: PatientProfile) -> list[Scope]:
    return [
        Scope.of(CheckIn, "patient_id = %s", patient.pk),
        Scope.of(WorkoutSession, "patient_id = %s", patient.pk),
        Scope.of(PriorInjury, "patient_id = %s", patient.pk),
    ]


_PLANNED = (
    "SELECT id FROM sessions_log_plannedsession WHERE programme_id IN"
    " (SELECT id FROM sessions_log_programme WHERE patient_id = %s)"
)


def home(patient: PatientProfile) -> list[Scope]:
    pk = patient.pk
    return [
        Scope.of(Centre, "id = %s", patient.centre_id),
        Scope.of(PatientProfile, "id = %s", pk),
        Scope.of(
            User,
            "id = %s OR id IN (SELECT acknowledged_by_id FROM sessions_log_flag"
            " WHERE patient_id = %s)",
            patient.user_id,
            pk,
        ),
        Scope.of(Restriction, "patient_id = %s", pk),
        Scope.of(CheckIn, "patient_id = %s", pk),
        Scope.of(WorkoutSession, "patient_id = %s", pk),
        Scope.of(
            RecoveryReport,
            "session_id IN (SELECT id FROM sessions_log_workoutsession WHERE patient_id = %s)",
            pk,
        ),
        Scope.of(Flag, "patient_id = %s", pk),
        Scope.of(Programme, "patient_id = %s", pk),
        Scope.of(PlannedSession, "id IN (" + _PLANNED + ")", pk),
        Scope.of(PlannedExercise, "session_id IN (" + _PLANNED + ")", pk),
        # The shared library and the centre's own exercises: a swap for the day can be any.
        Scope.of(Exercise, "centre_id IS NULL OR centre_id = %s", patient.centre_id),
    ]
