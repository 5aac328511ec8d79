"""Reads for the patient's own data: everything Pusterom stores about them, for "download my
data" (GDPR art. 15 and 20), and who has seen it."""

from __future__ import annotations

import csv
import io
import zipfile

from patients.models import IntakeConversation, PatientProfile, PriorInjury, Referral, Restriction
from pusterom.models import AuditEvent
from sessions_log.models import CheckIn, Flag, RecoveryReport, Reminder, WorkoutSession

# The profile's own columns. The account and the centre are exported by name below;
# last_activity_at is kept for lists and comes from the check-ins and sessions exported here.
PROFILE_FIELDS = tuple(
    field.name
    for field in PatientProfile._meta.concrete_fields
    if not field.is_relation and field.name not in ("id", "last_activity_at")
)

TABLES = {
    "referral": (
        Referral,
        "patient",
        (
            "referring_doctor",
            "referring_unit",
            "diagnosis_code",
            "diagnosis_text",
            "treatment_phase",
            "received_on",
        ),
    ),
    "check_ins": (
        CheckIn,
        "patient",
        ("date", *CheckIn.ANSWER_FIELDS, "level", "urgency", "reasons", "created_at", "updated_at"),
    ),
    "sessions": (
        WorkoutSession,
        "patient",
        (
            "performed_on",
            "started_at",
            "duration_min",
            "activity",
            "setting",
            "rpe",
            "avg_hr",
            "max_hr",
            "notes",
            "flare_injury_id",
            "recovery_days",
            "created_at",
        ),
    ),
    "recovery_reports": (
        RecoveryReport,
        "session__patient",
        (
            "session_id",
            "asked_for",
            "answered_at",
            "recovered",
            "managed_chores",
            "soreness",
            "note",
        ),
    ),
    "flags": (
        Flag,
        "patient",
        ("kind", "session_id", "check_in_id", "created_at", "acknowledged_at", "physio_note"),
    ),
    "restrictions": (
        Restriction,
        "patient",
        ("kind", "body_area", "max_rpe", "max_heart_rate", "starts_on", "ends_on", "note"),
    ),
    "prior_injuries": (PriorInjury, "patient", ("id", "body_area", "description", "since_year")),
    "reminders": (Reminder, "patient", ("kind", "for_date", "channel", "created_at", "sent_at")),
    "intake_conversations": (
        IntakeConversation,
        "patient",
        ("held_on", "activity_background", "goals", "notes"),
    ),
}


def _value(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def audit_trail(*, patient_user):
    """Who has read or changed the patient's data, newest first ("who has seen my data")."""
    return AuditEvent.objects.filter(patient=patient_user).select_related("actor", "actor__centre")


def export_rows(*, patient) -> dict[str, list[dict]]:
    """One query per table, streamed with values(): a patient's history stays small."""
    data: dict[str, list[dict]] = {
        "profile": [
            {
                "email": patient.user.email,
                "first_name": patient.user.first_name,
                "last_name": patient.user.last_name,
                "centre": patient.centre.name,
                **{name: _value(getattr(patient, name)) for name in PROFILE_FIELDS},
            }
        ]
    }
    for name, (model, owner, fields) in TABLES.items():
        rows = model.objects.filter(**{owner: patient}).order_by("pk").values(*fields)
        data[name] = [{key: _value(value) for key, value in row.items()} for row in rows]
    data["who_has_seen_my_data"] = [
        {
            "at": _value(event.at),
            "who": str(event.actor) if event.actor else "",
            "action": event.action,
            "what": event.object_type,
        }
        for event in audit_trail(patient_user=patient.user)
    ]
    return data


def export_csv_zip(*, patient) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in export_rows(patient=patient).items():
            text = io.StringIO()
            if rows:
                writer = csv.DictWriter(text, fieldnames=list(rows[0]))
                writer.writeheader()
                writer.writerows(rows)
            archive.writestr(f"{name}.csv", text.getvalue())
    return buffer.getvalue()
