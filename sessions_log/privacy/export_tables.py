"""The tables of the patient's data export (sessions_log.privacy.export): one file per kind
of data, each column described for the patient."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

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

ID = _("A number that identifies the row; other files refer to it.")
CREATED = _("When this was saved.")
UPDATED = _("When this was last changed.")


@dataclass(frozen=True)
class Table:
    """One file of the export: a model, how it reaches the patient, and its columns with what
    each one means. ``people`` maps a column to the foreign key of the person it names."""

    model: type
    owner: str
    about: str
    columns: dict
    people: dict = field(default_factory=dict)


PROFILE = Table(
    model=PatientProfile,
    owner="pk",
    about=_("About you: your account, your centre and your settings."),
    columns={
        "email": _("The email address you sign in with."),
        "first_name": _("Your first name."),
        "last_name": _("Your last name."),
        "language": _("The language Pusterom uses with you."),
        "account_active": _("True while your account is open; False once it is closed."),
        "centre": _("Your training centre."),
        "assigned_physio": _("Your physiotherapist."),
        "birth_date": _("Your date of birth."),
        "treatment_phase": _("Where you are in your treatment."),
        "has_central_line": _(
            "True when you have a port or PICC line: the check-in then asks about the skin around it."
        ),
        "phone": _("Your mobile number, for text messages."),
        "reminder_time": _("When in the day you get the check-in reminder."),
        "reminder_days": _("The days you get the reminder: 1 is Monday, 7 is Sunday."),
        "reminders_enabled": _("True when reminders are on."),
        "email_opt_in": _("True when reminders come by email."),
        "sms_opt_in": _("True when reminders come by text message."),
        "remind_checkin": _("True when you get the daily check-in reminder."),
        "remind_recovery": _("True when you are asked about your recovery after a session."),
        "remind_inactivity": _("True when you get a nudge after a quiet week."),
        "remind_weekly": _("True when you get the weekly summary."),
        "privacy_accepted_at": _("When you accepted the privacy notice."),
        "last_activity_at": _("When you last checked in or logged a session."),
        "plan_adherence": _(
            "How much of your training plan you did in the last 14 days, in per cent, as your "
            "physiotherapist's patient list shows it."
        ),
        "plan_adherence_at": _("When that figure was last worked out."),
        "created_at": _("When your account was created."),
    },
)

TABLES: dict[str, Table] = {
    "referral": Table(
        model=Referral,
        owner="patient",
        about=_("The referral from your doctor, as the centre registered it."),
        columns={
            "id": ID,
            "received_on": _("The day the centre received the referral."),
            "status": _("Where the referral stands now."),
            "status_reason": _("Why the referral was declined or closed, if it was."),
            "first_name": _("Your first name on the referral."),
            "last_name": _("Your last name on the referral."),
            "birth_date": _("Your date of birth on the referral."),
            "email": _("Your email address on the referral."),
            "phone": _("Your mobile number on the referral."),
            "referring_doctor": _("The doctor who referred you."),
            "doctor_hpr_number": _(
                "The doctor's number in the Norwegian register of health personnel (HPR)."
            ),
            "referring_unit": _("The hospital unit or practice that referred you."),
            "diagnosis_code": _("The diagnosis as an ICD-10 code."),
            "diagnosis_text": _("The diagnosis in words."),
            "treatment_phase": _("Where you were in your treatment when you were referred."),
            "notes": _("The centre's notes on the referral."),
            "registered_by": _("Who at the centre registered the referral."),
            "created_at": CREATED,
            "updated_at": UPDATED,
        },
        people={"registered_by": "registered_by"},
    ),
    "invitations": Table(
        model=Invitation,
        owner="referral__patient",
        about=_("The links you were sent to create your account."),
        columns={
            "created_at": _("When the link was made."),
            "sent_at": _("When it was sent to you."),
            "expires_at": _("When it would stop working."),
            "accepted_at": _("When you used it."),
            "revoked_at": _("When the centre stopped it, if it did."),
        },
    ),
    "intake_conversations": Table(
        model=IntakeConversation,
        owner="patient",
        about=_("Your first conversation with a physiotherapist."),
        columns={
            "id": ID,
            "held_on": _("The day of the conversation."),
            "physio": _("The physiotherapist who held it."),
            "activity_background": _("How active you were before."),
            "goals": _("Your goals, in your own words."),
            "notes": _("The physiotherapist's notes."),
            "created_at": CREATED,
        },
        people={"physio": "physio"},
    ),
    "restrictions": Table(
        model=Restriction,
        owner="patient",
        about=_("Limits your physiotherapist set for your training."),
        columns={
            "id": ID,
            "kind": _("The kind of restriction."),
            "body_area": _("The part of the body it is about."),
            "max_rpe": _("The highest effort on the Borg scale (6 to 20)."),
            "max_heart_rate": _("The highest heart rate, in beats a minute."),
            "starts_on": _("The first day it applies."),
            "ends_on": _("The last day it applies; empty until it is ended."),
            "note": _("The physiotherapist's note to you."),
            "set_by": _("The physiotherapist who set it or last changed it."),
            "created_at": CREATED,
            "updated_at": UPDATED,
        },
        people={"set_by": "set_by"},
    ),
    "prior_injuries": Table(
        model=PriorInjury,
        owner="patient",
        about=_("Old injuries that may flare up during training."),
        columns={
            "id": ID,
            "body_area": _("Where the injury is."),
            "description": _("What the injury is."),
            "since_year": _("The year it started."),
            "created_at": CREATED,
        },
    ),
    "check_ins": Table(
        model=CheckIn,
        owner="patient",
        about=_("Your daily check-ins: how you felt, and the advice for the day."),
        columns={
            "id": ID,
            "date": _("The day of the check-in."),
            "sleep": _("How you slept."),
            "energy": _("Your energy, from 0 (none) to 10."),
            "nausea": _("Whether you felt sick."),
            "dizziness": _("Whether you felt dizzy."),
            "pain": _("Your pain, from 0 (none) to 10."),
            "pain_area": _("Where it hurt most."),
            "fever_38": _("True if you had a fever of 38 °C or more."),
            "chest_symptoms": _("True if you had chest pain or a racing, uneven heartbeat."),
            "breathless": _("True if you were short of breath in a new way."),
            "chills": _("True if you had shaking chills or felt acutely ill."),
            "fainted": _("True if you had fainted."),
            "confusion": _("True if you felt newly confused."),
            "back_pain_weakness": _(
                "True if you had back pain with new weakness or numbness in the legs, or trouble "
                "holding urine or stool."
            ),
            "bleeding": _("True if you had new bleeding or unusual bruising."),
            "swelling_one_side": _("True if one leg or arm was newly swollen, warm or sore."),
            "fluids": _("True if you could not keep fluids down or had diarrhoea many times."),
            "line_site": _(
                "True if the skin around your port or PICC line was red, swollen or leaking."
            ),
            "fell": _("True if you had fallen or nearly fallen."),
            "sore_from_last": _("How sore you were from your last session."),
            "level": _("The advice for the day."),
            "urgency": _(
                "Whether the advice was to call: none, the centre today, the ward now, or 113."
            ),
            "reasons": _("Codes for the reasons behind the advice; the app shows them in words."),
            "created_at": CREATED,
            "updated_at": UPDATED,
        },
    ),
    "sessions": Table(
        model=WorkoutSession,
        owner="patient",
        about=_("The training sessions you logged."),
        columns={
            "id": ID,
            "check_in_id": _("The check-in of that day (its id in check_ins.csv)."),
            "performed_on": _("The day you trained."),
            "started_at": _("When the session started."),
            "duration_min": _("How long it lasted, in minutes."),
            "activity": _("What you did."),
            "setting": _("Where you trained."),
            "rpe": _("How hard it was on the Borg scale (6 to 20)."),
            "avg_hr": _("Your average heart rate, if you gave it."),
            "max_hr": _("Your highest heart rate, if you gave it."),
            "notes": _("Your notes."),
            "flare_injury_id": _("An old injury that bothered you (its id in prior_injuries.csv)."),
            "recovery_days": _("How many days until you said you had recovered."),
            "planned_session_id": _(
                "The session of your training plan it carried out, if any (its id in "
                "planned_sessions.csv)."
            ),
            "plan_followed": _("How it went against the plan: as planned, lighter or other."),
            "created_at": CREATED,
        },
    ),
    "programmes": Table(
        model=Programme,
        owner="patient",
        about=_(
            "Your training plan: every version your physiotherapist made. Each change is a "
            "new version; you see the newest."
        ),
        columns={
            "id": ID,
            "version": _("The version number."),
            "note": _("The physiotherapist's note to you."),
            "template": _("The centre's template the plan started from, if any."),
            "created_by": _("The physiotherapist who made this version."),
            "created_at": _("When this version was made."),
        },
        people={"created_by": "created_by"},
    ),
    "planned_sessions": Table(
        model=PlannedSession,
        owner="programme__patient",
        about=_(
            "The sessions of each version of your training plan. sessions.csv says which "
            "session you carried out (planned_session_id) and how (plan_followed)."
        ),
        columns={
            "id": ID,
            "programme_id": _("The version of the plan (its id in programmes.csv)."),
            "order": _("Its place in the plan's list of sessions."),
            "weekdays": _("The days it is planned: 1 is Monday, 7 is Sunday."),
            "kind": _("The kind of training."),
            "minutes": _("How long, in minutes."),
            "borg_min": _("The lowest target effort on the Borg scale (6 to 20)."),
            "borg_max": _("The highest target effort on the Borg scale (6 to 20)."),
            "setting": _("Where you train."),
            "note": _("The physiotherapist's note on the session."),
        },
    ),
    "planned_exercises": Table(
        model=PlannedExercise,
        owner="session__programme__patient",
        about=_("The exercises of each planned session."),
        columns={
            "id": ID,
            "session_id": _("The planned session (its id in planned_sessions.csv)."),
            "order": _("Its place in the session."),
            "exercise": _("The exercise's name in Norwegian."),
            "exercise_en": _("The exercise's name in English."),
            "sets": _("How many sets."),
            "reps": _("Repetitions in each set, if counted in repetitions."),
            "seconds": _("Seconds in each set, if counted in seconds."),
            "minutes": _("Minutes, if counted in minutes."),
        },
    ),
    "recovery_reports": Table(
        model=RecoveryReport,
        owner="session__patient",
        about=_("Your answers to the question about recovery after a session."),
        columns={
            "id": ID,
            "session_id": _("The session it is about (its id in sessions.csv)."),
            "asked_for": _("The day the question was for."),
            "answered_at": _("When you answered."),
            "recovered": _("Whether you had recovered."),
            "managed_chores": _("True if you could manage your daily chores afterwards."),
            "soreness": _("How sore your muscles were."),
            "note": _("What else you told us."),
            "created_at": _("When the question was asked."),
        },
    ),
    "flags": Table(
        model=Flag,
        owner="patient",
        about=_("Things the app asked your physiotherapist to look at."),
        columns={
            "id": ID,
            "kind": _("What it was about."),
            "session_id": _("The session it came from, if any (its id in sessions.csv)."),
            "check_in_id": _("The check-in it came from, if any (its id in check_ins.csv)."),
            "created_at": _("When it was raised."),
            "acknowledged_at": _("When a physiotherapist looked at it."),
            "acknowledged_by": _("The physiotherapist who looked at it."),
            "physio_note": _("The physiotherapist's note to you."),
            "note_seen_at": _("When you saw the note."),
        },
        people={"acknowledged_by": "acknowledged_by"},
    ),
    "reminders": Table(
        model=Reminder,
        owner="patient",
        about=_("The reminders Pusterom made for you."),
        columns={
            "kind": _("What the reminder was for."),
            "for_date": _("The day it was for."),
            "channel": _("How it was sent."),
            "created_at": _("When it was made."),
            "claimed_at": _("When sending it began."),
            "sent_at": _("When it was sent; empty if it was not."),
            "attempts": _("How many times sending was tried."),
            "error": _("Why sending failed or was skipped, if it was."),
        },
    ),
    "plan_suggestions": Table(
        model=ProgressionDecision,
        owner="programme__patient",
        about=_(
            "Suggestions to make your training plan a little harder or easier, and what your "
            "physiotherapist decided."
        ),
        columns={
            "version": _("The version of your plan the suggestion was for."),
            "code": _("The suggestion."),
            "decision": _("Whether your physiotherapist accepted it or said no."),
            "new_version": _("The version of your plan that accepting it made, if any."),
            "decided_by": _("The physiotherapist who decided."),
            "decided_at": _("When."),
        },
        people={"decided_by": "decided_by"},
    ),
    "end_requests": Table(
        model=ParticipationEndRequest,
        owner="patient",
        about=_("Your requests to end your participation."),
        columns={
            "requested_at": _("When you sent the request."),
            "message": _("Your message to the centre."),
            "withdrawn_at": _("When you took it back, if you did."),
            "handled_at": _("When the centre dealt with it."),
            "handled_by": _("Who at the centre dealt with it."),
        },
        people={"handled_by": "handled_by"},
    ),
    "account_status": Table(
        model=AccountStatusChange,
        owner="user__patient_profile",
        about=_("When your account was closed or opened again, and why."),
        columns={
            "at": _("When it happened."),
            "active": _("True if the account was opened again, False if it was closed."),
            "reason": _("Why."),
            "by": _("Who did it."),
        },
        people={"by": "by"},
    ),
    "who_has_seen_my_data": Table(
        model=AuditEvent,
        owner="patient__patient_profile",
        about=_("Everyone other than you who opened, changed or exported your data."),
        columns={
            "at": _("When."),
            "who": _("Who it was."),
            "action": _("What they did."),
            "what": _("Which page or part of your data, as a code."),
        },
        people={"who": "actor"},
    ),
}

# Columns whose name differs from the model field they come from.
SOURCES = {
    "who_has_seen_my_data": {"what": "object_type"},
    "plan_suggestions": {"version": "programme__version", "new_version": "new_programme__version"},
    "programmes": {"template": "template__name"},
    "planned_exercises": {"exercise": "exercise__name_nb", "exercise_en": "exercise__name_en"},
}
USER_COLUMNS = ("email", "first_name", "last_name", "language")
