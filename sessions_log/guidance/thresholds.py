"""The thresholds and the kinds the rules work with: one home each.

The rules (``sessions_log.guidance.rules``), the advice and the rules page read them from
here; ``THRESHOLDS`` gives them by name to the plain-words conditions of the rules page
(``%(name)s``). Flag kinds are ``sessions_log.models.Flag.Kind`` values and restriction kinds
``patients.models.Restriction.Kind`` values, written out so this module needs no models.
"""

from __future__ import annotations

import datetime as dt

ENERGY_VERY_LOW = 2  # 0-2: very light today (amber); red only with another amber sign
ENERGY_LOW = 4  # 3-4: shorter and easy
PAIN_MODERATE = 4  # 4-6: leave out the painful area
PAIN_STRONG = 7  # 7 or more: rest today
PAIN_AT_RESTRICTED_AREA = 4  # at a bone-metastasis or operated area
# "Easy" on Borg's 6-20 scale: 9 is "very light", 11 "light"; 13 is already "somewhat hard".
EASY_BORG = (9, 11)
# "Still very sore on day 5 or later" after a session (DESIGN.md, "Recovery").
PROLONGED_SORENESS_DAY = 5
# A slow_recovery or too_hard flag (or such an answer) this recent steps the day down. The
# flag kinds are sessions_log.models.Flag.Kind values.
STEP_DOWN_FLAGS = ("slow_recovery", "too_hard")
STEP_DOWN_WINDOW = dt.timedelta(days=3)

# Flags a check-in calls for (sessions_log.models.Flag.Kind values): every red day, and the
# ones named on a rule row (sessions_log.guidance.rules).
RED_CHECKIN_FLAG = "red_checkin"
FALL_FLAG = "fall"
PROLONGED_SORENESS_FLAG = "prolonged_soreness"
# A flag about a run of days rather than one check-in (see sessions_log.guidance.patterns).
REPEATED_HARD_DAYS_FLAG = "repeated_hard_days"
HARD_DAYS_IN_A_ROW = 3

# The thresholds by name, for the rules page's conditions in plain words.
THRESHOLDS = {
    "energy_very_low": ENERGY_VERY_LOW,
    "energy_low_from": ENERGY_VERY_LOW + 1,
    "energy_low": ENERGY_LOW,
    "pain_moderate": PAIN_MODERATE,
    "pain_moderate_to": PAIN_STRONG - 1,
    "pain_strong": PAIN_STRONG,
    "pain_at_area": PAIN_AT_RESTRICTED_AREA,
    "sore_day": PROLONGED_SORENESS_DAY,
    "step_down_days": STEP_DOWN_WINDOW.days,
    "hard_days": HARD_DAYS_IN_A_ROW,
}

# Restriction kinds (patients.models.Restriction.Kind values) whose area matters for pain.
BONE_METASTASIS = "bone_metastasis"
AFTER_SURGERY = "after_surgery"
NEUROPATHY = "neuropathy"
