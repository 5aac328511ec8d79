"""The next-day recovery follow-up: rules (``rules``), reads (``selectors``), writes
(``services``), the patient's pages (``views``, ``forms``). Other features and the reminders
use the names below."""

from sessions_log.recovery.rules import (
    NOT_RECOVERED,
    RECOVERY_LOOKBACK,
    RECOVERY_QUESTION_DELAY,
    STILL_SORE,
    OpenQuestion,
    question_opens_at,
    question_state,
)
from sessions_log.recovery.selectors import (
    HomeFollowup,
    home_followup,
    latest_answer,
    open_question_for,
    open_recovery_questions,
)
from sessions_log.recovery.services import answer_recovery_question, mark_note_seen, raise_flag

__all__ = [
    "NOT_RECOVERED",
    "RECOVERY_LOOKBACK",
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
