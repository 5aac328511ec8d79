"""Planned vs done (sessions_log.plans.today.week.planned_vs_done) and the week on "My plan":
each day's planned sessions of the version in force that day, with what was logged."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sessions_log.models import Programme
from sessions_log.plans.today.week import planned_vs_done
from tests.factories import WorkoutSessionFactory
from tests.sessions_log.plans.helpers import load_library, make_plan

# Wednesday 11 March 2026 in Oslo; the week is Monday 9 to Sunday 15 March.
NOW = dt.datetime(2026, 3, 11, 11, 0, tzinfo=dt.UTC)
MONDAY = dt.date(2026, 3, 9)
TUESDAY, WEDNESDAY = MONDAY + dt.timedelta(days=1), MONDAY + dt.timedelta(days=2)
SUNDAY = MONDAY + dt.timedelta(days=6)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def lib(db):
    return load_library()


@pytest.fixture
def plan(cast, lib):
    programme = make_plan(cast.patient_a, cast.physio_a)
    Programme.objects.filter(pk=programme.pk).update(
        created_at=dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    )
    return programme


def done(patient, day, session, how="as_planned", **fields):
    return WorkoutSessionFactory(
        patient=patient, performed_on=day, planned_session=session, plan_followed=how, **fields
    )


def test_it_pairs_each_planned_session_with_what_was_done(cast, plan):
    patient = cast.patient_a
    walk, strength = plan.sessions.all()
    done(patient, MONDAY, walk, rpe=12)
    done(patient, TUESDAY, strength, "lighter")
    extra = WorkoutSessionFactory(patient=patient, performed_on=TUESDAY, activity="cycle")

    days = planned_vs_done(patient=patient, start=MONDAY, end=SUNDAY)

    assert [d.day for d in days] == [MONDAY + dt.timedelta(days=n) for n in range(7)]
    status = {d.day: [(o.session.kind, o.status) for o in d.planned] for d in days}
    assert status[MONDAY] == [("endurance", "as_planned")]
    assert status[TUESDAY] == [("strength", "lighter")]
    assert status[WEDNESDAY] == [("endurance", "pending")]  # today, not done yet
    assert status[SUNDAY] == []
    assert days[1].extra == [extra]
    assert days[2].is_today and not days[1].is_today


def test_a_day_that_is_over_without_a_log_is_not_done(cast, plan):
    days = planned_vs_done(patient=cast.patient_a, start=MONDAY, end=TUESDAY)
    assert [o.status for d in days for o in d.planned] == ["not_done", "not_done"]


def test_each_day_follows_the_version_in_force_that_day(cast, plan, lib):
    patient = cast.patient_a
    old_strength = plan.sessions.get(kind="strength")
    new = make_plan(patient, cast.physio_a, note="Versjon 2")  # made today, Wednesday
    # Done on Tuesday against version 1; version 2's Thursday still counts its own.
    done(patient, TUESDAY, old_strength)
    days = planned_vs_done(patient=patient, start=TUESDAY, end=TUESDAY + dt.timedelta(days=2))
    assert [d.programme for d in days] == [plan, new, new]
    assert days[0].planned[0].status == "as_planned"
    # A session logged against the older version's session of the same kind counts too.
    thursday = TUESDAY + dt.timedelta(days=2)
    done(patient, thursday, old_strength)
    (day,) = planned_vs_done(patient=patient, start=thursday, end=thursday)
    assert day.programme == new and day.planned[0].workout is not None and day.extra == []


def test_a_session_logged_twice_shows_the_best_and_the_other_as_extra(cast, plan):
    """The same matching as the physiotherapist's figures (review.matching.match): a planned
    session counts once, for the best of the workouts logged for it."""
    patient = cast.patient_a
    walk = plan.sessions.get(kind="endurance")
    lighter = done(patient, MONDAY, walk, "lighter")
    as_planned = done(patient, MONDAY, walk, "as_planned")

    (day,) = planned_vs_done(patient=patient, start=MONDAY, end=MONDAY)

    assert [(o.workout, o.status) for o in day.planned] == [(as_planned, "as_planned")]
    assert day.extra == [lighter]


def test_before_the_first_version_nothing_is_planned(cast, plan):
    (day,) = planned_vs_done(
        patient=cast.patient_a, start=dt.date(2026, 2, 23), end=dt.date(2026, 2, 23)
    )
    assert day.programme is None and day.planned == []


def test_it_costs_three_queries_for_a_week_or_two_months(cast, plan):
    patient = cast.patient_a
    walk = plan.sessions.get(kind="endurance")
    for n in range(40):
        done(patient, MONDAY - dt.timedelta(days=n), walk)
    with CaptureQueriesContext(connection) as week:
        planned_vs_done(patient=patient, start=MONDAY, end=SUNDAY)
    with CaptureQueriesContext(connection) as months:
        planned_vs_done(patient=patient, start=MONDAY - dt.timedelta(days=60), end=SUNDAY)
    assert len(week.captured_queries) == len(months.captured_queries) == 3


# "My plan" -----------------------------------------------------------------------------------


def test_my_plan_shows_the_week_planned_and_done(cast, client_for, plan):
    patient = cast.patient_a
    walk, strength = plan.sessions.all()
    done(patient, MONDAY, walk, duration_min=30, rpe=12)
    WorkoutSessionFactory(patient=patient, performed_on=TUESDAY, activity="cycle", duration_min=15)
    page = client_for(patient).get(reverse("patients:my_plan")).content.decode()
    week = re.search(r'<ul class="week-strip my-week__week">.*?</ul>', page, re.S).group(0)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", week))
    assert "Denne uka: planlagt og gjort" in page
    assert "Mandag 9.3. Utholdenhet: gjort som planlagt (30 min, anstrengelse 12)" in text
    assert "Tirsdag 10.3. Styrke: ikke registrert Også: Sykling, 15 min" in text
    assert 'aria-current="date" data-day="2026-03-11"' in week
    assert "Søndag 15.3. Ingen planlagt økt" in text


def test_the_export_has_the_programme_its_versions_and_planned_vs_done(cast, plan, client_for):
    from tests.reauth import reauthenticate

    patient = cast.patient_a
    make_plan(patient, cast.physio_a, note="Versjon 2")
    walk = plan.sessions.get(kind="endurance")
    session = done(patient, MONDAY, walk)
    client = reauthenticate(client_for(patient))
    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("sessions_log:export_csv")).content))
    names = set(archive.namelist())
    assert {"programmes.csv", "planned_sessions.csv", "planned_exercises.csv"} <= names
    programmes = archive.read("programmes.csv").decode("utf-8-sig")
    assert "Versjon 2" in programmes and "Start rolig." in programmes
    assert cast.physio_a.get_full_name() in programmes
    planned = archive.read("planned_sessions.csv").decode("utf-8-sig")
    assert planned.count("\n") == 1 + 4  # header, two sessions in each of two versions
    exercises = archive.read("planned_exercises.csv").decode("utf-8-sig")
    assert "Reise seg fra stol" in exercises and "Sit-to-stand" in exercises
    sessions = archive.read("sessions.csv").decode("utf-8-sig")
    assert f'"{walk.pk}","as_planned"' in sessions
    readme = archive.read("README.txt").decode()
    assert "planned_sessions.csv" in readme and "as_planned = " in readme
    assert session.pk
