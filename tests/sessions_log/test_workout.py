"""Logging a workout: quick picks, Borg effort, one record per form, kind flags."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sessions_log.models import Flag, WorkoutSession
from tests.factories import (
    CheckInFactory,
    PriorInjuryFactory,
    RestrictionFactory,
    WorkoutSessionFactory,
)

# Wednesday 25 November 2026, 10:00 in Oslo.
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 25)
URL = reverse("sessions_log:log_workout")


def walk(**changes):
    data = {
        "client_uuid": str(uuid.uuid4()),
        "activity": "walk",
        "setting": "self",
        "duration_pick": "20",
        "duration_other": "",
        "rpe": "11",
        "avg_hr": "",
        "max_hr": "",
        "performed_on": TODAY.isoformat(),
        "notes": "",
    }
    data.update(changes)
    return data


def is_checked(html: str, input_id: str) -> bool:
    return re.search(rf'<input[^>]* id="{input_id}"[^>]*\schecked[\s>]', html) is not None


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


def test_it_offers_quick_picks_the_borg_scale_and_today_by_default(client):
    html = client.get(URL).content.decode()
    assert re.search(r'name="client_uuid" value="[0-9a-f-]{36}"', html)
    for minutes in (10, 20, 30, 45):
        assert f'name="duration_pick" value="{minutes}"' in html
    assert "13 – Somewhat hard" in html
    assert "The talk test" in html
    assert is_checked(html, "id_performed_on_0")
    assert "Today" in html
    # No registered old injuries: no question about them.
    assert "flare_injury" not in html


def test_it_saves_a_walk_and_shows_the_result(client, patient):
    check_in = CheckInFactory(patient=patient)
    response = client.post(URL, walk(notes="Fin tur"), follow=True)

    session = WorkoutSession.objects.get(patient=patient)
    assert (session.activity, session.setting, session.duration_min, session.rpe) == (
        "walk",
        "self",
        20,
        11,
    )
    assert session.performed_on == TODAY
    assert session.notes == "Fin tur"
    assert session.check_in == check_in
    assert session.started_at == NOW - dt.timedelta(minutes=20)
    assert response.redirect_chain == [
        (reverse("sessions_log:workout_result", args=[session.pk]), 302)
    ]
    html = response.content.decode()
    assert "Saved. Well done!" in html
    assert "So far this week" in html
    assert not Flag.objects.exists()
    patient.refresh_from_db()
    assert patient.last_activity_at == NOW


def test_it_saves_one_session_when_the_same_form_is_sent_twice(client, patient):
    data = walk()
    first = client.post(URL, data)
    second = client.post(URL, data)
    assert WorkoutSession.objects.filter(patient=patient).count() == 1
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]


def test_it_lets_a_typed_number_of_minutes_win_over_a_quick_pick(client, patient):
    client.post(URL, walk(duration_pick="20", duration_other="35"))
    assert WorkoutSession.objects.get(patient=patient).duration_min == 35


def test_it_asks_for_the_minutes_and_keeps_what_was_chosen(client):
    response = client.post(URL, walk(duration_pick="", activity="cycle", rpe="13"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter how many minutes you trained, for example 20." in html
    assert is_checked(html, "id_activity_1")  # cycling
    assert is_checked(html, "id_rpe_7")  # 13
    assert not WorkoutSession.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"duration_pick": "", "duration_other": "0"}, "Enter a number of minutes from 1 to 600."),
        ({"duration_pick": "", "duration_other": "abc"}, "Enter the minutes as a number"),
        ({"rpe": "21"}, "Select a valid choice"),
        ({"rpe": ""}, "Choose how hard it was, from 6 to 20."),
        ({"avg_hr": "150", "max_hr": "140"}, "The average heart rate cannot be higher"),
        ({"max_hr": "400"}, "Enter a heart rate from 30 to 230."),
        ({"activity": ""}, "Choose what you did."),
    ],
)
def test_it_refuses_bad_input_with_a_message_and_stores_nothing(client, changes, message):
    response = client.post(URL, walk(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not WorkoutSession.objects.exists()


def test_it_lets_the_patient_log_up_to_seven_days_back(client, patient):
    week_ago = TODAY - dt.timedelta(days=7)
    check_in = CheckInFactory(patient=patient, date=week_ago)
    client.post(URL, walk(performed_on=week_ago.isoformat()))
    session = WorkoutSession.objects.get(patient=patient)
    assert session.performed_on == week_ago
    assert session.check_in == check_in
    assert session.started_at.date() == week_ago


@pytest.mark.parametrize("days", [8, -1])
def test_it_refuses_a_day_too_long_ago_or_in_the_future(client, days):
    day = TODAY - dt.timedelta(days=days)
    response = client.post(URL, walk(performed_on=day.isoformat()))
    assert response.status_code == 200
    assert "Choose today or one of the last 7 days." in response.content.decode()
    assert not WorkoutSession.objects.exists()


def test_it_flags_effort_above_the_restrictions_cap_and_says_so_kindly(client, patient):
    RestrictionFactory(patient=patient, max_rpe=13, starts_on=TODAY - dt.timedelta(days=5))
    response = client.post(URL, walk(rpe="15"), follow=True)
    session = WorkoutSession.objects.get()
    flag = Flag.objects.get()
    assert (flag.kind, flag.session, flag.patient) == ("over_restriction", session, patient)
    html = response.content.decode()
    assert "A little above your limit" in html
    assert "keep your effort at or below 13" in html.lower()
    assert "Your physiotherapist will see this" in html


def test_it_does_not_flag_effort_at_the_cap(client, patient):
    RestrictionFactory(patient=patient, max_rpe=13, starts_on=TODAY - dt.timedelta(days=5))
    response = client.post(URL, walk(rpe="13"), follow=True)
    assert not Flag.objects.exists()
    assert "A little above your limit" not in response.content.decode()


def test_it_flags_a_heart_rate_above_the_cap(client, patient):
    RestrictionFactory(
        patient=patient, max_rpe=None, max_heart_rate=120, starts_on=TODAY - dt.timedelta(days=5)
    )
    client.post(URL, walk(avg_hr="110", max_hr="121"))
    assert Flag.objects.get().kind == "over_restriction"


def test_it_flags_a_flaring_old_injury_and_reassures_the_patient(client, patient):
    injury = PriorInjuryFactory(patient=patient, body_area="knee_left")
    html = client.get(URL).content.decode()
    assert "Is an old injury bothering you?" in html
    assert is_checked(html, "id_flare_injury_0")  # "No" by default

    response = client.post(URL, walk(flare_injury=str(injury.pk)), follow=True)

    session = WorkoutSession.objects.get()
    assert session.flare_injury == injury
    assert Flag.objects.get().kind == "injury_flare"
    html = response.content.decode()
    assert "Old injuries often flare up during treatment, and it is usually not the cancer." in html
    assert "Left knee" in html


@pytest.mark.parametrize("has_injury", [True, False], ids=["injury", "none"])
def test_it_asks_about_old_injuries_again_only_when_there_are_some(client, patient, has_injury):
    if has_injury:
        PriorInjuryFactory(patient=patient, body_area="knee_left")
    html = client.post(URL, walk(duration_pick="", duration_other="")).content.decode()
    assert "Enter how many minutes you trained" in html
    assert ("Is an old injury bothering you?" in html) is has_injury


def test_it_saves_a_workout_without_an_injury_answer_without_looking_for_injuries(client, patient):
    PriorInjuryFactory(patient=patient)
    with CaptureQueriesContext(connection) as queries:
        assert client.post(URL, walk()).status_code == 302
    assert WorkoutSession.objects.get().flare_injury is None
    assert not [q for q in queries.captured_queries if "patients_priorinjury" in q["sql"]]


def test_it_refuses_another_patients_injury(client, patient, patient_b):
    PriorInjuryFactory(patient=patient)
    theirs = PriorInjuryFactory(patient=patient_b)
    response = client.post(URL, walk(flare_injury=str(theirs.pk)))
    assert response.status_code == 200
    assert "Choose one of your registered old injuries." in response.content.decode()
    assert not WorkoutSession.objects.exists()
    assert not Flag.objects.exists()


def test_it_gives_a_fresh_form_id_when_the_hidden_one_is_lost(client):
    response = client.post(URL, walk(client_uuid="not-a-uuid"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Something went wrong. Please send the form again." in html
    assert re.search(r'name="client_uuid" value="[0-9a-f-]{36}"', html)
    assert not WorkoutSession.objects.exists()


def test_it_does_not_show_another_patients_session_for_a_reused_form_id(client, patient_b):
    theirs = WorkoutSessionFactory(patient=patient_b)
    response = client.post(URL, walk(client_uuid=str(theirs.client_uuid)))
    assert response.status_code == 200
    assert WorkoutSession.objects.count() == 1
    assert "Something went wrong" in response.content.decode()


def test_it_offers_a_fresh_form_id_after_a_clash_so_sending_again_saves(client, patient, patient_b):
    theirs = WorkoutSessionFactory(patient=patient_b)
    response = client.post(URL, walk(client_uuid=str(theirs.client_uuid), notes="Fin tur"))
    html = response.content.decode()
    offered = re.search(r'name="client_uuid" value="([0-9a-f-]{36})"', html).group(1)
    assert offered != str(theirs.client_uuid)
    assert "Fin tur" in html  # the answers are kept

    client.post(URL, walk(client_uuid=offered, notes="Fin tur"))
    assert WorkoutSession.objects.filter(patient=patient, notes="Fin tur").count() == 1


def test_it_does_not_show_another_patients_session(client, patient_b):
    theirs = WorkoutSessionFactory(patient=patient_b)
    response = client.get(reverse("sessions_log:workout_result", args=[theirs.pk]))
    assert response.status_code == 404


def test_saving_asks_the_database_nothing_twice_nor_what_it_checks_itself(client, patient):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    CheckInFactory(patient=patient)
    with CaptureQueriesContext(connection) as queries:
        assert client.post(URL, walk()).status_code == 302
    sql = [q["sql"] for q in queries.captured_queries]
    # The check constraints are enforced by the INSERT; the patient and the day's check-in
    # were just fetched, so no "does it exist" query for them either.
    assert not [s for s in sql if '"_check"' in s]
    assert not [s for s in sql if s.startswith('SELECT 1 AS "a" FROM "patients_patientprofile"')]
    # The form's id is looked up once (a resend), not again by the service.
    assert len([s for s in sql if s.startswith("SELECT") and '"client_uuid" =' in s]) == 1
    assert WorkoutSession.objects.filter(patient=patient).count() == 1


def test_the_service_refuses_an_average_above_the_highest_heart_rate(patient):
    from django.core.exceptions import ValidationError

    from sessions_log.checkins import services

    with pytest.raises(ValidationError) as refused:
        services.log_session(
            patient=patient,
            client_uuid=uuid.uuid4(),
            performed_on=TODAY,
            activity="walk",
            setting="self",
            duration_min=20,
            rpe=11,
            avg_hr=150,
            max_hr=140,
        )
    assert "avg_hr" in refused.value.message_dict
    assert not WorkoutSession.objects.exists()
