"""The flags and the urgency a check-in stores (sessions_log.checkins.services.record_check_in):
red and fall on the check-in, prolonged soreness on the last session from day 5, a run of
three hard days once per run. Table-driven at every boundary; time frozen."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from sessions_log.checkins import services
from sessions_log.models import CheckIn, Flag
from tests.factories import WorkoutSessionFactory

NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)  # 10:00 in Oslo
TODAY = dt.date(2026, 11, 25)

WELL = {
    "sleep": "good",
    "energy": 7,
    "nausea": "none",
    "dizziness": "none",
    "pain": 0,
    "pain_area": "",
    "sore_from_last": "none",
}
ANSWERS = {
    "green": WELL,
    "amber": {**WELL, "sleep": "poor"},
    "red": {**WELL, "dizziness": "strong"},
}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def kinds(check_in) -> set[str]:
    return set(Flag.objects.filter(check_in=check_in).values_list("kind", flat=True))


@pytest.mark.parametrize(
    ("answers", "level", "urgency", "flags"),
    [
        (WELL, "green", "none", set()),
        ({**WELL, "fell": True}, "amber", "none", {"fall"}),
        ({**WELL, "dizziness": "strong"}, "red", "contact_today", {"red_checkin"}),
        ({**WELL, "fever_38": True}, "red", "call_now", {"red_checkin"}),
        ({**WELL, "line_site": True}, "red", "call_now", {"red_checkin"}),
        ({**WELL, "fainted": True, "fell": True}, "red", "emergency", {"red_checkin", "fall"}),
        ({**WELL, "back_pain_weakness": True}, "red", "emergency", {"red_checkin"}),
    ],
)
def test_it_stores_the_urgency_and_raises_the_flags_due(patient_a, answers, level, urgency, flags):
    check_in = services.record_check_in(patient=patient_a, answers=answers)
    check_in.refresh_from_db()
    assert (check_in.level, check_in.urgency) == (level, urgency)
    assert kinds(check_in) == flags


def test_it_raises_each_flag_once_when_the_check_in_is_sent_again(patient_a):
    answers = {**WELL, "fever_38": True, "fell": True}
    services.record_check_in(patient=patient_a, answers=answers)
    services.record_check_in(patient=patient_a, answers=answers)
    assert sorted(Flag.objects.values_list("kind", flat=True)) == ["fall", "red_checkin"]
    assert CheckIn.objects.get().urgency == "call_now"


def test_it_keeps_a_flag_when_the_day_is_changed_for_the_better(patient_a):
    services.record_check_in(patient=patient_a, answers={**WELL, "fever_38": True})
    check_in = services.record_check_in(patient=patient_a, answers={**WELL, "fever_38": False})
    assert (check_in.level, check_in.urgency) == ("green", "none")
    assert Flag.objects.get().kind == "red_checkin"


# Days from the last session to the check-in, soreness, and whether prolonged_soreness is due.
SORENESS_CASES = [
    (None, "a_lot", False),  # no session yet
    (0, "a_lot", False),
    (4, "a_lot", False),
    (5, "a_lot", True),
    (12, "a_lot", True),
    (
        5,
        "some",
        False,
    ),  # the check-in's rule is "very sore"; the recovery question's is "still sore"
    (5, "none", False),
]


@pytest.mark.parametrize(("days", "sore", "flagged"), SORENESS_CASES)
def test_it_flags_very_sore_on_day_5_on_the_last_session(patient_a, days, sore, flagged):
    sessions = []
    if days is not None:
        for ago in (days + 20, days):  # an older session, then the last one
            day = TODAY - dt.timedelta(days=ago)
            sessions.append(WorkoutSessionFactory(patient=patient_a, performed_on=day))
    check_in = services.record_check_in(patient=patient_a, answers={**WELL, "sore_from_last": sore})

    flags = Flag.objects.filter(kind="prolonged_soreness")
    if flagged:
        assert [(f.session, f.check_in) for f in flags] == [(sessions[-1], None)]
        assert "sore_prolonged" in check_in.reasons
    else:
        assert not flags.exists()
        assert "sore_prolonged" not in check_in.reasons


def test_it_raises_prolonged_soreness_once_with_the_recovery_answer(patient_a):
    from sessions_log import recovery

    session = WorkoutSessionFactory(
        patient=patient_a,
        performed_on=TODAY - dt.timedelta(days=5),
        started_at=NOW - dt.timedelta(days=5),
    )
    recovery.answer_recovery_question(
        session=session, recovered="no", managed_chores=True, soreness="a_lot", now=NOW
    )
    services.record_check_in(patient=patient_a, answers={**WELL, "sore_from_last": "a_lot"})
    services.record_check_in(patient=patient_a, answers={**WELL, "sore_from_last": "a_lot"})
    assert Flag.objects.filter(kind="prolonged_soreness").count() == 1


# Levels of the days before today (oldest first, None = no check-in), today's level, and
# whether today's check-in gets repeated_hard_days.
HARD_RUN_CASES = [
    ([None, "amber", "amber"], "amber", True),
    ([None, "red", "amber"], "red", True),
    (["green", "amber", "red"], "amber", True),
    ([None, "green", "amber"], "amber", False),  # only two hard days
    ([None, "amber", "amber"], "green", False),  # today is fine
    (["amber", None, "amber"], "amber", False),  # a day without a check-in breaks the run
    (["amber", "amber", "amber"], "amber", False),  # day four: the run was flagged on day three
    ([None, None, None], "red", False),
]


@pytest.mark.parametrize(("before", "today", "flagged"), HARD_RUN_CASES)
def test_it_flags_a_run_of_three_hard_days_once(patient_a, before, today, flagged):
    for ago, level in zip((3, 2, 1), before, strict=True):
        if level is not None:
            services.record_check_in(
                patient=patient_a, answers=ANSWERS[level], day=TODAY - dt.timedelta(days=ago)
            )
    Flag.objects.filter(kind="repeated_hard_days").delete()  # raised on earlier days

    check_in = services.record_check_in(patient=patient_a, answers=ANSWERS[today])

    assert check_in.level == today
    assert ("repeated_hard_days" in kinds(check_in)) is flagged
    services.record_check_in(patient=patient_a, answers=ANSWERS[today])  # sent again
    assert Flag.objects.filter(kind="repeated_hard_days").count() == int(flagged)


def test_it_flags_the_third_day_and_not_the_fourth_of_one_run(patient_a):
    for ago in (3, 2, 1, 0):
        services.record_check_in(
            patient=patient_a, answers=ANSWERS["amber"], day=TODAY - dt.timedelta(days=ago)
        )
    flags = Flag.objects.filter(kind="repeated_hard_days").select_related("check_in")
    assert [f.check_in.date for f in flags] == [TODAY - dt.timedelta(days=1)]
