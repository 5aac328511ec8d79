"""The patient's history: check-ins and sessions by ISO week, newest first, paginated."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sessions_log.checkins.selectors import WEEKS_PER_PAGE
from tests.factories import CheckInFactory, WorkoutSessionFactory

NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)  # Wednesday, ISO week 48
TODAY = dt.date(2026, 11, 25)
URL = reverse("sessions_log:history")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def patient(patient_a):
    patient_a.user.language = "en"
    patient_a.user.save(update_fields=["language"])
    return patient_a


@pytest.fixture
def client(patient, client_for):
    return client_for(patient)


def week_numbers(html: str) -> list[int]:
    return [int(n) for n in re.findall(r"<h2 id=\"week-[^\"]+\">Week (\d+)</h2>", html)]


def test_it_says_so_kindly_when_there_is_nothing_yet(client):
    html = client.get(URL).content.decode()
    assert "Nothing here yet." in html


def test_it_groups_check_ins_and_sessions_by_week_newest_first(client, patient, patient_b):
    CheckInFactory(patient=patient, date=TODAY, level="amber", reasons=["sleep_poor"])
    WorkoutSessionFactory(patient=patient, performed_on=TODAY, duration_min=20, rpe=11)
    WorkoutSessionFactory(
        patient=patient, performed_on=dt.date(2026, 11, 23), activity="strength", duration_min=30
    )
    WorkoutSessionFactory(patient=patient, performed_on=dt.date(2026, 11, 10), activity="cycle")
    WorkoutSessionFactory(patient=patient_b, performed_on=dt.date(2026, 10, 1), activity="balance")

    html = client.get(URL).content.decode()

    assert week_numbers(html) == [48, 46]
    week_48 = html.split('id="week-2026-11-23"')[1].split('id="week-2026-11-09"')[0]
    assert "Take it easy today" in week_48
    assert "Walk" in week_48 and "Strength" in week_48
    assert "2 sessions, 50 minutes" in week_48
    assert week_48.index("<h3>Wednesday November 25</h3>") < week_48.index(
        "<h3>Monday November 23</h3>"
    )
    assert "Cycling" in html.split('id="week-2026-11-09"')[1]
    assert "Balance" not in html  # patient_b's


def test_it_pages_by_week(client, patient):
    weeks = WEEKS_PER_PAGE + 2
    for n in range(weeks):
        WorkoutSessionFactory(patient=patient, performed_on=TODAY - dt.timedelta(weeks=n))

    first = client.get(URL).content.decode()
    second = client.get(URL + "?page=2").content.decode()

    assert week_numbers(first) == [48 - n for n in range(WEEKS_PER_PAGE)]
    assert week_numbers(second) == [48 - n for n in range(WEEKS_PER_PAGE, weeks)]
    assert "Older weeks" in first and "Newer weeks" in second
    assert client.get(URL + "?page=abc").status_code == 200


def test_it_uses_the_same_number_of_queries_for_1_and_200_sessions(
    client, patient, django_assert_num_queries
):
    CheckInFactory(patient=patient)
    WorkoutSessionFactory(patient=patient)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    for n in range(199):
        WorkoutSessionFactory(patient=patient, performed_on=TODAY - dt.timedelta(days=n % 20))
    for n in range(1, 20):
        CheckInFactory(patient=patient, date=TODAY - dt.timedelta(days=n))
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(URL).status_code == 200


def test_url_for_pk_fills_in_what_reverse_gives():
    from django.urls import reverse

    from pusterom.markup import url_for_pk

    fill = url_for_pk("sessions_log:workout_result")
    assert fill(12) == reverse("sessions_log:workout_result", args=[12])
    assert fill(987654321) == reverse("sessions_log:workout_result", args=[987654321])
