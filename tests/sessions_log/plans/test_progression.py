"""Progression proposals: "ready for more" after two good weeks, "step down" after two slow
recoveries or too-hard sessions; never more than the caps. No database."""

from __future__ import annotations

import datetime as dt

import pytest

from sessions_log.plans import progression
from sessions_log.plans.progression import Outcome, propose
from sessions_log.plans.rules.data import Dose, ExerciseFacts, PlannedItem, PlannedSessionData

TODAY = dt.date(2026, 3, 20)
BIKE = ExerciseFacts("bike", "Bike", "endurance", dose=Dose(minutes=20))
SQUAT = ExerciseFacts("squat", "Squat", "strength", dose=Dose(sets=3, reps=10))
SESSIONS = (
    PlannedSessionData("endurance", 30, 11, 13, items=(PlannedItem(BIKE, Dose(minutes=30)),)),
    PlannedSessionData(
        "strength",
        40,
        12,
        14,
        items=(PlannedItem(SQUAT, Dose(sets=2, reps=10)), PlannedItem(SQUAT, Dose(sets=4, reps=8))),
    ),
)


def good_weeks(**changes):
    days = [TODAY - dt.timedelta(days=d) for d in (1, 3, 5, 8, 10, 12)]
    outcomes = [Outcome(day, "as_planned", rpe=12, target_max=13, recovery_days=1) for day in days]
    if changes:
        outcomes[2] = Outcome(
            **(
                {
                    "day": days[2],
                    "done": "as_planned",
                    "rpe": 12,
                    "target_max": 13,
                    "recovery_days": 1,
                }
                | changes
            )
        )
    return outcomes


def run(outcomes, flags=(), open_flags=0, since=TODAY - dt.timedelta(days=30)):
    return propose(
        sessions=SESSIONS,
        outcomes=outcomes,
        flags=flags,
        open_flags=open_flags,
        today=TODAY,
        programme_since=since,
    )


def test_two_good_weeks_propose_a_little_more():
    proposal = run(good_weeks())
    assert (proposal.code, proposal.kind) == ("ready_for_more", progression.MORE)
    endurance, strength = proposal.sessions
    assert endurance.minutes == 33 and endurance.items[0].dose == Dose(minutes=33)
    assert [i.dose for i in strength.items] == [Dose(sets=3, reps=10), Dose(sets=4, reps=8)]
    assert strength.minutes == 44
    assert "10 %" in proposal.rule


@pytest.mark.parametrize(
    "change",
    [
        {"done": "lighter"},
        {"done": "not_done"},
        {"rpe": 14},
        {"rpe": None},
        {"recovery_days": 2},
        {"recovery_days": None},
    ],
)
def test_one_session_that_was_not_easy_enough_proposes_nothing(change):
    assert run(good_weeks(**change)) is None


def test_no_proposal_with_an_open_flag_a_new_plan_or_no_sessions():
    assert run(good_weeks(), open_flags=1) is None
    assert run(good_weeks(), since=TODAY - dt.timedelta(days=10)) is None
    assert run([]) is None


def test_two_slow_recoveries_in_two_weeks_propose_stepping_down():
    flags = [
        ("slow_recovery", TODAY - dt.timedelta(days=2)),
        ("too_hard", TODAY - dt.timedelta(days=9)),
    ]
    proposal = run(good_weeks(), flags=flags)
    assert (proposal.code, proposal.kind) == ("step_down", progression.LESS)
    endurance, strength = proposal.sessions
    assert endurance.minutes == 24 and endurance.items[0].dose == Dose(minutes=24)
    assert [i.dose for i in strength.items] == [Dose(sets=1, reps=10), Dose(sets=3, reps=8)]


def test_flags_outside_the_window_or_of_other_kinds_do_not_step_down():
    flags = [
        ("slow_recovery", TODAY - dt.timedelta(days=2)),
        ("too_hard", TODAY - dt.timedelta(days=15)),
        ("injury_flare", TODAY - dt.timedelta(days=1)),
    ]
    assert run([], flags=flags) is None


def test_stepping_down_never_goes_below_one_set_or_five_minutes():
    tiny = PlannedSessionData(
        "endurance",
        5,
        9,
        11,
        items=(PlannedItem(BIKE, Dose(minutes=5)), PlannedItem(SQUAT, Dose(sets=1, reps=5))),
    )
    flags = [("slow_recovery", TODAY), ("slow_recovery", TODAY - dt.timedelta(days=1))]
    proposal = propose(
        sessions=[tiny], outcomes=[], flags=flags, open_flags=2, today=TODAY, programme_since=TODAY
    )
    (session,) = proposal.sessions
    assert session.minutes == 5
    assert [i.dose for i in session.items] == [Dose(minutes=5), Dose(sets=1, reps=5)]


def test_every_rule_has_a_source():
    for rule in progression.RULES:
        assert rule.source and str(rule.rule)
