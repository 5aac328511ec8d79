"""What each kept part of the physiotherapist's pages is made from (``pusterom.page_cache``):
the rows, table by table, whose change must show at once.

The open flags' list of the triage page (``open_flags``) shows the centre's open flags with
their patients, the patients' accounts and physiotherapists (names; a closed account leaves
the list), the check-in or session and recovery notes of each flag, the flagged patients'
check-ins of today, and the centre's physiotherapists (the filter). A flag acknowledged
leaves the rows of the scope, a new one comes in: both change the fingerprint.

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
from pusterom.page_cache import Common, Scope
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

# The open flags of a centre, read once ("open_flags", a Common of the fingerprint), and what
# they point at. Each "= ANY(ARRAY(subquery))" is worked out once and then looked up by index:
# as "IN (subquery)" the planner read whole tables (the centre's check-ins, sessions and
# answers; about 9 ms a request).
_OPEN_FLAGS = (
    "SELECT id, patient_id, check_in_id, session_id FROM sessions_log_flag"
    " WHERE acknowledged_at IS NULL"
    " AND patient_id IN (SELECT id FROM patients_patientprofile WHERE centre_id = %s)"
)
_FLAGGED_PEOPLE = (
    "id = ANY(ARRAY(SELECT user_id FROM patients_patientprofile"
    " WHERE id = ANY(ARRAY(SELECT patient_id FROM open_flags))"
    " UNION SELECT assigned_physio_id FROM patients_patientprofile"
    " WHERE id = ANY(ARRAY(SELECT patient_id FROM open_flags))))"
)


def open_flags(*, centre_id: int, today) -> list[Scope | Common]:
    """The rows the triage page's open-flag list is made from (any filter, any page). A row
    in two scopes counts twice, which changes nothing: any change still moves the sum."""
    return [
        Common("open_flags", _OPEN_FLAGS, (centre_id,)),
        Scope.of(Centre, "id = %s", centre_id),
        Scope.of(Flag, "id = ANY(ARRAY(SELECT id FROM open_flags))"),
        Scope.of(PatientProfile, "id = ANY(ARRAY(SELECT patient_id FROM open_flags))"),
        Scope.of(User, "centre_id = %s AND role = %s", centre_id, User.Role.PHYSIO),
        Scope.of(User, _FLAGGED_PEOPLE),
        Scope.of(CheckIn, "id = ANY(ARRAY(SELECT check_in_id FROM open_flags))"),
        Scope.of(
            CheckIn,
            "date = %s AND patient_id = ANY(ARRAY(SELECT patient_id FROM open_flags))",
            today,
        ),
        Scope.of(WorkoutSession, "id = ANY(ARRAY(SELECT session_id FROM open_flags))"),
        Scope.of(RecoveryReport, "session_id = ANY(ARRAY(SELECT session_id FROM open_flags))"),
    ]


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
