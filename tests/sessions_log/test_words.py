"""The Bokmål words issue 10 names, as the running pages show them (part 7): the answer
labels, the one question for the warning signs, "energien", "kommet deg", "bolker", and what
a red day with a restriction says about training again."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from sessions_log.models import Flag
from tests.factories import RestrictionFactory, WorkoutSessionFactory

NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
URL = reverse("sessions_log:check_in")
WELL = {
    "signs": "none",
    "sleep": "good",
    "energy": "7",
    "nausea": "none",
    "dizziness": "none",
    "pain": "0",
    "sore_from_last": "none",
}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def client(patient_a, client_for):
    return client_for(patient_a)  # the cast speaks Bokmål


def text(response) -> str:
    html = response.content.decode().split('<main id="main"', 1)[1].split("<footer", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def answers_of(html: str, question: str) -> list[str]:
    fieldset = html.split(f">{question}<", 1)[1].split("</fieldset>", 1)[0]
    return re.findall(r'<span class="chip__text">([^<]+)</span>', fieldset)


def test_the_check_in_asks_in_the_words_of_the_issue(client):
    first = client.get(URL).content.decode()
    assert "Har du noe av dette i dag?" in first
    assert "Nei, ingenting av dette" in first
    html = client.post(URL, {"step": "signs", "signs": "none"}).content.decode()
    assert answers_of(html, "Er du svimmel?") == ["Nei", "Litt", "Mye"]
    assert answers_of(html, "Er du kvalm?") == ["Nei", "Litt", "Har kastet opp"]
    assert answers_of(html, "Er du støl?") == ["Nei", "Litt", "Mye"]


def test_a_red_day_speaks_of_energien_and_the_limits_in_the_plan(client, patient_a):
    RestrictionFactory(patient=patient_a, kind="after_surgery", max_rpe=None, body_area="knee_left")
    page = text(
        client.post(URL, {**WELL, "signs": "some", "warning_signs": ["fever_38"]}, follow=True)
    )
    assert "Kroppen trenger energien sin til å bekjempe den." in page
    assert "kreftene" not in page
    assert "Når du trener igjen, følg grensene i planen." in page
    assert "I morgen er en ny dag" not in page
    assert "Aktivitet er trygt" not in page


def test_a_step_down_says_kommet_deg_and_bolker(client, patient_a):
    session = WorkoutSessionFactory(
        patient=patient_a, performed_on=NOW.date() - dt.timedelta(days=2)
    )
    Flag.objects.create(
        patient=patient_a,
        session=session,
        kind="slow_recovery",
        created_at=NOW - dt.timedelta(days=1),
    )
    page = text(client.post(URL, WELL, follow=True))
    assert "Du hadde ikke kommet deg innen et døgn etter en økt nylig." in page
    assert "2 eller 3 bolker på 5 minutter" in page
    assert "restituert" not in page
    home = text(client.get(reverse("sessions_log:home")))
    assert "Korte bolker teller også." in home
    assert "Korte økter" not in home and "restituert" not in home
