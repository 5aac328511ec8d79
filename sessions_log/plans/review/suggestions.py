"""The progression suggestion: ``progression.propose`` for the current version, fed with the
matched due sessions (a session whose recovery answer can still come is left out until it
comes), and what it would change, in sentences."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sessions_log.guidance import STEP_DOWN_FLAGS
from sessions_log.models import Programme, ProgressionDecision
from sessions_log.plans import progression
from sessions_log.plans.exercises.selectors import facts
from sessions_log.plans.programmes.changes import describe_changes, proposal_snapshot, snapshot
from sessions_log.plans.programmes.selectors import session_data
from sessions_log.plans.review.matching import NOT_DONE, Due, local_date
from sessions_log.recovery.rules import question_state

# A recovery answer that can still come: the session does not count for a suggestion yet.
RECOVERY_PENDING = ("not_yet", "open")


def outcomes(dues: Iterable[Due], *, today: dt.date, now: dt.datetime, tz) -> list:
    """The due sessions as ``progression.Outcome`` rows: past ones not done, and done ones
    whose recovery is known or overdue (an answer that can still come is left out until it
    comes, so a session done yesterday does not count as "not recovered")."""
    found = []
    for due in dues:
        workout = due.workout
        if workout is None:
            if due.day < today:
                found.append(
                    progression.Outcome(due.day, NOT_DONE, target_max=due.session.borg_max)
                )
            continue
        if workout.recovery_days is None:
            answered = [r.asked_for for r in workout.answers]
            if question_state(workout, answered_days=answered, now=now, tz=tz) in (
                RECOVERY_PENDING
            ):
                continue
        found.append(
            progression.Outcome(
                due.day,
                workout.plan_followed,
                rpe=workout.rpe,
                target_max=due.session.borg_max,
                recovery_days=workout.recovery_days,
            )
        )
    return found


# The progression suggestion -----------------------------------------------------------------


@dataclass
class Suggestion:
    """A proposal for the next version of ``programme`` that the physiotherapist has not
    decided on yet."""

    programme: Programme
    proposal: progression.Proposal
    changes: list[str]

    @property
    def code(self) -> str:
        return self.proposal.code

    @property
    def is_more(self) -> bool:
        return self.proposal.kind == progression.MORE

    @property
    def title(self) -> str:
        return str(ProgressionDecision.Code(self.code).label)

    @property
    def rule(self) -> str:
        return self.proposal.rule

    @property
    def next_version(self) -> int:
        return self.programme.version + 1


def propose_for(
    programme: Programme, *, dues: list[Due], flags, today: dt.date, now: dt.datetime, tz
) -> tuple[progression.Proposal, list[str]] | None:
    """``progression.propose`` for the current version, with what would change; None when it
    proposes nothing or nothing would change (a dose already at its cap)."""
    exercises = {
        i.exercise_id: i.exercise for s in programme.sessions.all() for i in s.exercises.all()
    }
    exercise_facts = facts(exercises.values())
    sessions = [session_data(s, exercise_facts) for s in programme.sessions.all()]
    since = programme.created_at
    proposal = progression.propose(
        sessions=sessions,
        outcomes=outcomes(dues, today=today, now=now, tz=tz),
        # Flags from before this version were answered by making it: they do not count again.
        flags=[
            (kind, local_date(at, tz))
            for kind, at, _open in flags
            if kind in STEP_DOWN_FLAGS and at >= since
        ],
        open_flags=sum(1 for _kind, _at, is_open in flags if is_open),
        today=today,
        programme_since=local_date(since, tz),
    )
    if proposal is None:
        return None
    current = snapshot(programme)
    changes = describe_changes(current, proposal_snapshot(proposal.sessions))
    if not changes:
        return None
    return proposal, changes
