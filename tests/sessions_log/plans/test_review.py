"""Planned vs done: the plan's adherence per week on the physiotherapist's patient page (which
version was in effect each day, which workout carried out which planned session), and its
query budget."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from sessions_log.plans.programmes import services
from sessions_log.plans.review.adherence import ADHERENCE_WEEKS, Week
from sessions_log.plans.review.selectors import plan_review
from sessions_log.triage.selectors import CHART_WEEKS, patient_activity
from tests.sessions_log.plans.helpers import (
    backdate,
    follow_plan,
    load_library,
    log_planned,
    make_plan,
    session_input,
)

OSLO = ZoneInfo("Europe/Oslo")
# Friday 20 March 2026 (ISO week 12), midday in Oslo.
NOW = dt.datetime(2026, 3, 20, 12, 0, tzinfo=OSLO)
TODAY = NOW.date()
PLAN_MADE = dt.datetime(2026, 2, 23, 9, 0, tzinfo=OSLO)  # Monday of week 9


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def plan(cast):
    """patient_a's plan since Monday of week 9: walks Mon/Wed/Fri, strength Tue/Thu."""
    return backdate(make_plan(cast.patient_a, cast.physio_a), PLAN_MADE)


def sessions_of(programme):
    endurance, strength = programme.sessions.order_by("order")
    return endurance, strength


def by_week(patient) -> dict[int, Week]:
    """The weeks of the review, read on their own and, as the patient page has it, from the
    workouts already read for its charts: both the same."""
    read = plan_review(patient=patient)
    given = plan_review(patient=patient, sessions=patient_activity(patient=patient).sessions)
    assert given.weeks == read.weeks
    return {week.number: week for week in read.weeks}


def test_the_patient_pages_charts_cover_the_weeks_of_the_review():
    # The patient page hands the review the workouts of its charts (CHART_WEEKS back from
    # today); the review's weeks start on a Monday at most ADHERENCE_WEEKS * 7 - 1 days back.
    assert CHART_WEEKS >= ADHERENCE_WEEKS


def test_it_counts_each_week_as_planned_lighter_other_not_done_and_to_come(cast, plan):
    walk, strength = sessions_of(plan)
    log_planned(walk, day("2026-02-23"), recovery_days=1)
    log_planned(strength, day("2026-02-24"), followed="lighter", recovery_days=2)
    log_planned(walk, day("2026-02-25"), followed="other", recovery_days=None)
    follow_plan(plan, start=day("2026-03-16"), end=day("2026-03-19"))

    weeks = by_week(cast.patient_a)

    assert list(weeks) == [9, 10, 11, 12]
    first = weeks[9]
    assert (first.planned, first.as_planned, first.lighter, first.other, first.not_done) == (
        5,
        1,
        1,
        1,
        2,
    )
    assert first.recovery_text == "1, 2, –"
    assert first.followed_percent == 40
    assert (weeks[10].planned, weeks[10].not_done) == (5, 5)
    # This week: Monday to Thursday done; today's walk is still to come, not "not done".
    now = weeks[12]
    assert (now.planned, now.as_planned, now.not_done, now.to_come) == (5, 4, 0, 1)
    assert now.followed_percent == 100


def test_each_day_counts_the_version_in_effect_that_day(cast, plan):
    lib = load_library()
    # Wednesday of week 11, in the afternoon: only a Sunday strength session from now on.
    second, _created = services.save_programme(
        patient=cast.patient_a,
        author=cast.physio_a,
        base_version=1,
        note="",
        sessions=[
            session_input("strength", "7", 30, (11, 13), [(lib["bridge"], 2, 10, None, None)])
        ],
    )
    backdate(second, dt.datetime(2026, 3, 11, 15, 0, tzinfo=OSLO))

    weeks = by_week(cast.patient_a)

    # Monday's walk and Tuesday's strength from version 1, Sunday's from version 2.
    assert (weeks[11].planned, weeks[11].not_done) == (3, 3)
    # This week: only Sunday's, still to come.
    assert (weeks[12].planned, weeks[12].to_come) == (1, 1)


def test_a_workout_logged_before_a_new_version_that_day_still_counts(cast, plan):
    walk, _strength = sessions_of(plan)
    lib = load_library()
    second, _created = services.save_programme(
        patient=cast.patient_a,
        author=cast.physio_a,
        base_version=1,
        note="",
        sessions=[
            session_input("endurance", "135", 35, (11, 13), [(lib["walk"], 1, None, None, 35)])
        ],
    )
    backdate(second, dt.datetime(2026, 3, 11, 15, 0, tzinfo=OSLO))
    # The morning walk was logged against version 1's walk.
    log_planned(walk, day("2026-03-11"))

    week = by_week(cast.patient_a)[11]

    # Monday and Tuesday from version 1, Wednesday and Friday from version 2.
    assert (week.planned, week.as_planned, week.not_done) == (4, 1, 3)


def test_a_planned_session_logged_twice_counts_once_as_the_best(cast, plan):
    walk, _strength = sessions_of(plan)
    log_planned(walk, day("2026-03-16"), followed="lighter")
    log_planned(walk, day("2026-03-16"), followed="as_planned")

    week = by_week(cast.patient_a)[12]

    assert (week.as_planned, week.lighter, week.other) == (1, 0, 0)
    assert week.planned == 5


def test_without_a_plan_there_is_nothing_to_count(cast):
    result = plan_review(patient=cast.patient_a)
    assert (result.programme, result.weeks, result.suggestion) == (None, [], None)


def test_the_patient_page_shows_planned_and_done_per_week_next_to_recovery(cast, plan, client_for):
    walk, strength = sessions_of(plan)
    log_planned(walk, day("2026-03-16"), recovery_days=1)
    log_planned(strength, day("2026-03-17"), followed="lighter", recovery_days=2)

    page = client_for(cast.physio_a).get(
        reverse("sessions_log:patient_page", args=[cast.patient_a.pk])
    )

    text = page.content.decode()
    assert "Treningsplan: planlagt og gjort" in text
    assert '<title id="adherence-title">Planlagte økter per uke og hvordan de gikk</title>' in text
    rows = {week.number: week for week in page.context["plan_review"].weeks}
    assert (rows[12].as_planned, rows[12].lighter, rows[12].not_done, rows[12].to_come) == (
        1,
        1,
        2,
        1,
    )
    assert "<td>1, 2</td>" in text  # days to recover, in the week's row
    assert "Uke 12" in text


def test_the_patient_page_says_when_there_is_no_plan(cast, client_for):
    page = client_for(cast.physio_a).get(
        reverse("sessions_log:patient_page", args=[cast.patient_a.pk])
    )
    assert "Det er ingen treningsplan ennå." in page.content.decode()


@pytest.mark.parametrize("history", ["little", "much"])
def test_it_reads_the_review_in_the_same_queries_for_little_and_much_history(
    cast, django_assert_num_queries, history
):
    lib = load_library()
    programme = backdate(make_plan(cast.patient_a, cast.physio_a), PLAN_MADE)
    if history == "little":
        follow_plan(programme, start=day("2026-03-16"), end=day("2026-03-19"))
    else:
        # Seven more versions, the last one 17 days old, and every planned session of eight
        # weeks done as planned: a suggestion too.
        backdate(programme, NOW - dt.timedelta(weeks=10))
        for version in range(2, 9):
            programme, _created = services.save_programme(
                patient=cast.patient_a,
                author=cast.physio_a,
                base_version=version - 1,
                note="",
                sessions=[
                    session_input(
                        "endurance",
                        "1357",
                        20 + version,
                        (11, 13),
                        [(lib["walk"], 1, None, None, 20)],
                    ),
                    session_input(
                        "strength", "246", 30, (11, 13), [(lib["bridge"], 2, 10, None, None)]
                    ),
                ],
            )
            backdate(programme, NOW - dt.timedelta(weeks=10 - version, days=3))
        follow_plan(programme, start=TODAY - dt.timedelta(weeks=8), end=TODAY)
    # Versions, their sessions and exercises; the linked workouts and their recovery
    # answers; the flags; the suggestions decided for this version.
    with django_assert_num_queries(7):
        result = plan_review(patient=cast.patient_a)
    if history == "little":
        assert [w.number for w in result.weeks] == [9, 10, 11, 12]
        assert result.suggestion is None
    else:
        assert len(result.weeks) == ADHERENCE_WEEKS
        assert result.suggestion.code == "ready_for_more"
