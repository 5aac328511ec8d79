"""The patient's recovery pages: the question, the reply, the home-page block, the note."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from sessions_log.models import Flag, RecoveryReport
from tests import factories

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
SESSION_START = dt.datetime(2026, 3, 2, 17, 0, tzinfo=OSLO)  # a Monday
NEXT_DAY = dt.datetime(2026, 3, 3, 14, 0, tzinfo=OSLO)
ANSWER = {"recovered": "no", "managed_chores": "no", "soreness": "some", "note": "Tung i beina"}


@pytest.fixture
def english(patient_a, patient_b):
    for profile in (patient_a, patient_b):
        profile.user.language = "en"
        profile.user.save(update_fields=["language"])


@pytest.fixture
def session(patient_a):
    return factories.WorkoutSessionFactory(
        patient=patient_a,
        started_at=SESSION_START,
        performed_on=SESSION_START.date(),
        duration_min=30,
        activity="cycle",
    )


@pytest.fixture
def frozen():
    with time_machine.travel(NEXT_DAY, tick=False):
        yield


def url(name, pk):
    return reverse(f"sessions_log:{name}", args=[pk])


def test_it_asks_the_three_questions_on_one_screen(english, frozen, session, client_for, patient_a):
    response = client_for(patient_a).get(url("recovery_answer", session.pk))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Have you recovered from yesterday&#x27;s session?" in body
    assert "Could you manage your daily chores afterwards?" in body
    assert "Sore muscles?" in body
    assert body.count('type="radio"') == 3 + 2 + 3
    assert "data-once" in body and "novalidate" in body


def test_it_names_the_day_when_the_session_was_not_yesterday(
    english, session, client_for, patient_a
):
    with time_machine.travel(NEXT_DAY + dt.timedelta(days=1), tick=False):
        response = client_for(patient_a).get(url("recovery_answer", session.pk))

    assert "Have you recovered from the session on Monday March 2?" in response.content.decode()


def test_it_saves_the_answer_raises_flags_and_shows_kind_words(
    english, frozen, session, client_for, patient_a
):
    client = client_for(patient_a)
    response = client.post(url("recovery_answer", session.pk), ANSWER)

    assert response.status_code == 302
    assert response["Location"] == url("recovery_reply", session.pk)
    report = RecoveryReport.objects.get(session=session)
    assert (report.recovered, report.managed_chores, report.soreness, report.note) == (
        "no",
        False,
        "some",
        "Tung i beina",
    )
    assert sorted(Flag.objects.filter(session=session).values_list("kind", flat=True)) == [
        "slow_recovery",
        "too_hard",
    ]
    body = client.get(response["Location"]).content.decode()
    assert "the next sessions should be lighter or shorter" in body
    assert "Sore muscles for a couple of days after training are normal" in body
    assert "Your physiotherapist will see your answer" in body


def test_it_says_well_done_when_recovered(english, frozen, session, client_for, patient_a):
    client = client_for(patient_a)
    recovered = {**ANSWER, "recovered": "yes", "managed_chores": "yes", "soreness": "none"}
    client.post(url("recovery_answer", session.pk), recovered)

    body = client.get(url("recovery_reply", session.pk)).content.decode()
    assert "Good to hear you have recovered" in body
    assert "lighter or shorter" not in body


def test_it_keeps_the_values_and_explains_what_is_missing(
    english, frozen, session, client_for, patient_a
):
    response = client_for(patient_a).post(
        url("recovery_answer", session.pk), {"recovered": "partly", "note": "Sliten"}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Choose whether you could manage your daily chores." in body
    assert "Choose how sore your muscles are." in body
    assert 'value="partly" id="id_recovered_1" required checked' in body
    assert body.count(" checked") == 1
    assert "Sliten" in body
    assert not RecoveryReport.objects.exists()
    assert not Flag.objects.exists()


def test_it_refuses_an_unknown_choice_without_saving(
    english, frozen, session, client_for, patient_a
):
    response = client_for(patient_a).post(
        url("recovery_answer", session.pk), {**ANSWER, "recovered": "maybe"}
    )

    assert response.status_code == 200
    assert "field--error" in response.content.decode()
    assert not RecoveryReport.objects.exists()


def test_it_stores_one_answer_for_a_double_submit(frozen, session, client_for, patient_a):
    client = client_for(patient_a)
    first = client.post(url("recovery_answer", session.pk), ANSWER)
    second = client.post(url("recovery_answer", session.pk), {**ANSWER, "recovered": "yes"})

    assert first["Location"] == second["Location"] == url("recovery_reply", session.pk)
    assert RecoveryReport.objects.filter(session=session).count() == 1
    assert RecoveryReport.objects.get(session=session).recovered == "no"
    assert Flag.objects.filter(session=session, kind="slow_recovery").count() == 1


def test_it_refuses_another_patients_session_and_stores_nothing(
    frozen, session, client_for, patient_b
):
    client = client_for(patient_b)

    assert client.get(url("recovery_answer", session.pk)).status_code == 404
    assert client.post(url("recovery_answer", session.pk), ANSWER).status_code == 404
    assert not RecoveryReport.objects.exists()
    assert not Flag.objects.exists()


def test_it_sends_the_patient_home_when_nothing_is_asked_yet(session, client_for, patient_a):
    with time_machine.travel(SESSION_START + dt.timedelta(hours=2), tick=False):
        response = client_for(patient_a).post(url("recovery_answer", session.pk), ANSWER)

    assert response["Location"] == reverse("sessions_log:home")
    assert not RecoveryReport.objects.exists()


def test_it_shows_the_open_question_on_the_home_page(
    english, frozen, session, client_for, patient_a
):
    body = client_for(patient_a).get(reverse("sessions_log:home")).content.decode()

    assert "How are you after the session?" in body
    assert url("recovery_answer", session.pk) in body


def test_it_shows_the_physios_note_until_the_patient_dismisses_it(
    english, frozen, session, client_for, patient_a, patient_b, physio_a
):
    flag = Flag.objects.create(
        patient=patient_a,
        session=session,
        kind="slow_recovery",
        acknowledged_at=NEXT_DAY,
        acknowledged_by=physio_a,
        physio_note="Fint at du sa fra. Gå kortere turer denne uka.",
    )
    client = client_for(patient_a)
    body = client.get(reverse("sessions_log:home")).content.decode()
    assert "A note from your physiotherapist" in body
    assert "Gå kortere turer denne uka." in body

    # Someone else cannot dismiss it.
    assert client_for(patient_b).post(url("note_seen", flag.pk)).status_code == 404
    flag.refresh_from_db()
    assert flag.note_seen_at is None

    response = client.post(url("note_seen", flag.pk))

    assert response["Location"] == reverse("sessions_log:home")
    flag.refresh_from_db()
    assert flag.note_seen_at == NEXT_DAY
    assert "Gå kortere turer" not in client.get(reverse("sessions_log:home")).content.decode()
