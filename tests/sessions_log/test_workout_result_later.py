"""A session opened again later from the history: no "Saved", and its own week."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from sessions_log.models import WorkoutSession
from tests.factories import WorkoutSessionFactory

# Wednesday 25 November 2026, 10:00 in Oslo.
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def client(patient_a, client_for):
    patient_a.user.language = "en"
    patient_a.user.save(update_fields=["language"])
    return client_for(patient_a)


def logged(patient, *, day: dt.date, ago: dt.timedelta):
    session = WorkoutSessionFactory(patient=patient, performed_on=day)
    WorkoutSession.objects.filter(pk=session.pk).update(created_at=NOW - ago)
    return session


def page(client, session) -> str:
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("sessions_log:workout_result", args=[session.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_it_says_saved_right_after_logging(client, patient_a):
    html = page(client, logged(patient_a, day=dt.date(2026, 11, 25), ago=dt.timedelta(minutes=1)))
    assert "Saved. Well done!" in html
    assert "So far this week" in html


def test_it_names_the_session_and_that_week_when_opened_days_later(client, patient_a):
    html = page(client, logged(patient_a, day=dt.date(2026, 11, 20), ago=dt.timedelta(days=5)))
    assert "Saved. Well done!" not in html
    assert "<h1>Your session</h1>" in html
    assert "That week" in html and "So far this week" not in html
