"""What each kept part of the physiotherapist's pages is made from (``pusterom.page_cache``):
the rows, table by table, whose change must show at once.

The patient page's body (everything below the name, the "take the patient" form and the link
to the plan) shows the patient's profile, referral, intake conversations, restrictions,
injuries, check-ins, sessions with their recovery answers, flags, training plan versions with
their sessions, exercises and decisions, and the names of the people who set restrictions,
held intakes and acknowledged flags. Tests (``tests/sessions_log/test_page_parts.py``)
render it on a miss and fail when a query touches a table no scope covers.
"""

from __future__ import annotations

from patients.models import (
    IntakeConversation,
    PatientProfile,
    PriorInjury,
    Referral,
    Restriction,
)
from pusterom.models import Centre, User
from pusterom.page_cache import Scope
from sessions_log.models import (
    CheckIn,
    Exercise,
    Flag,
    PlannedExercise,
    PlannedSession,
    Programme,
    ProgressionDecision,
    RecoveryReport,
    WorkoutSession,
)

# Subqueries by the tables' names: the tests run every scope against PostgreSQL.
_PROGRAMMES = "SELECT id FROM sessions_log_programme WHERE patient_id = %s"
_PLANNED = (
    "SELECT id FROM sessions_log_plannedsession WHERE programme_id IN"
    " (SELECT id FROM sessions_log_programme WHERE patient_id = %s)"
)
_EXERCISES = (
    "id IN (SELECT exercise_id FROM sessions_log_plannedexercise WHERE session_id IN"
    " (SELECT id FROM sessions_log_plannedsession WHERE programme_id IN"
    " (SELECT id FROM sessions_log_programme WHERE patient_id = %s)))"
)
_PEOPLE = (
    "id = %s OR id = %s"
    " OR id IN (SELECT acknowledged_by_id FROM sessions_log_flag WHERE patient_id = %s)"
    " OR id IN (SELECT physio_id FROM patients_intakeconversation WHERE patient_id = %s)"
    " OR id IN (SELECT set_by_id FROM patients_restriction WHERE patient_id = %s)"
)


def patient_page(patient: PatientProfile) -> list[Scope]:
    """The rows the patient page's body is made from."""
    pk = patient.pk
    return [
        Scope.of(PatientProfile, "id = %s", pk),
        Scope.of(Referral, "id = %s", patient.referral_id),
        Scope.of(Centre, "id = %s", patient.centre_id),
        Scope.of(User, _PEOPLE, patient.user_id, patient.assigned_physio_id, pk, pk, pk),
        Scope.of(IntakeConversation, "patient_id = %s", pk),
        Scope.of(Restriction, "patient_id = %s", pk),
        Scope.of(PriorInjury, "patient_id = %s", pk),
        Scope.of(CheckIn, "patient_id = %s", pk),
        Scope.of(WorkoutSession, "patient_id = %s", pk),
        Scope.of(
            RecoveryReport,
            "session_id IN (SELECT id FROM sessions_log_workoutsession WHERE patient_id = %s)",
            pk,
        ),
        Scope.of(Flag, "patient_id = %s", pk),
        Scope.of(Programme, "patient_id = %s", pk),
        Scope.of(PlannedSession, "programme_id IN (" + _PROGRAMMES + ")", pk),
        Scope.of(PlannedExercise, "session_id IN (" + _PLANNED + ")", pk),
        Scope.of(Exercise, _EXERCISES, pk),
        Scope.of(ProgressionDecision, "programme_id IN (" + _PROGRAMMES + ")", pk),
    ]
