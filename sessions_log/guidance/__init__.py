"""The day's guidance from a check-in: pure rules, no models, no database.

``assess(answers, restrictions=..., recent_flags=..., days_since_session=...)`` gives one
level (green / amber / red), how urgent a call is (none / contact today / call the oncology
ward now / call 113), the reasons, the advice for the day and the flags the physiotherapist
should get. Every threshold is one row in ``RULES`` with its sources, so a clinic can review
the table as a whole (the page "How the advice works" is generated from it). The worst
matching row wins, for the level and for the urgency alike.

Answers are the check-in's fields. Warning signs are booleans and a missing key means "no",
so stored check-ins and callers that do not know the newer signs keep working.

A check-in stores the level and the reason *codes*; ``describe`` turns codes back into
sentences in the active language (and gives the urgency and the flags again), so switching
language re-translates an old check-in.

This package is the feature's entry point: ``from sessions_log import guidance`` and then
``guidance.assess``, ``guidance.RULES`` and so on. The names live in its modules:

- ``signs``: the levels, the urgencies and the warning signs the check-in asks first;
- ``sources``: where the rules come from, for the clinic's review;
- ``thresholds``: the thresholds and the flag and restriction kinds, one home each;
- ``conditions``: what a rule row is and the conditions on the answers it tests;
- ``texts``: the advice texts;
- ``rules``: the table, ``RULES``;
- ``patterns``: the flag for a run of hard days;
- ``assessment``: ``assess``, ``describe``, ``call_from_signs`` and the restriction advice.
"""

from __future__ import annotations

from sessions_log.guidance.assessment import (
    Assessment,
    assess,
    call_from_signs,
    describe,
    lowest_caps,
    restriction_advice,
)
from sessions_log.guidance.conditions import Context, Rule
from sessions_log.guidance.patterns import PATTERN_FLAGS, PatternFlag, completes_hard_run
from sessions_log.guidance.rules import RULES, RULES_BY_CODE
from sessions_log.guidance.signs import (
    AMBER,
    CALL_NOW,
    CONTACT_TODAY,
    EMERGENCY,
    GREEN,
    LEVELS,
    LINE_SITE,
    NONE,
    RED,
    URGENCIES,
    URGENCY_LABELS,
    WARNING_SIGNS,
)
from sessions_log.guidance.sources import (
    ACSM,
    BONE_METS,
    HDIR,
    SEED,
    SOURCES,
    TOOLKIT,
    WHEN_TO_CALL,
    Source,
)
from sessions_log.guidance.texts import (
    ADVICE,
    ADVICE_AMBER_LIGHTER,
    ADVICE_AMBER_LIGHTER_WITHIN_CAP,
    ADVICE_AMBER_VERY_LIGHT,
    ADVICE_AMBER_WITHIN_CAP,
    ADVICE_BALANCE,
    ADVICE_BONE_AREA,
    ADVICE_BREATHLESS_113,
    ADVICE_CALL,
    ADVICE_CHEST,
    ADVICE_EXHAUSTION_NEW,
    ADVICE_FALL,
    ADVICE_FOLLOW_PLAN,
    ADVICE_KEEP_HR,
    ADVICE_KEEP_RPE,
    ADVICE_RED_NEW_DAY,
    ADVICE_RED_RESTRICTION,
    ADVICE_SEATED,
    ADVICE_SKIP_PAINFUL_AREA,
    ADVICE_SURGERY_AREA,
    REASSURANCE,
)
from sessions_log.guidance.thresholds import (
    AFTER_SURGERY,
    BONE_METASTASIS,
    EASY_BORG,
    ENERGY_LOW,
    ENERGY_VERY_LOW,
    FALL_FLAG,
    HARD_DAYS_IN_A_ROW,
    NEUROPATHY,
    PAIN_AT_RESTRICTED_AREA,
    PAIN_MODERATE,
    PAIN_STRONG,
    PROLONGED_SORENESS_DAY,
    PROLONGED_SORENESS_FLAG,
    RED_CHECKIN_FLAG,
    REPEATED_HARD_DAYS_FLAG,
    STEP_DOWN_FLAGS,
    STEP_DOWN_WINDOW,
)

__all__ = [
    "ACSM",
    "ADVICE",
    "ADVICE_AMBER_LIGHTER",
    "ADVICE_AMBER_LIGHTER_WITHIN_CAP",
    "ADVICE_AMBER_VERY_LIGHT",
    "ADVICE_AMBER_WITHIN_CAP",
    "ADVICE_BALANCE",
    "ADVICE_BONE_AREA",
    "ADVICE_BREATHLESS_113",
    "ADVICE_CALL",
    "ADVICE_CHEST",
    "ADVICE_EXHAUSTION_NEW",
    "ADVICE_FALL",
    "ADVICE_FOLLOW_PLAN",
    "ADVICE_KEEP_HR",
    "ADVICE_KEEP_RPE",
    "ADVICE_RED_NEW_DAY",
    "ADVICE_RED_RESTRICTION",
    "ADVICE_SEATED",
    "ADVICE_SKIP_PAINFUL_AREA",
    "ADVICE_SURGERY_AREA",
    "AFTER_SURGERY",
    "AMBER",
    "Assessment",
    "BONE_METASTASIS",
    "BONE_METS",
    "CALL_NOW",
    "CONTACT_TODAY",
    "Context",
    "EASY_BORG",
    "EMERGENCY",
    "ENERGY_LOW",
    "ENERGY_VERY_LOW",
    "FALL_FLAG",
    "GREEN",
    "HARD_DAYS_IN_A_ROW",
    "HDIR",
    "LEVELS",
    "LINE_SITE",
    "NEUROPATHY",
    "NONE",
    "PAIN_AT_RESTRICTED_AREA",
    "PAIN_MODERATE",
    "PAIN_STRONG",
    "PATTERN_FLAGS",
    "PROLONGED_SORENESS_DAY",
    "PROLONGED_SORENESS_FLAG",
    "PatternFlag",
    "REASSURANCE",
    "RED",
    "RED_CHECKIN_FLAG",
    "REPEATED_HARD_DAYS_FLAG",
    "RULES",
    "RULES_BY_CODE",
    "Rule",
    "SEED",
    "SOURCES",
    "STEP_DOWN_FLAGS",
    "STEP_DOWN_WINDOW",
    "Source",
    "TOOLKIT",
    "URGENCIES",
    "URGENCY_LABELS",
    "WARNING_SIGNS",
    "WHEN_TO_CALL",
    "assess",
    "call_from_signs",
    "completes_hard_run",
    "describe",
    "lowest_caps",
    "restriction_advice",
]
