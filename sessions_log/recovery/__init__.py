"""The next-day recovery follow-up. Other features and the reminders use what is named here."""

from sessions_log.recovery.services import (
    NOT_RECOVERED,
    RECOVERY_QUESTION_DELAY,
    STILL_SORE,
    HomeFollowup,
    OpenQuestion,
    answer_recovery_question,
    home_followup,
    latest_answer,
    mark_note_seen,
    open_question_for,
    open_recovery_questions,
    question_opens_at,
    question_state,
    raise_flag,
)

__all__ = [
    "NOT_RECOVERED",
    "RECOVERY_QUESTION_DELAY",
    "STILL_SORE",
    "HomeFollowup",
    "OpenQuestion",
    "answer_recovery_question",
    "home_followup",
    "latest_answer",
    "mark_note_seen",
    "open_question_for",
    "open_recovery_questions",
    "question_opens_at",
    "question_state",
    "raise_flag",
]
