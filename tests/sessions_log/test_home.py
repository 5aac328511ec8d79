"""The patient's home page and the week's progress (sessions_log.checkins.selectors.weekly_progress)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from sessions_log.checkins.selectors import WeeklyProgress, week_workouts
from sessions_log.checkins.selectors import weekly_progress as summed_in_sql
from tests.factories import CheckInFactory, RestrictionFactory, WorkoutSessionFactory

# Wednesday 25 November 2026, 10:00 in Oslo. ISO week 48: Monday 23 to Sunday 29 November.
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 25)
MONDAY = dt.date(2026, 11, 23)
SUNDAY = dt.date(2026, 11, 29)
URL = reverse("sessions_log:home")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def patient(patient_a):
    patient_a.user.language = "en"
    patient_a.user.save(update_fields=["language"])
    patient_a.birth_date = dt.date(1980, 1, 1)  # under 65: balance is not asked for by age
    patient_a.save(update_fields=["birth_date"])
    return patient_a


@pytest.fixture
def client(patient, client_for):
    return client_for(patient)


def session(patient, day=TODAY, **kwargs):
    return WorkoutSessionFactory(patient=patient, performed_on=day, **kwargs)


# weekly_progress ---------------------------------------------------------------------------


def weekly_progress(*, patient, day, **kwargs) -> WeeklyProgress:
    """The week's progress summed in SQL, and from the week's workouts as the home page reads
    them: both the same."""
    summed = summed_in_sql(patient=patient, day=day, **kwargs)
    workouts = week_workouts(patient=patient, day=day)
    assert summed_in_sql(patient=patient, day=day, workouts=workouts, **kwargs) == summed
    return summed


def test_it_sums_the_week_by_effort_with_vigorous_minutes_counted_double(patient):
    session(patient, MONDAY, duration_min=10, rpe=11)  # light
    session(patient, TODAY, duration_min=20, rpe=12)  # moderate
    session(patient, TODAY, duration_min=15, rpe=14)  # moderate
    session(patient, SUNDAY, duration_min=30, rpe=15)  # vigorous
    assert weekly_progress(patient=patient, day=TODAY) == WeeklyProgress(
        week_start=MONDAY,
        light_minutes=10,
        moderate_minutes=35,
        vigorous_minutes=30,
        guideline_minutes=95,
        strength_days=0,
        balance_days=0,
        balance_applies=False,
        session_count=4,
    )


def test_it_keeps_to_the_iso_week_and_the_patient(patient, patient_b):
    session(patient, MONDAY - dt.timedelta(days=1), rpe=13)  # the Sunday before
    session(patient, SUNDAY + dt.timedelta(days=1), rpe=13)  # the Monday after
    session(patient_b, TODAY, rpe=13)
    progress = weekly_progress(patient=patient, day=SUNDAY)
    assert (progress.week_start, progress.session_count, progress.guideline_minutes) == (
        MONDAY,
        0,
        0,
    )


def test_it_counts_distinct_days_of_strength_and_balance(patient):
    session(patient, MONDAY, activity="strength")
    session(patient, MONDAY, activity="strength")
    session(patient, TODAY, activity="strength")
    session(patient, TODAY, activity="balance")
    progress = weekly_progress(patient=patient, day=TODAY)
    assert (progress.strength_days, progress.balance_days) == (2, 1)


@pytest.mark.parametrize(
    ("birth_date", "applies"),
    [
        (dt.date(1961, 11, 25), True),  # 65 today
        (dt.date(1961, 11, 26), False),  # 65 tomorrow
    ],
)
def test_it_asks_for_balance_from_the_age_of_65(patient, birth_date, applies):
    patient.birth_date = birth_date
    patient.save()
    assert weekly_progress(patient=patient, day=TODAY).balance_applies is applies


def test_it_asks_for_balance_with_an_active_neuropathy_restriction(patient):
    RestrictionFactory(
        patient=patient, kind="neuropathy", max_rpe=None, starts_on=TODAY - dt.timedelta(days=1)
    )
    assert weekly_progress(patient=patient, day=TODAY).balance_applies is True
    assert weekly_progress(patient=patient, day=TODAY - dt.timedelta(days=2)).balance_applies is (
        False
    )


# The page ----------------------------------------------------------------------------------


def test_it_invites_a_check_in_before_the_patient_has_checked_in(client):
    html = client.get(URL).content.decode()
    assert "How are you today?" in html
    assert reverse("sessions_log:check_in") in html
    assert reverse("sessions_log:log_workout") in html
    assert "Take it easy today" not in html


def test_it_shows_todays_level_and_advice(client, patient):
    CheckInFactory(patient=patient, sleep="poor", level="amber", reasons=["sleep_poor"])
    CheckInFactory(patient=patient, date=TODAY - dt.timedelta(days=1), level="red")
    html = client.get(URL).content.decode()
    assert "Take it easy today" in html
    assert "You slept poorly last night." in html
    assert "Rest today" not in html
    assert "Change today's check-in" in html


def test_it_shows_the_weeks_progress_so_far(client, patient):
    session(patient, TODAY, duration_min=45, rpe=13)
    session(patient, TODAY, duration_min=15, rpe=16)
    html = client.get(URL).content.decode()
    assert "So far this week" in html
    assert "75 of 150 minutes" in html
    # The bar is an SVG rectangle half as wide as its box.
    assert re.search(r'data-progress="guideline".*?<rect width="50"', html, re.S)


def test_it_shows_the_patients_plan(client, patient):
    RestrictionFactory(patient=patient, max_rpe=13, starts_on=TODAY - dt.timedelta(days=1))
    html = client.get(URL).content.decode()
    assert "keep your effort at or below 13 on the borg scale" in html.lower()


def test_it_uses_the_same_number_of_queries_for_1_and_200_sessions(
    client, patient, django_assert_num_queries
):
    CheckInFactory(patient=patient, sleep="poor", level="amber", reasons=["sleep_poor"])
    RestrictionFactory(patient=patient, max_rpe=13, starts_on=TODAY - dt.timedelta(days=1))
    # Two days ago: its recovery question is looked up, as with 200 sessions.
    session(patient, TODAY - dt.timedelta(days=2))
    client.get(URL)  # warm up the session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    for n in range(199):
        session(patient, TODAY - dt.timedelta(days=n % 3), activity=("walk", "strength")[n % 2])
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(URL).status_code == 200


def test_it_does_not_push_training_on_a_red_day(client, patient):
    CheckInFactory(patient=patient, fever_38=True, level="red", reasons=["fever"])
    html = client.get(URL).content.decode()
    assert "Rest today" in html
    # A fever during treatment is a call to the oncology ward's 24-hour phone, now.
    assert "24-hour phone now." in html
    workout_link = re.search(r'<a class="([^"]*)" href="/me/workouts/new/">', html)
    assert "button--primary" not in workout_link.group(1)


def test_it_leads_with_the_call_on_a_red_day(client, patient):
    patient.centre.ward_phone = "+4723000000"
    patient.centre.save()
    CheckInFactory(patient=patient, fever_38=True, level="red", reasons=["fever"])
    main = client.get(URL).content.decode().split('<main id="main"', 1)[1]
    assert main.index('href="tel:+4723000000"') < main.index("<h1>")
    assert "Activity is safe and helps" not in main


def test_it_shows_no_call_on_an_amber_day(client, patient):
    CheckInFactory(patient=patient, fell=True, level="amber", reasons=["fell"])
    html = client.get(URL).content.decode()
    assert 'href="tel:' not in html.split("<footer", 1)[0]


def test_the_week_summed_from_its_workouts_is_the_week_summed_in_sql(patient):
    """Every effort on the Borg scale, each activity, several a day and the week's edges."""
    days = [MONDAY - dt.timedelta(days=1), MONDAY, TODAY, SUNDAY, SUNDAY + dt.timedelta(days=1)]
    activities = ["walk", "strength", "balance", "strength", "cycle"]
    for rpe in range(6, 21):
        session(
            patient,
            days[rpe % len(days)],
            duration_min=rpe * 3,
            rpe=rpe,
            activity=activities[rpe % len(activities)],
        )
    progress = weekly_progress(patient=patient, day=TODAY)  # asserts both ways agree
    assert progress.session_count == 9
    assert progress.strength_days == 2
    assert progress.light_minutes > 0 and progress.vigorous_minutes > 0
