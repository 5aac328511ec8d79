"""Progression suggestions from the recovery loop, never applied without the physiotherapist:
"Klar for mer" after two good weeks, "Trapp ned" after two slow recoveries or too-hard
sessions; one click (POST) makes the next version, dismissing is remembered for that version,
and a double submit makes one version."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from pusterom.models import AuditEvent
from sessions_log.models import Flag, PlannedExercise, Programme, ProgressionDecision
from sessions_log.plans.review.selectors import plan_review
from tests.factories import RestrictionFactory
from tests.sessions_log.plans.helpers import backdate, follow_plan, make_plan

OSLO = ZoneInfo("Europe/Oslo")
NOW = dt.datetime(2026, 3, 20, 12, 0, tzinfo=OSLO)  # a Friday
TODAY = NOW.date()
PLAN_MADE = dt.datetime(2026, 2, 23, 9, 0, tzinfo=OSLO)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def plan(cast):
    return backdate(make_plan(cast.patient_a, cast.physio_a), PLAN_MADE)


@pytest.fixture
def good_weeks(plan):
    """Every planned session since the plan began done as planned, at Borg 12 (targets 13
    and 14), recovered the next day."""
    follow_plan(plan, start=PLAN_MADE.date(), end=TODAY - dt.timedelta(days=1))
    return plan


@pytest.fixture
def slow_weeks(plan):
    """Sessions done, but two of the last two weeks left the patient not recovered a day
    later."""
    workouts = follow_plan(
        plan, start=PLAN_MADE.date(), end=TODAY - dt.timedelta(days=1), recovery_days=None
    )
    for workout in workouts[-5:-3]:
        Flag.objects.create(
            patient=plan.patient,
            session=workout,
            kind=Flag.Kind.SLOW_RECOVERY,
            created_at=workout.started_at + dt.timedelta(days=1),
        )
    return plan


def page(client, patient):
    return client.get(reverse("sessions_log:patient_page", args=[patient.pk]))


def post(client, name, patient, **data):
    values = {"code": "ready_for_more", "base_version": 1, "back": "patient"} | data
    return client.post(reverse(f"sessions_log:{name}", args=[patient.pk]), values)


def doses(programme) -> dict:
    return {
        item.exercise.slug: (item.sets, item.reps, item.seconds, item.minutes)
        for item in PlannedExercise.objects.filter(session__programme=programme).select_related(
            "exercise"
        )
    }


def test_two_good_weeks_show_ready_for_more_with_the_concrete_change(cast, client_for, good_weeks):
    client = client_for(cast.physio_a)

    text = page(client, cast.patient_a).content.decode()

    assert "Forslag: Klar for mer" in text
    assert "Økt 1 (Utholdenhet): 30 → 33 minutter." in text
    assert "Økt 2 (Styrke): Reise seg fra stol 3 × 10 → 4 × 10." in text
    assert "Godta: lag versjon 2" in text
    # The plan page shows it too.
    plan_page = client.get(reverse("sessions_log:plan_detail", args=[cast.patient_a.pk]))
    assert "Forslag: Klar for mer" in plan_page.content.decode()


@pytest.mark.parametrize(
    "spoil",
    ["lighter", "too_hard_effort", "slow", "open_flag", "young_plan"],
)
def test_anything_short_of_two_good_weeks_suggests_nothing(cast, plan, spoil):
    outcome = {
        "lighter": {"followed": "lighter"},
        "too_hard_effort": {"rpe": 15},
        "slow": {"recovery_days": 2},
    }.get(spoil, {})
    last = TODAY - dt.timedelta(days=1)
    follow_plan(plan, start=PLAN_MADE.date(), end=last - dt.timedelta(days=2))
    follow_plan(plan, start=last - dt.timedelta(days=1), end=last, **outcome)
    if spoil == "open_flag":
        Flag.objects.create(patient=cast.patient_a, kind=Flag.Kind.INACTIVE)
    if spoil == "young_plan":
        backdate(plan, NOW - dt.timedelta(days=10))

    assert plan_review(patient=cast.patient_a).suggestion is None


def test_accepting_makes_the_next_version_and_is_audited(cast, client_for, good_weeks):
    client = client_for(cast.physio_a)

    response = post(client, "plan_suggestion_accept", cast.patient_a)

    assert response["Location"] == reverse("sessions_log:plan_detail", args=[cast.patient_a.pk])
    new = Programme.objects.get(patient=cast.patient_a, version=2)
    assert (new.created_by, new.created_at, new.note) == (cast.physio_a, NOW, good_weeks.note)
    endurance, strength = new.sessions.order_by("order")
    assert (endurance.minutes, strength.minutes) == (33, 33)
    assert doses(new) == {
        "walk": (1, None, None, 33),
        "sit-to-stand": (4, 10, None, None),
        "band-row": (4, 12, None, None),
        "one-leg-stand": (4, None, 20, None),
    }
    decision = ProgressionDecision.objects.get()
    assert (decision.programme, decision.code, decision.decision, decision.new_programme) == (
        good_weeks,
        "ready_for_more",
        "accepted",
        new,
    )
    assert (decision.decided_by, decision.decided_at) == (cast.physio_a, NOW)
    assert AuditEvent.objects.filter(
        actor=cast.physio_a,
        patient=cast.patient_a.user,
        object_type="training_plan",
        action="change",
    ).exists()
    followed = client.get(response["Location"]).content.decode()
    assert "Versjon 2 av planen er lagret. Pasienten ser den nå." in followed
    assert "Forslag:" not in followed  # the new version starts its own two weeks


def test_a_double_submit_makes_one_version(cast, client_for, good_weeks):
    client = client_for(cast.physio_a)

    post(client, "plan_suggestion_accept", cast.patient_a)
    again = post(client, "plan_suggestion_accept", cast.patient_a)

    assert Programme.objects.filter(patient=cast.patient_a).count() == 2
    assert ProgressionDecision.objects.count() == 1
    assert (
        "Forslaget var allerede godtatt: versjon 2."
        in client.get(again["Location"]).content.decode()
    )


def test_step_down_after_two_slow_recoveries_in_two_weeks(cast, client_for, slow_weeks):
    client = client_for(cast.physio_a)

    text = page(client, cast.patient_a).content.decode()

    assert "Forslag: Trapp ned" in text
    assert "Økt 1 (Utholdenhet): 30 → 24 minutter." in text
    post(client, "plan_suggestion_accept", cast.patient_a, code="step_down")
    new = Programme.objects.get(patient=cast.patient_a, version=2)
    assert doses(new)["sit-to-stand"] == (2, 10, None, None)
    assert doses(new)["walk"] == (1, None, None, 24)
    # The same two flags do not step the new version down again.
    assert plan_review(patient=cast.patient_a).suggestion is None


def test_dismissing_is_remembered_for_that_version(cast, client_for, good_weeks):
    client = client_for(cast.physio_a)

    response = post(client, "plan_suggestion_dismiss", cast.patient_a, back="plan")
    post(client, "plan_suggestion_dismiss", cast.patient_a)  # a double submit

    assert response["Location"] == reverse("sessions_log:plan_detail", args=[cast.patient_a.pk])
    decision = ProgressionDecision.objects.get()
    assert (decision.programme, decision.code, decision.decision, decision.new_programme) == (
        good_weeks,
        "ready_for_more",
        "dismissed",
        None,
    )
    assert (decision.decided_by, decision.decided_at) == (cast.physio_a, NOW)
    assert Programme.objects.filter(patient=cast.patient_a).count() == 1
    assert "Forslag:" not in page(client, cast.patient_a).content.decode()
    assert AuditEvent.objects.filter(object_type="plan_suggestion", action="change").count() == 1
    # A dismissed suggestion cannot be accepted afterwards by an old page.
    post(client, "plan_suggestion_accept", cast.patient_a)
    assert Programme.objects.filter(patient=cast.patient_a).count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"base_version": 7},  # the plan has moved on, or never had that version
        {"code": "step_down"},  # not what the log says now
    ],
)
def test_a_suggestion_that_no_longer_applies_changes_nothing(cast, client_for, good_weeks, data):
    client = client_for(cast.physio_a)

    response = post(client, "plan_suggestion_accept", cast.patient_a, **data)

    assert response.status_code == 302
    assert Programme.objects.filter(patient=cast.patient_a).count() == 1
    assert not ProgressionDecision.objects.exists()
    assert (
        "Dette forslaget gjelder ikke lenger." in client.get(response["Location"]).content.decode()
    )


def test_a_plan_that_no_longer_suits_the_restrictions_is_not_changed_by_a_click(
    cast, client_for, good_weeks
):
    # A new shoulder restriction excludes the band row that version 1 has.
    RestrictionFactory(
        patient=cast.patient_a,
        kind="after_surgery",
        body_area="shoulder_left",
        max_rpe=None,
        starts_on=TODAY,
        set_by=cast.physio_a,
    )
    client = client_for(cast.physio_a)

    response = post(client, "plan_suggestion_accept", cast.patient_a)

    assert Programme.objects.filter(patient=cast.patient_a).count() == 1
    assert "Endre planen selv i stedet." in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("role", ["physio_b", "staff_a", "patient_a"])
def test_others_cannot_accept_or_dismiss(cast, client_for, good_weeks, role):
    client = client_for(cast.user(role))
    for name in ("plan_suggestion_accept", "plan_suggestion_dismiss"):
        assert post(client, name, cast.patient_a).status_code == 404
    assert Programme.objects.count() == 1
    assert not ProgressionDecision.objects.exists()


@pytest.mark.parametrize("data", [{"code": "more!"}, {"base_version": "x"}, {"back": "/evil"}])
def test_a_form_our_page_did_not_send_is_a_bad_request(cast, client_for, good_weeks, data):
    client = client_for(cast.physio_a)
    for name in ("plan_suggestion_accept", "plan_suggestion_dismiss"):
        assert post(client, name, cast.patient_a, **data).status_code == 400
    assert Programme.objects.filter(patient=cast.patient_a).count() == 1
    assert not ProgressionDecision.objects.exists()


def _suggested(review):
    return (
        None if review.suggestion is None else (review.suggestion.code, review.suggestion.changes)
    )


@pytest.mark.parametrize(
    ("weeks", "open_flag", "expected"),
    [
        ("good_weeks", False, "ready_for_more"),
        ("good_weeks", True, None),  # an open flag holds "more" back
        ("slow_weeks", False, "step_down"),
    ],
)
def test_the_flags_the_patient_page_read_give_the_review_it_reads_itself(
    cast, request, weeks, open_flag, expected
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sessions_log.triage.selectors import patient_activity

    request.getfixturevalue(weeks)
    # An old acknowledged flag of a step-down kind, from before the plan: it must not count.
    Flag.objects.create(
        patient=cast.patient_a,
        kind=Flag.Kind.TOO_HARD,
        created_at=PLAN_MADE - dt.timedelta(days=3),
        acknowledged_at=PLAN_MADE - dt.timedelta(days=2),
    )
    if open_flag:
        Flag.objects.create(patient=cast.patient_a, kind=Flag.Kind.FALL)
    activity = patient_activity(patient=cast.patient_a)
    with CaptureQueriesContext(connection) as reading:
        read = plan_review(patient=cast.patient_a, sessions=activity.sessions)
    with CaptureQueriesContext(connection) as given_flags:
        given = plan_review(
            patient=cast.patient_a,
            sessions=activity.sessions,
            flags=activity.flags,
            flags_since=activity.flags_since,
        )
    assert (read.suggestion and read.suggestion.code) == expected
    assert _suggested(given) == _suggested(read)
    assert len(given_flags) == len(reading) - 1
    # Flags read from a day after the plan was made: those of the window are still all
    # there, so the review needs no more.
    since = PLAN_MADE + dt.timedelta(days=1)
    fewer = [f for f in activity.flags if f.acknowledged_at is None or f.created_at >= since]
    with CaptureQueriesContext(connection) as window:
        in_window = plan_review(
            patient=cast.patient_a, sessions=activity.sessions, flags=fewer, flags_since=since
        )
    assert _suggested(in_window) == _suggested(read)
    assert len(window) == len(reading) - 1
    # Flags read from only three days back: the review reads the flags itself.
    since = NOW - dt.timedelta(days=3)
    recent = [f for f in activity.flags if f.acknowledged_at is None or f.created_at >= since]
    with CaptureQueriesContext(connection) as older:
        again = plan_review(
            patient=cast.patient_a, sessions=activity.sessions, flags=recent, flags_since=since
        )
    assert _suggested(again) == _suggested(read)
    assert len(older) == len(reading)
