"""Flags raised by a run of check-ins rather than by one: amber or red on
``HARD_DAYS_IN_A_ROW`` days in a row (``completes_hard_run``), described for the rules page
in ``PATTERN_FLAGS``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from sessions_log.guidance.signs import AMBER, RED
from sessions_log.guidance.sources import ACSM, SEED, Source
from sessions_log.guidance.thresholds import (
    HARD_DAYS_IN_A_ROW,
    REPEATED_HARD_DAYS_FLAG,
    THRESHOLDS,
)


@dataclass(frozen=True)
class PatternFlag:
    """A flag raised by a run of check-ins rather than by one, for the rules page."""

    flag: str  # a sessions_log.models.Flag.Kind value
    when: str  # thresholds as %(name)s
    sources: tuple[Source, ...]

    @property
    def condition(self) -> str:
        return str(self.when) % THRESHOLDS


# The day's advice never changes with a run of hard days (each day is assessed on its own
# answers); the physiotherapist is asked to look at the plan instead. Days, not check-ins: a
# day without a check-in breaks the run, and a run is flagged once, on its third day.
PATTERN_FLAGS = (
    PatternFlag(
        REPEATED_HARD_DAYS_FLAG,
        _(
            "Amber or red on %(hard_days)s days in a row: one flag for the run, on the day "
            "that completes it; a day without a check-in breaks the run"
        ),
        (SEED, ACSM),
    ),
)
_HARD_LEVELS = (AMBER, RED)


def completes_hard_run(levels: Mapping[dt.date, str], day: dt.date) -> bool:
    """Whether ``day``'s check-in completes a run of HARD_DAYS_IN_A_ROW local days in a row
    that each had an amber or red check-in, the day before the run not being one (so a run
    is flagged once, however long it lasts). ``levels`` maps local dates to the level of
    that day's check-in."""
    run = [day - dt.timedelta(days=n) for n in range(HARD_DAYS_IN_A_ROW)]
    before = day - dt.timedelta(days=HARD_DAYS_IN_A_ROW)
    return (
        all(levels.get(d) in _HARD_LEVELS for d in run) and levels.get(before) not in _HARD_LEVELS
    )
