""" "Dagens økt" on the patient's home page (today's planned session adapted to the check-in)
and logging it with one tap plus the effort: the link to the planned session, the once-only
guarantee, and the recovery question, flags and weekly dose working as for any session."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sessions_log import recovery
from sessions_log.checkins import services as checkin_services
from sessions_log.checkins.selectors import weekly_progress
from sessions_log.models import Flag, WorkoutSession
from tests.factories import CheckInFactory, RestrictionFactory, WorkoutSessionFactory
from tests.sessions_log.plans.helpers import load_library, make_plan, session_input

# Tuesday 10 March 2026, 09:00 in Oslo: make_plan's strength session (Tuesday and Thursday).
NOW = dt.datetime(2026, 3, 10, 8, 0, tzinfo=dt.UTC)
TUESDAY = dt.date(2026, 3, 10)
HOME = reverse("sessions_log:home")


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def lib(db):
    return load_library()


@pytest.fixture
def patient(patient_a):
    patient_a.user.language = "en"
    patient_a.user.save(update_fields=["language"])
    return patient_a


@pytest.fixture
def plan(patient, physio_a, lib):
    return make_plan(patient, physio_a)


@pytest.fixture
def strength(plan):
    return plan.sessions.get(kind="strength")


@pytest.fixture
def client(patient, client_for):
    return client_for(patient)


def page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def card(html: str) -> str:
    found = re.search(r'<section class="card today-plan.*?</section>', html, re.S)
    assert found, "no Dagens økt card"
    return found.group(0)


def log_url(session, how="done") -> str:
    return reverse("sessions_log:log_planned", args=[session.pk, how])


def checked_rpe(html: str) -> int:
    return int(re.search(r'name="rpe" value="(\d+)"[^>]*checked', html).group(1))


# The card ----------------------------------------------------------------------------------


def test_before_the_check_in_it_shows_the_plan_for_today_and_asks_for_a_check_in(
    client, strength, lib
):
    html = card(page(client.get(HOME)))
    assert "Today's session" in html
    assert "Check in first: then the session is adapted to how you are today." in html
    assert "Strength" in html and "30 min, effort 12–14 on the Borg scale" in html
    for slug in ("sit-to-stand", "band-row", "one-leg-stand"):
        assert reverse("sessions_log:my_exercise", args=[lib[slug].pk]) in html
    assert "3 × 10" in html
    assert "I did today" not in html  # the buttons come after the check-in


def test_a_green_day_shows_the_full_session_with_the_three_buttons(client, patient, strength):
    CheckInFactory(patient=patient)
    html = card(page(client.get(HOME)))
    assert 'data-today-plan="as_planned"' in html
    assert "As planned" in html
    assert "30 min, effort 12–14" in html
    assert "3 × 10" in html and "3 × 12" in html and "3 × 20 s" in html
    assert log_url(strength) in html
    assert log_url(strength, "lighter") in html
    assert f"{reverse('sessions_log:log_workout')}?planned={strength.pk}" in html


def test_an_amber_day_shows_the_lighter_version_and_says_why(client, patient, strength):
    CheckInFactory(patient=patient, sleep="poor", level="amber", reasons=["sleep_poor"])
    html = card(page(client.get(HOME)))
    assert 'data-today-plan="lighter"' in html
    assert "A lighter version today" in html
    assert "Today&#x27;s session is about half of the planned one." in html
    assert "about 9 to 11 on the Borg scale" in html
    assert "15 min, effort 9–11" in html
    assert "Planned: 30 min, effort 12–14." in html
    assert "2 × 7" in html  # sit-to-stand: 3 x 10 became about half (14 of 30)
    assert log_url(strength) in html
    assert log_url(strength, "lighter") not in html  # today's version is the lighter one


def test_a_red_day_shows_no_exercise_and_no_button(client, patient, strength, lib):
    CheckInFactory(patient=patient, fever_38=True, level="red", reasons=["fever"])
    html = card(page(client.get(HOME)))
    assert 'data-today-plan="rest"' in html
    assert "Rest today" in html
    assert "no exercise today" in html
    assert "my/exercises" not in html and "/me/exercises/" not in html
    assert "min, effort" not in html
    assert "/me/plan/sessions/" not in html and "?planned=" not in html


def test_a_slow_recovery_after_a_green_check_in_makes_the_session_lighter(
    client, patient, strength
):
    CheckInFactory(patient=patient)
    older = WorkoutSessionFactory(patient=patient, performed_on=TUESDAY - dt.timedelta(days=1))
    Flag.objects.create(patient=patient, session=older, kind="slow_recovery")
    html = card(page(client.get(HOME)))
    assert 'data-today-plan="lighter"' in html
    assert "You had not recovered from a recent session" in html
    assert "15 min, effort 9–11" in html


def test_restrictions_replace_exercises_on_every_level(client, patient, strength):
    RestrictionFactory(
        patient=patient, kind="neuropathy", max_rpe=12, starts_on=TUESDAY - dt.timedelta(days=3)
    )
    CheckInFactory(patient=patient)
    html = card(page(client.get(HOME)))
    assert "One-leg stand, holding on</a>" in html
    assert "instead of One-leg stand" in html
    assert "effort 12–12" in html  # the cap
    assert "Some exercises are changed or left out" in html


def test_a_day_without_a_planned_session_says_so(client, patient, plan):
    with time_machine.travel(NOW - dt.timedelta(days=2), tick=False):  # a Sunday
        CheckInFactory(patient=patient)
        html = card(page(client.get(HOME)))
    assert "No planned session today." in html


def test_without_a_plan_there_is_no_card(client, patient, lib):
    CheckInFactory(patient=patient)
    assert "today-plan" not in page(client.get(HOME))


def test_once_logged_the_card_says_done(client, patient, strength):
    CheckInFactory(patient=patient)
    client.post(log_url(strength), {"client_uuid": uuid.uuid4(), "rpe": 13})
    html = card(page(client.get(HOME)))
    assert "Done today (as planned): 30 min, effort 13." in html
    assert log_url(strength) not in html


def test_todays_check_in_result_shows_the_card_too(client, patient, strength):
    check_in = CheckInFactory(patient=patient)
    html = page(client.get(reverse("sessions_log:check_in_result", args=[check_in.pk])))
    assert log_url(strength) in card(html)


def test_the_home_page_costs_the_same_queries_with_1_and_50_sessions_in_the_plan_history(
    client, patient, strength
):
    CheckInFactory(patient=patient)

    def log(n):
        WorkoutSessionFactory(
            patient=patient,
            performed_on=TUESDAY - dt.timedelta(days=n % 5),
            planned_session=strength,
            plan_followed="as_planned",
        )

    log(4)  # four days ago: its recovery question is looked up, as with 50 sessions
    client.get(HOME)
    with CaptureQueriesContext(connection) as few:
        client.get(HOME)
    for n in range(5, 54):
        log(n)
    with CaptureQueriesContext(connection) as many:
        client.get(HOME)
    assert len(many.captured_queries) == len(few.captured_queries)


# Logging it: one tap plus the effort --------------------------------------------------------


def test_the_effort_page_has_the_target_preselected(client, patient, strength):
    CheckInFactory(patient=patient)
    html = page(client.get(log_url(strength)))
    assert "How hard was today" in html
    assert "The target was 12–14, so 13 is chosen." in html
    assert checked_rpe(html) == 13
    assert len(re.findall(r'name="rpe"', html)) == 15
    assert html.count("effort-chip--target") == 3


def test_saving_it_logs_the_planned_session_once(client, patient, strength):
    check_in = CheckInFactory(patient=patient)
    form = {"client_uuid": str(uuid.uuid4()), "rpe": 13}
    first = client.post(log_url(strength), form)
    second = client.post(log_url(strength), form)  # a double tap

    session = WorkoutSession.objects.get()
    assert (
        first["Location"]
        == second["Location"]
        == reverse("sessions_log:workout_result", args=[session.pk])
    )
    assert (session.planned_session, session.plan_followed) == (strength, "as_planned")
    assert (session.activity, session.setting, session.duration_min, session.rpe) == (
        "strength",
        "self",
        30,
        13,
    )
    assert (session.performed_on, session.check_in) == (TUESDAY, check_in)


def test_a_lighter_version_on_a_green_day_logs_the_amber_version(client, patient, strength):
    CheckInFactory(patient=patient)
    html = page(client.get(log_url(strength, "lighter")))
    assert checked_rpe(html) == 10  # the middle of 9-11
    client.post(log_url(strength, "lighter"), {"client_uuid": uuid.uuid4(), "rpe": 10})
    session = WorkoutSession.objects.get()
    assert (session.plan_followed, session.duration_min, session.rpe) == ("lighter", 15, 10)


def test_todays_session_on_an_amber_day_is_logged_as_lighter(client, patient, strength):
    CheckInFactory(patient=patient, sleep="poor", level="amber", reasons=["sleep_poor"])
    client.post(log_url(strength), {"client_uuid": uuid.uuid4(), "rpe": 11})
    session = WorkoutSession.objects.get()
    assert (session.plan_followed, session.duration_min) == ("lighter", 15)


@pytest.mark.parametrize("level", ["red", None])
def test_it_cannot_be_logged_from_the_card_on_a_red_day_or_before_the_check_in(
    client, patient, strength, level
):
    if level:
        CheckInFactory(patient=patient, fever_38=True, level="red", reasons=["fever"])
    for response in (
        client.get(log_url(strength)),
        client.post(log_url(strength), {"client_uuid": uuid.uuid4(), "rpe": 12}),
    ):
        assert response.status_code == 302 and response["Location"] == HOME
    assert not WorkoutSession.objects.exists()


def test_a_session_not_planned_today_is_sent_back_home(client, patient, plan):
    CheckInFactory(patient=patient)
    walk = plan.sessions.get(kind="endurance")  # Monday, Wednesday, Friday
    response = client.post(log_url(walk), {"client_uuid": uuid.uuid4(), "rpe": 12})
    assert response["Location"] == HOME
    assert not WorkoutSession.objects.exists()


def test_someone_elses_planned_session_is_a_404(client_for, patient, patient_b, strength):
    CheckInFactory(patient=patient_b)
    other = client_for(patient_b)
    assert other.get(log_url(strength)).status_code == 404
    assert other.post(log_url(strength), {"client_uuid": uuid.uuid4(), "rpe": 12}).status_code == (
        404
    )
    assert other.get(
        f"{reverse('sessions_log:log_workout')}?planned={strength.pk}"
    ).status_code == (404)
    assert not WorkoutSession.objects.exists()


def test_an_unknown_answer_is_a_404(client, patient, strength):
    CheckInFactory(patient=patient)
    assert client.get(log_url(strength, "harder")).status_code == 404


def test_a_missing_effort_shows_the_form_again_with_an_error(client, patient, strength):
    CheckInFactory(patient=patient)
    html = page(client.post(log_url(strength), {"client_uuid": uuid.uuid4()}))
    assert "Choose how hard it was, from 6 to 20." in html
    assert not WorkoutSession.objects.exists()


def test_something_else_is_the_usual_form_linked_to_the_planned_session(client, patient, strength):
    CheckInFactory(patient=patient)
    url = f"{reverse('sessions_log:log_workout')}?planned={strength.pk}"
    html = page(client.get(url))
    assert "Instead of today's planned session (strength)" in html
    assert f'name="planned_session" value="{strength.pk}"' in html
    client.post(
        reverse("sessions_log:log_workout"),
        {
            "client_uuid": uuid.uuid4(),
            "planned_session": strength.pk,
            "activity": "walk",
            "setting": "self",
            "duration_pick": 20,
            "rpe": 11,
            "performed_on": TUESDAY.isoformat(),
        },
    )
    session = WorkoutSession.objects.get()
    assert (session.planned_session, session.plan_followed, session.activity) == (
        strength,
        "other",
        "walk",
    )


def test_the_usual_form_refuses_someone_elses_planned_session(
    client_for, patient, patient_b, strength
):
    html = page(
        client_for(patient_b).post(
            reverse("sessions_log:log_workout"),
            {
                "client_uuid": uuid.uuid4(),
                "planned_session": strength.pk,
                "activity": "walk",
                "setting": "self",
                "duration_pick": 20,
                "rpe": 11,
                "performed_on": TUESDAY.isoformat(),
            },
        )
    )
    assert "Velg en økt fra din egen plan." in html  # patient_b reads Bokmål
    assert not WorkoutSession.objects.exists()


def test_the_service_refuses_a_plan_link_that_does_not_fit(patient, patient_b, strength):
    values = {
        "performed_on": TUESDAY,
        "activity": "strength",
        "setting": "self",
        "duration_min": 30,
        "rpe": 12,
    }
    with pytest.raises(ValidationError):
        checkin_services.log_session(
            patient=patient_b,
            client_uuid=uuid.uuid4(),
            planned_session=strength,
            plan_followed="as_planned",
            **values,
        )
    with pytest.raises(ValidationError):
        checkin_services.log_session(
            patient=patient, client_uuid=uuid.uuid4(), plan_followed="lighter", **values
        )
    assert not WorkoutSession.objects.exists()


def test_an_endurance_session_on_the_bike_is_logged_as_cycling(client, patient, physio_a, lib):
    from sessions_log.plans.programmes import services

    services.save_programme(
        patient=patient,
        author=physio_a,
        base_version=0,
        note="",
        sessions=[
            session_input(
                "endurance",
                "2",
                25,
                (11, 13),
                [(lib["exercise-bike"], 1, None, None, 20), (lib["walk"], 1, None, None, 5)],
                setting="home",
            )
        ],
    )
    CheckInFactory(patient=patient)
    bike = patient.programmes.get().sessions.get()
    client.post(log_url(bike), {"client_uuid": uuid.uuid4(), "rpe": 12})
    session = WorkoutSession.objects.get()
    assert (session.activity, session.setting, session.duration_min) == ("cycle", "home", 25)


# The same as any session: recovery question, flags, weekly dose ---------------------------


def test_a_planned_session_gets_the_recovery_question_flags_and_counts_for_the_week(
    client, patient, strength
):
    RestrictionFactory(
        patient=patient, kind="cardiotoxic", max_rpe=13, starts_on=TUESDAY - dt.timedelta(days=5)
    )
    CheckInFactory(patient=patient)
    client.post(log_url(strength), {"client_uuid": uuid.uuid4(), "rpe": 15})
    session = WorkoutSession.objects.get()

    # Effort above the cap: flagged for the physiotherapist, as for any session.
    assert set(session.flags.values_list("kind", flat=True)) == {"over_restriction"}
    # The week's dose counts it: 30 vigorous minutes count double; a strength day.
    progress = weekly_progress(patient=patient, day=TUESDAY)
    assert (progress.vigorous_minutes, progress.guideline_minutes, progress.strength_days) == (
        30,
        60,
        1,
    )
    # The next day the recovery question opens for it; "not recovered" flags it.
    later = timezone.now() + dt.timedelta(hours=21)
    (question,) = recovery.open_recovery_questions(patient=patient, now=later)
    assert question.session == session
    recovery.answer_recovery_question(
        session=session, now=later, recovered="no", managed_chores=False, soreness="some"
    )
    assert set(session.flags.values_list("kind", flat=True)) == {
        "over_restriction",
        "slow_recovery",
        "too_hard",
    }
    # ...and Thursday's planned session is the lighter one, even on a green day.
    with time_machine.travel(NOW + dt.timedelta(days=2), tick=False):
        CheckInFactory(patient=patient)
        html = card(page(client.get(HOME)))
    assert 'data-today-plan="lighter"' in html
