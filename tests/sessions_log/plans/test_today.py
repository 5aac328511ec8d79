"""Today's planned sessions adapted to the day (for "Dagens økt"), and a progression
proposal saved as the next version."""

from __future__ import annotations

import datetime as dt

import pytest

from sessions_log.models import Programme
from sessions_log.plans import progression
from sessions_log.plans.exercises.selectors import centre_facts
from sessions_log.plans.programmes import services
from sessions_log.plans.programmes.selectors import session_data
from sessions_log.plans.rules.adaptations import AS_PLANNED
from sessions_log.plans.today.card import todays_sessions
from tests.factories import RestrictionFactory
from tests.sessions_log.plans.helpers import load_library, make_plan

TUESDAY = dt.date(2026, 3, 10)


@pytest.fixture
def lib(db):
    return load_library()


def test_today_is_the_days_planned_session_adapted_to_the_level(cast, lib):
    make_plan(cast.patient_a, cast.physio_a)
    RestrictionFactory(
        patient=cast.patient_a, kind="neuropathy", max_rpe=12, starts_on=dt.date(2026, 3, 1)
    )

    (green,) = todays_sessions(patient=cast.patient_a, day=TUESDAY, level="green")
    assert green.session.kind == "strength"
    assert green.adapted.mode == AS_PLANNED
    keys = [item.exercise.key for item in green.adapted.items]
    assert [green.exercises[k].slug for k in keys] == [
        "sit-to-stand",
        "band-row",
        "one-leg-stand-supported",
    ]
    assert green.adapted.borg_max == 12  # the cap

    (amber,) = todays_sessions(
        patient=cast.patient_a, day=TUESDAY, level="amber", reasons=["dizziness_mild"]
    )
    assert [amber.exercises[i.exercise.key].slug for i in amber.adapted.items] == [
        "sit-to-stand-supported",
        "seated-band-row",
        "one-leg-stand-supported",
    ]
    assert amber.adapted.minutes == 15

    (red,) = todays_sessions(patient=cast.patient_a, day=TUESDAY, level="red")
    assert red.adapted.nothing_to_do
    assert (
        todays_sessions(patient=cast.patient_a, day=TUESDAY - dt.timedelta(days=2), level="green")
        == []
    )  # Sunday: nothing planned


def test_an_accepted_proposal_becomes_the_next_version(cast, lib):
    programme = make_plan(cast.patient_a, cast.physio_a)
    exercises, exercise_facts = centre_facts(centre_id=cast.centre_a.pk)
    sessions = [session_data(s, exercise_facts) for s in programme.sessions.all()]
    proposal = progression.propose(
        sessions=sessions,
        outcomes=[
            progression.Outcome(TUESDAY, "as_planned", rpe=12, target_max=13, recovery_days=1)
        ],
        flags=[],
        open_flags=0,
        today=TUESDAY,
        programme_since=TUESDAY - dt.timedelta(days=20),
    )
    new, created = services.save_programme(
        patient=cast.patient_a,
        author=cast.physio_a,
        base_version=programme.version,
        note=programme.note,
        sessions=services.session_inputs(proposal.sessions, exercises),
    )
    assert created and new.version == 2
    walk, strength = new.sessions.all()
    assert walk.minutes == 33 and walk.exercises.get().minutes == 33
    assert [i.sets for i in strength.exercises.all()] == [4, 4, 4]
    assert Programme.objects.filter(patient=cast.patient_a).count() == 2
