"""Progression proposals from the recovery loop: pure functions, no models, no database.

``propose`` looks at the last two weeks of a programme's planned sessions (what was done,
how hard it felt, how fast the patient recovered, which flags came) and proposes "ready for
more" or "step down", each with a concrete change per session. A proposal is never applied
by itself: the physiotherapist accepts it (``apply`` gives the sessions of the next version)
or dismisses it. Each rule is a row in ``RULES`` with its source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.utils.translation import gettext_lazy as _

from sessions_log.guidance import STEP_DOWN_FLAGS
from sessions_log.plans.rules.adaptations import MIN_MINUTES
from sessions_log.plans.rules.data import Dose, PlannedItem, PlannedSessionData
from sessions_log.plans.rules.sources import ACSM, SEED

WINDOW = dt.timedelta(days=14)
AS_PLANNED = "as_planned"
MORE = "more"
LESS = "less"
MAX_SETS = 4
MAX_MINUTES = 240


@dataclass(frozen=True)
class Outcome:
    """One planned session on one day of the window, as the log has it."""

    day: dt.date
    done: str  # "as_planned", "lighter", "other" or "not_done"
    rpe: int | None = None  # the effort the patient logged
    target_max: int = 20  # the planned session's highest Borg target
    recovery_days: int | None = None  # days until "recovered: yes"; None: not (yet) recovered


@dataclass(frozen=True)
class Rule:
    code: str
    kind: str  # MORE or LESS
    rule: str  # for the physiotherapist
    source: str


RULES = (
    Rule(
        "ready_for_more",
        MORE,
        _(
            "Ready for more: two weeks of planned sessions all done as planned, at or below "
            "the target effort, recovered within a day, and no open flags. Proposal: about "
            "10 % more minutes, or one more set (at most 4)."
        ),
        ACSM + " (start low, progress slow); " + SEED + " (recover within a day)",
    ),
    Rule(
        "step_down",
        LESS,
        _(
            "Step down: a slow recovery or a too-hard session twice in two weeks. Proposal: "
            "about 20 % fewer minutes (at least 5) and one set fewer (at least 1)."
        ),
        SEED + "; " + ACSM,
    ),
)
RULES_BY_CODE = {rule.code: rule for rule in RULES}


@dataclass(frozen=True)
class Proposal:
    code: str
    kind: str
    sessions: tuple[PlannedSessionData, ...]  # the sessions of the proposed next version

    @property
    def rule(self) -> str:
        return str(RULES_BY_CODE[self.code].rule)


def _more(session: PlannedSessionData) -> PlannedSessionData:
    items = []
    for item in session.items:
        dose = item.dose
        if dose.minutes is not None:
            dose = replace(dose, minutes=min(MAX_MINUTES, -(-dose.minutes * 11 // 10)))
        elif dose.sets < MAX_SETS:
            dose = replace(dose, sets=dose.sets + 1)
        items.append(PlannedItem(item.exercise, dose))
    minutes = min(MAX_MINUTES, -(-session.minutes * 11 // 10))
    return replace(session, minutes=minutes, items=tuple(items))


def _less(session: PlannedSessionData) -> PlannedSessionData:
    items = []
    for item in session.items:
        dose: Dose = item.dose
        if dose.minutes is not None:
            fewer = max(min(MIN_MINUTES, dose.minutes), dose.minutes * 8 // 10)
            dose = replace(dose, minutes=fewer)
        else:
            dose = replace(dose, sets=max(1, dose.sets - 1))
        items.append(PlannedItem(item.exercise, dose))
    minutes = max(min(MIN_MINUTES, session.minutes), session.minutes * 8 // 10)
    return replace(session, minutes=minutes, items=tuple(items))


def propose(
    *,
    sessions: Iterable[PlannedSessionData],
    outcomes: Iterable[Outcome],
    flags: Iterable[tuple[str, dt.date]],
    open_flags: int,
    today: dt.date,
    programme_since: dt.date,
) -> Proposal | None:
    """A proposal for the next version, or None.

    ``outcomes`` are the planned sessions that fell due in the window (done or not);
    ``flags`` the (kind, day) of the patient's flags; ``open_flags`` how many are still open;
    ``programme_since`` the day the current version started (two full weeks are needed)."""
    sessions = tuple(sessions)
    start = today - WINDOW
    recent = [o for o in outcomes if start < o.day <= today]
    step_downs = [kind for kind, day in flags if kind in STEP_DOWN_FLAGS and start < day <= today]
    if len(step_downs) >= 2:
        return Proposal("step_down", LESS, tuple(_less(s) for s in sessions))
    ready = (
        programme_since <= start + dt.timedelta(days=1)
        and recent
        and open_flags == 0
        and all(
            o.done == AS_PLANNED
            and o.rpe is not None
            and o.rpe <= o.target_max
            and o.recovery_days is not None
            and o.recovery_days <= 1
            for o in recent
        )
    )
    if ready:
        return Proposal("ready_for_more", MORE, tuple(_more(s) for s in sessions))
    return None
