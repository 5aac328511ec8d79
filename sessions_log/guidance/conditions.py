"""What a rule is, and the conditions on the answers that its rows test.

A ``Rule`` is one row of the table in ``sessions_log.guidance.rules``: a stable code, a
level, a test of the answers (with a ``Context``: the recent flags, the restrictions in force
and the days since the last session), the condition in plain words for the rules page, the
reason the patient reads, its sources, and what it adds (urgency, advice, a flag).

Answers are the check-in's fields. Warning signs are booleans and a missing key means "no";
a missing energy counts as full energy and a missing pain as none.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from patients.body_areas import overlaps
from sessions_log.guidance.signs import NONE
from sessions_log.guidance.sources import Source
from sessions_log.guidance.thresholds import PAIN_AT_RESTRICTED_AREA, THRESHOLDS


@dataclass(frozen=True)
class Context:
    """What a rule may look at besides the answers."""

    flags: frozenset  # kinds of the patient's recent flags
    restrictions: tuple  # restrictions in force on the check-in's day
    days_since_session: int | None  # local days since the last session, if any


@dataclass(frozen=True)
class Rule:
    code: str  # stable, stored in CheckIn.reasons
    level: str
    applies: Callable[[Mapping, Context], bool]
    when: str  # the condition in plain words, for the rules page (thresholds as %(name)s)
    reason: str  # shown to the patient
    sources: tuple[Source, ...]  # for the clinic's review; not shown to patients
    urgency: str = NONE
    # Extra advice shown when this rule's level is the day's level (red never gets amber's).
    advice: tuple = ()
    flag: str = ""  # a flag kind for the physiotherapist, besides red_checkin on red days
    # An answer about today's body (not the step-down after a session): with energy 0-2 it
    # makes the day red.
    body_sign: bool = True

    @property
    def condition(self) -> str:
        return str(self.when) % THRESHOLDS


def yes(key: str) -> Callable[[Mapping, Context], bool]:
    return lambda a, c: bool(a.get(key))


def energy_of(a: Mapping) -> int:
    value = a.get("energy")
    return 10 if value is None or value == "" else int(value)


def pain_of(a: Mapping) -> int:
    return int(a.get("pain") or 0)


def pain_at(a: Mapping, c: Context, kind: str) -> bool:
    """Pain of 4 or more where an active restriction of ``kind`` is (same area, one a part
    of the other, or the whole body; left and right kept apart)."""
    if pain_of(a) < PAIN_AT_RESTRICTED_AREA:
        return False
    area = a.get("pain_area") or ""
    return any(
        getattr(r, "kind", "") == kind and overlaps(area, getattr(r, "body_area", "") or "")
        for r in c.restrictions
    )
