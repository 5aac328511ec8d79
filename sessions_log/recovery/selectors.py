"""Reads for the recovery follow-up: the questions a patient can answer now, the latest
answer, and the physiotherapist's notes the home page shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from patients.models import PatientProfile
from sessions_log.models import Flag, RecoveryReport, WorkoutSession
from sessions_log.recovery.rules import (
    RECOVERY_LOOKBACK,
    RECOVERY_QUESTION_DELAY,
    OpenQuestion,
    local_date,
    question_state,
)


def open_recovery_questions(*, patient: PatientProfile, now: dt.datetime | None = None):
    """The recovery questions ``patient`` can answer at ``now``, oldest session first.

    The rules (a set-based version for reminders must agree with them). With ``today`` the
    local date of ``now`` in the patient's centre's time zone, a session's question is open
    when all of these hold:

    0. the session started within the last 60 days (a bound for the query only);
    1. ``now >= session.started_at + duration_min minutes + 20 hours`` (opens_at);
    2. ``session.recovery_days IS NULL`` (the patient has not yet answered "yes");
    3. no *answered* report (``answered_at IS NOT NULL``) has ``asked_for >= today``;
    4. ``today - first_ask < 3 days``, where ``first_ask`` is the local date of opens_at when
       the session has no answered report, else the day after the latest answered
       ``asked_for``. So a question is asked on at most 3 local days in a row without an
       answer; then it stops and the physiotherapist sees "no answer".

    Unanswered report rows (``answered_at IS NULL``, e.g. written when a reminder was sent)
    do not change anything above. The answer is stored for ``asked_for = today``.
    """
    now = now or timezone.now()
    tz = patient.centre.tzinfo
    today = local_date(now, tz)
    candidates = {
        "recovery_days__isnull": True,
        "started_at__gte": now - RECOVERY_LOOKBACK,
        "started_at__lte": now - RECOVERY_QUESTION_DELAY,
    }
    sessions = list(
        WorkoutSession.objects.filter(patient=patient, **candidates).order_by("started_at", "pk")
    )
    # Two queries whatever the number of sessions (the home page has a query budget); one
    # when no session is in the window (a new patient, or one who has not trained lately).
    answered: dict[int, list[dt.date]] = {}
    reports = RecoveryReport.objects.filter(
        session__patient=patient,
        answered_at__isnull=False,
        **{f"session__{key}": value for key, value in candidates.items()},
    )
    for session_id, asked_for in reports.values_list("session_id", "asked_for") if sessions else ():
        answered.setdefault(session_id, []).append(asked_for)
    questions = []
    for session in sessions:
        days = answered.get(session.pk, [])
        if question_state(session, answered_days=days, now=now, tz=tz) == "open":
            questions.append(
                OpenQuestion(
                    session=session,
                    asked_for=today,
                    day_number=(today - session.performed_on).days,
                    previous_answer_on=max(days) if days else None,
                )
            )
    return questions


def open_question_for(*, session: WorkoutSession, now: dt.datetime | None = None):
    """The open question for this one session, or None."""
    for question in open_recovery_questions(patient=session.patient, now=now):
        if question.session.pk == session.pk:
            return question
    return None


def latest_answer(*, session: WorkoutSession) -> RecoveryReport | None:
    return (
        session.recovery_reports.filter(answered_at__isnull=False)
        .order_by("-asked_for", "-pk")
        .first()
    )


# --- The patient's home page ---------------------------------------------------------------


@dataclass
class HomeFollowup:
    """What the home page shows from the follow-up: open questions and physio notes."""

    questions: list[OpenQuestion]
    notes: list[Flag]

    def __bool__(self) -> bool:
        return bool(self.questions or self.notes)


def unseen_physio_notes(*, patient: PatientProfile) -> list[Flag]:
    """Notes the physiotherapist left when acknowledging a flag, not yet dismissed."""
    return list(
        Flag.objects.filter(
            patient=patient, acknowledged_at__isnull=False, note_seen_at__isnull=True
        )
        .exclude(physio_note="")
        .select_related("acknowledged_by")
        .order_by("-acknowledged_at", "-pk")[:5]
    )


def home_followup(*, patient: PatientProfile, now: dt.datetime | None = None) -> HomeFollowup:
    return HomeFollowup(
        questions=open_recovery_questions(patient=patient, now=now),
        notes=unseen_physio_notes(patient=patient),
    )
