"""How much a patient moves: the weekly dose and the inactivity limit. Pure rules, no models
and no database; the selectors sum in SQL and the charts in Python, both with these.

Each rule names its source. DESIGN.md ("Reminders", "Data model") says where they show up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

# Helsedirektoratet / ACSM 2019 exercise guidelines for cancer survivors (Campbell et al., Med
# Sci Sports Exerc 51:2375-2390): 150 minutes of moderate activity a week, where a minute of
# vigorous activity counts as two; strength training on 2 days; balance training on 2 days
# for people aged 65 or more or with neuropathy. Every session counts, however short: short
# bouts add up.
GUIDELINE_MINUTES = 150
STRENGTH_DAYS = 2
BALANCE_DAYS = 2
BALANCE_AGE = 65


@dataclass(frozen=True)
class Intensity:
    """A band of the Borg RPE scale (6-20, Borg 1982) and what its minutes count for."""

    name: str
    lowest_rpe: int
    highest_rpe: int
    weight: int  # minutes towards the weekly goal for each minute trained


# "Somewhat hard" (12-14) is moderate, "hard" and above (15 or more) vigorous; light activity
# is shown to the patient but does not count towards the goal.
LIGHT = Intensity("light", 6, 11, 0)
MODERATE = Intensity("moderate", 12, 14, 1)
VIGOROUS = Intensity("vigorous", 15, 20, 2)
INTENSITIES = (LIGHT, MODERATE, VIGOROUS)


def intensity_of(rpe: int) -> Intensity:
    """The band an effort falls in."""
    for band in INTENSITIES:
        if band.lowest_rpe <= rpe <= band.highest_rpe:
            return band
    raise ValueError(f"RPE {rpe} is not on the Borg scale (6-20)")


def counted_minutes(*, duration_min: int, rpe: int) -> int:
    """Minutes one session adds to the weekly goal."""
    return duration_min * intensity_of(rpe).weight


def guideline_minutes(minutes: Mapping[str, int]) -> int:
    """The week's minutes towards the goal from its minutes per band (by band name)."""
    return sum(band.weight * (minutes.get(band.name) or 0) for band in INTENSITIES)


def percent(value: int, target: int) -> int:
    """Progress towards a target, at most 100."""
    return min(100, round(100 * value / target)) if target else 0


# The week is the ISO week, Monday to Sunday, in the patient's local dates.
def week_start(day: dt.date) -> dt.date:
    """The Monday of the ISO week that holds ``day``."""
    return day - dt.timedelta(days=day.weekday())


def week_end(start: dt.date) -> dt.date:
    """The Sunday of the week that starts on ``start``."""
    return start + dt.timedelta(days=6)


# DESIGN.md ("Reminders"): a patient with no check-in and no session for 7 days (or, who never
# logged anything, an account as old as that) gets a nudge and shows on the physiotherapist's
# inactive list.
INACTIVE_AFTER = dt.timedelta(days=7)
INACTIVE_DAYS = INACTIVE_AFTER.days
