"""The tables of the patient's data export (sessions_log.privacy.export): one file per kind
of data, each built from a short spec: its model, how a row reaches the patient, its stock
columns and the columns that name a person (``FILES``), with what the file holds and what
each column means for the patient (``sessions_log.privacy.export_columns``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from patients.models import (
    IntakeConversation,
    Invitation,
    ParticipationEndRequest,
    PatientProfile,
    PriorInjury,
    Referral,
    Restriction,
)
from pusterom.models import AccountStatusChange, AuditEvent
from sessions_log.models import (
    CheckIn,
    Flag,
    PlannedExercise,
    PlannedSession,
    Programme,
    ProgressionDecision,
    RecoveryReport,
    Reminder,
    WorkoutSession,
)
from sessions_log.privacy.export_columns import DESCRIPTIONS, STOCK


@dataclass(frozen=True)
class Table:
    """One file of the export: a model, how it reaches the patient, and its columns with what
    each one means. ``people`` maps a column to the foreign key of the person it names."""

    model: type
    owner: str
    about: str
    columns: dict
    people: dict = field(default_factory=dict)


# Each file (profile.csv first): its model, how a row reaches the patient (a lookup from the
# model to their PatientProfile), its stock columns (STOCK; "id" first, the others last) and
# the columns that name a person ("column", or "column:foreign key" where the names differ).
FILES = {
    "profile": (PatientProfile, "pk", "", ""),
    "referral": (Referral, "patient", "id created_at updated_at", "registered_by"),
    "invitations": (Invitation, "referral__patient", "", ""),
    "intake_conversations": (IntakeConversation, "patient", "id created_at", "physio"),
    "restrictions": (Restriction, "patient", "id created_at updated_at", "set_by"),
    "prior_injuries": (PriorInjury, "patient", "id created_at", ""),
    "check_ins": (CheckIn, "patient", "id created_at updated_at", ""),
    "sessions": (WorkoutSession, "patient", "id created_at", ""),
    "programmes": (Programme, "patient", "id", "created_by"),
    "planned_sessions": (PlannedSession, "programme__patient", "id", ""),
    "planned_exercises": (PlannedExercise, "session__programme__patient", "id", ""),
    "recovery_reports": (RecoveryReport, "session__patient", "id", ""),
    "flags": (Flag, "patient", "id", "acknowledged_by"),
    "reminders": (Reminder, "patient", "", ""),
    "plan_suggestions": (ProgressionDecision, "programme__patient", "", "decided_by"),
    "end_requests": (ParticipationEndRequest, "patient", "", "handled_by"),
    "account_status": (AccountStatusChange, "user__patient_profile", "", "by"),
    "who_has_seen_my_data": (AuditEvent, "patient__patient_profile", "", "who:actor"),
}


def _table(name: str) -> Table:
    """One file's Table from its spec in FILES and DESCRIPTIONS: the stock columns go
    around the file's own, and each person column is matched to its foreign key."""
    model, owner, stock, people = FILES[name]
    about, own = DESCRIPTIONS[name]
    first = [column for column in stock.split() if column == "id"]
    last = [column for column in stock.split() if column != "id"]
    columns = {c: STOCK[c] for c in first} | own | {c: STOCK[c] for c in last}
    fks = {}
    for spec in people.split():
        column, _colon, fk = spec.partition(":")
        fks[column] = fk or column
    return Table(model=model, owner=owner, about=about, columns=columns, people=fks)


PROFILE = _table("profile")
TABLES: dict[str, Table] = {name: _table(name) for name in FILES if name != "profile"}

# Columns whose name differs from the model field they come from.
SOURCES = {
    "who_has_seen_my_data": {"what": "object_type"},
    "plan_suggestions": {"version": "programme__version", "new_version": "new_programme__version"},
    "programmes": {"template": "template__name"},
    "planned_exercises": {"exercise": "exercise__name_nb", "exercise_en": "exercise__name_en"},
}
USER_COLUMNS = ("email", "first_name", "last_name", "language")
