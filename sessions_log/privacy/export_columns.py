"""What each file of the patient's data export holds and what each of its columns means, in
the patient's words: the README.txt of the download gives both (sessions_log.privacy.export).
The files' structure (models, owners, which stock columns a file has, who a column names)
is in sessions_log.privacy.export_tables."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# The stock columns, with what they mean wherever a file has them.
STOCK = {
    "id": _("A number that identifies the row; other files refer to it."),
    "created_at": _("When this was saved."),
    "updated_at": _("When this was last changed."),
}

# What each file holds, and what each of its own columns means (the README gives both).
DESCRIPTIONS = {
    "profile": (
        _("About you: your account, your centre and your settings."),
        {
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
    ),
    "referral": (
        _("The referral from your doctor, as the centre registered it."),
        {
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
        },
    ),
    "invitations": (
        _("The links you were sent to create your account."),
        {
            "created_at": _("When the link was made."),
            "sent_at": _("When it was sent to you."),
            "expires_at": _("When it would stop working."),
            "accepted_at": _("When you used it."),
            "revoked_at": _("When the centre stopped it, if it did."),
        },
    ),
    "intake_conversations": (
        _("Your first conversation with a physiotherapist."),
        {
            "held_on": _("The day of the conversation."),
            "physio": _("The physiotherapist who held it."),
            "activity_background": _("How active you were before."),
            "goals": _("Your goals, in your own words."),
            "notes": _("The physiotherapist's notes."),
        },
    ),
    "restrictions": (
        _("Limits your physiotherapist set for your training."),
        {
            "kind": _("The kind of restriction."),
            "body_area": _("The part of the body it is about."),
            "max_rpe": _("The highest effort on the Borg scale (6 to 20)."),
            "max_heart_rate": _("The highest heart rate, in beats a minute."),
            "starts_on": _("The first day it applies."),
            "ends_on": _("The last day it applies; empty until it is ended."),
            "note": _("The physiotherapist's note to you."),
            "set_by": _("The physiotherapist who set it or last changed it."),
        },
    ),
    "prior_injuries": (
        _("Old injuries that may flare up during training."),
        {
            "body_area": _("Where the injury is."),
            "description": _("What the injury is."),
            "since_year": _("The year it started."),
        },
    ),
    "check_ins": (
        _("Your daily check-ins: how you felt, and the advice for the day."),
        {
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
        },
    ),
    "sessions": (
        _("The training sessions you logged."),
        {
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
        },
    ),
    "programmes": (
        _(
            "Your training plan: every version your physiotherapist made. Each change is a "
            "new version; you see the newest."
        ),
        {
            "version": _("The version number."),
            "note": _("The physiotherapist's note to you."),
            "template": _("The centre's template the plan started from, if any."),
            "created_by": _("The physiotherapist who made this version."),
            "created_at": _("When this version was made."),
        },
    ),
    "planned_sessions": (
        _(
            "The sessions of each version of your training plan. sessions.csv says which "
            "session you carried out (planned_session_id) and how (plan_followed)."
        ),
        {
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
    "planned_exercises": (
        _("The exercises of each planned session."),
        {
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
    "recovery_reports": (
        _("Your answers to the question about recovery after a session."),
        {
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
    "flags": (
        _("Things the app asked your physiotherapist to look at."),
        {
            "kind": _("What it was about."),
            "session_id": _("The session it came from, if any (its id in sessions.csv)."),
            "check_in_id": _("The check-in it came from, if any (its id in check_ins.csv)."),
            "created_at": _("When it was raised."),
            "acknowledged_at": _("When a physiotherapist looked at it."),
            "acknowledged_by": _("The physiotherapist who looked at it."),
            "physio_note": _("The physiotherapist's note to you."),
            "note_seen_at": _("When you saw the note."),
        },
    ),
    "reminders": (
        _("The reminders Pusterom made for you."),
        {
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
    "plan_suggestions": (
        _(
            "Suggestions to make your training plan a little harder or easier, and what your "
            "physiotherapist decided."
        ),
        {
            "version": _("The version of your plan the suggestion was for."),
            "code": _("The suggestion."),
            "decision": _("Whether your physiotherapist accepted it or said no."),
            "new_version": _("The version of your plan that accepting it made, if any."),
            "decided_by": _("The physiotherapist who decided."),
            "decided_at": _("When."),
        },
    ),
    "end_requests": (
        _("Your requests to end your participation."),
        {
            "requested_at": _("When you sent the request."),
            "message": _("Your message to the centre."),
            "withdrawn_at": _("When you took it back, if you did."),
            "handled_at": _("When the centre dealt with it."),
            "handled_by": _("Who at the centre dealt with it."),
        },
    ),
    "account_status": (
        _("When your account was closed or opened again, and why."),
        {
            "at": _("When it happened."),
            "active": _("True if the account was opened again, False if it was closed."),
            "reason": _("Why."),
            "by": _("Who did it."),
        },
    ),
    "who_has_seen_my_data": (
        _("Everyone other than you who opened, changed or exported your data."),
        {
            "at": _("When."),
            "who": _("Who it was."),
            "action": _("What they did."),
            "what": _("Which page or part of your data, as a code."),
        },
    ),
}
