"""The patient list's adherence figure (``PatientProfile.plan_adherence``): written by the
plans feature for the patients app, which cannot ask for it; worked out again after each
local midnight and after a session logged against the plan, by a beat task."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from patients.models import PatientProfile
from sessions_log.plans import tasks
from sessions_log.plans.review import services
from tests.factories import PatientProfileFactory
from tests.sessions_log.plans.helpers import backdate, follow_plan, log_planned, make_plan

OSLO = ZoneInfo("Europe/Oslo")
NOW = dt.datetime(2026, 3, 20, 12, 0, tzinfo=OSLO)  # a Friday
TODAY = NOW.date()
PLAN_MADE = dt.datetime(2026, 2, 23, 9, 0, tzinfo=OSLO)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def planned_patient(cast, patient=None):
    patient = patient or cast.patient_a
    return backdate(make_plan(patient, cast.physio_a), PLAN_MADE)


def figure(patient) -> tuple:
    patient.refresh_from_db()
    return patient.plan_adherence, patient.plan_adherence_at


def test_it_writes_the_share_of_planned_sessions_done_in_the_last_14_days(cast):
    plan = planned_patient(cast)
    # 6 to 19 March: ten planned sessions. Seven done as planned, one lighter, one something
    # else, one not done: 80 %. Today's does not count yet, done or not.
    start = TODAY - dt.timedelta(days=14)
    follow_plan(
        plan, start=start, end=TODAY, skip={start + dt.timedelta(days=d) for d in (4, 6, 10)}
    )
    strength = plan.sessions.get(kind="strength")
    log_planned(strength, start + dt.timedelta(days=4), followed="lighter")
    log_planned(strength, start + dt.timedelta(days=6), followed="other")
    follow_plan(plan, start=start - dt.timedelta(days=7), end=start - dt.timedelta(days=1))

    assert services.refresh_plan_adherence() == 1

    assert figure(cast.patient_a) == (80, NOW)
    assert figure(cast.patient_b) == (None, None)  # no plan: not worked out at all


def test_a_plan_with_nothing_due_yet_has_no_figure(cast):
    backdate(make_plan(cast.patient_a, cast.physio_a), NOW - dt.timedelta(hours=2))
    services.refresh_plan_adherence()
    assert figure(cast.patient_a) == (None, NOW)


def test_it_is_worked_out_again_after_midnight_and_after_a_late_logged_session(cast, _frozen):
    plan = planned_patient(cast)
    services.refresh_plan_adherence()
    assert figure(cast.patient_a) == (0, NOW)
    assert not services.patients_due_for_adherence().exists()

    # Later the same day nothing has changed.
    _frozen.move_to(dt.datetime(2026, 3, 20, 23, 50, tzinfo=OSLO))
    assert not services.patients_due_for_adherence().exists()

    # Yesterday's strength session logged now: out of date at once.
    log_planned(plan.sessions.get(kind="strength"), TODAY - dt.timedelta(days=1))
    assert list(services.patients_due_for_adherence()) == [cast.patient_a]
    assert tasks.refresh_plan_adherence() == 1
    assert figure(cast.patient_a)[0] == 10  # one of the ten

    # After midnight in Oslo: a day has closed.
    _frozen.move_to(dt.datetime(2026, 3, 21, 0, 5, tzinfo=OSLO))
    assert list(services.patients_due_for_adherence()) == [cast.patient_a]


def test_it_works_out_many_patients_in_the_same_queries_as_few(cast):
    def queries(patients) -> int:
        with CaptureQueriesContext(connection) as captured:
            services.refresh_plan_adherence(patients=patients)
        return len(captured)

    few = [planned_patient(cast).patient]
    many = [
        planned_patient(
            cast, PatientProfileFactory(centre=cast.centre_a, assigned_physio=cast.physio_a)
        ).patient
        for _ in range(12)
    ]
    for patient in many:
        follow_plan(patient.programmes.get(), start=TODAY - dt.timedelta(days=14), end=TODAY)

    assert queries(few) == queries(many)
    assert set(
        PatientProfile.objects.filter(pk__in=[p.pk for p in many]).values_list(
            "plan_adherence", flat=True
        )
    ) == {100}
