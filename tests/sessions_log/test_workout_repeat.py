"""No duplicate workout after "back": the same day, activity and minutes logged again within a
few minutes from a fresh form is asked about ("Du registrerte nettopp ..."), with the form kept
filled in; confirming saves it, anything else saves nothing."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
import time_machine
from django.urls import reverse

from sessions_log.checkins import selectors
from sessions_log.models import WorkoutSession

NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)  # Wednesday, 10:00 in Oslo
TODAY = dt.date(2026, 11, 25)
URL = reverse("sessions_log:log_workout")
QUESTION = "Du registrerte nettopp gåtur, 20 min, i dag. Vil du registrere en til?"


def walk(**changes):
    data = {
        "client_uuid": str(uuid.uuid4()),  # a fresh form each time, as after "back"
        "activity": "walk",
        "setting": "self",
        "duration_pick": "20",
        "rpe": "11",
        "performed_on": TODAY.isoformat(),
        "notes": "Rundt vannet",
    }
    data.update(changes)
    return data


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def client(frozen, client_for, patient_a):
    client = client_for(patient_a)
    first = client.post(URL, walk())
    assert first.status_code == 302
    return client


def sessions_this_week(patient) -> int:
    """What the week's progress counts (its minutes come from the same sessions)."""
    return selectors.weekly_progress(patient=patient, day=TODAY).session_count


def test_it_asks_before_saving_the_same_workout_again(client, patient_a, frozen):
    frozen.shift(dt.timedelta(minutes=2))
    response = client.post(URL, walk(rpe="13"))

    html = response.content.decode()
    assert response.status_code == 200
    assert QUESTION in html
    assert WorkoutSession.objects.count() == 1
    assert sessions_this_week(patient_a) == 1
    # The form is kept as it was filled in, with the same form id for the "yes".
    assert re.search(r'<input[^>]*value="walk"[^>]*checked', html)
    assert re.search(r'<input[^>]*value="13"[^>]*checked', html)
    assert "Rundt vannet" in html
    earlier = WorkoutSession.objects.get()
    assert reverse("sessions_log:workout_result", args=[earlier.pk]) in html  # "No"


def test_yes_saves_the_second_workout(client, patient_a):
    data = walk()
    client.post(URL, data)
    response = client.post(URL, {**data, "repeat": "yes"})

    assert response.status_code == 302
    assert WorkoutSession.objects.count() == 2
    assert sessions_this_week(patient_a) == 2
    # Sent twice (a double tap on "yes"), it is still saved once.
    client.post(URL, {**data, "repeat": "yes"})
    assert WorkoutSession.objects.count() == 2


def test_no_saves_nothing(client):
    response = client.post(URL, walk())
    no = re.search(r'href="(/me/workouts/\d+/)"[^>]*>[^<]*', response.content.decode()).group(1)

    assert client.get(no).status_code == 200
    assert WorkoutSession.objects.count() == 1


@pytest.mark.parametrize(
    "change",
    [
        {"activity": "cycle"},
        {"duration_pick": "30"},
        {"performed_on": (TODAY - dt.timedelta(days=1)).isoformat()},
    ],
)
def test_a_different_workout_is_saved_at_once(client, change):
    assert client.post(URL, walk(**change)).status_code == 302
    assert WorkoutSession.objects.count() == 2


def test_the_same_workout_later_is_saved_at_once(client, frozen):
    frozen.shift(dt.timedelta(minutes=10))
    assert client.post(URL, walk()).status_code == 302
    assert WorkoutSession.objects.count() == 2


def test_another_patients_workout_is_not_a_repeat(client, client_for, patient_b):
    assert client_for(patient_b).post(URL, walk()).status_code == 302
    assert WorkoutSession.objects.count() == 2


def test_it_asks_in_english_too(client, patient_a):
    patient_a.user.language = "en"
    patient_a.user.save(update_fields=["language"])
    html = client.post(URL, walk()).content.decode()
    assert "You just logged walk, 20 min, today. Do you want to log another one?" in html
    assert "Yes, log another one" in html
