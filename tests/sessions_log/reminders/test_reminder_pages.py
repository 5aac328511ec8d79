"""The patient's reminder settings, one-click unsubscribe, and last week's summary page."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from patients.models import PatientProfile
from sessions_log import activity
from sessions_log.reminders.rendering import unsubscribe_token
from tests import factories

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
SETTINGS_URL = reverse("sessions_log:reminder_settings")

VALID = {
    "remind_checkin": "on",
    "reminder_time": "18:30",
    "reminder_days": ["1", "3", "5"],
    "remind_recovery": "on",
    "remind_weekly": "on",
    "email_opt_in": "on",
}


def test_it_shows_the_patients_settings(patient_a, client_for):
    response = client_for(patient_a).get(SETTINGS_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="09:00"' in page
    assert page.count('name="reminder_days"') == 7
    assert "novalidate" in page and "data-once" in page


def test_it_saves_the_settings(patient_a, client_for):
    response = client_for(patient_a).post(SETTINGS_URL, VALID)
    assert response.status_code == 302
    assert response["Location"] == SETTINGS_URL
    patient_a.refresh_from_db()
    assert patient_a.reminder_time == dt.time(18, 30)
    assert patient_a.reminder_days == "135"
    assert (patient_a.remind_checkin, patient_a.remind_recovery) == (True, True)
    assert (patient_a.remind_inactivity, patient_a.remind_weekly) == (False, True)
    assert (patient_a.email_opt_in, patient_a.sms_opt_in) == (True, False)
    assert patient_a.reminders_enabled is True


def test_it_pauses_all_reminders_and_keeps_the_choices(patient_a, client_for):
    client_for(patient_a).post(SETTINGS_URL, {**VALID, "paused": "on"})
    patient_a.refresh_from_db()
    assert patient_a.reminders_enabled is False
    assert patient_a.remind_checkin is True
    page = client_for(patient_a).get(SETTINGS_URL).content.decode()
    assert 'id="id_paused" checked' in page


def test_it_saves_only_the_signed_in_patients_settings(patient_a, patient_b, client_for):
    client_for(patient_a).post(SETTINGS_URL, {**VALID, "paused": "on"})
    patient_b.refresh_from_db()
    assert patient_b.reminders_enabled is True


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"reminder_time": "22:00"}, "reminder_time", "Choose a time between 08:00 and 21:00"),
        ({"reminder_time": "06:30"}, "reminder_time", "Choose a time between 08:00 and 21:00"),
        ({"reminder_time": "half past"}, "reminder_time", "Enter a time, for example 09:00."),
        ({"reminder_days": []}, "reminder_days", "Choose at least one day"),
        ({"sms_opt_in": "on"}, "sms_opt_in", "We have no mobile number for you."),
    ],
)
def test_it_gives_the_form_back_with_an_error_at_the_field(
    patient_a, client_for, change, field, message
):
    patient_a.user.language = "en"
    patient_a.user.save()
    before = PatientProfile.objects.filter(pk=patient_a.pk).values().get()
    response = client_for(patient_a).post(SETTINGS_URL, {**VALID, **change})
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    page = response.content.decode()
    assert f'id="id_{field}' in page and message in page
    assert "error-summary" in page
    assert 'id="id_reminder_days_0" checked' in page or field == "reminder_days"
    assert PatientProfile.objects.filter(pk=patient_a.pk).values().get() == before


def test_it_accepts_sms_when_the_centre_has_the_number(patient_a, client_for):
    patient_a.phone = "+4791234567"
    patient_a.save()
    client_for(patient_a).post(SETTINGS_URL, {**VALID, "sms_opt_in": "on"})
    patient_a.refresh_from_db()
    assert patient_a.sms_opt_in is True


# Unsubscribe ----------------------------------------------------------------------------------


def unsubscribe_url(patient, kind="checkin"):
    token = unsubscribe_token(patient_id=patient.pk, kind=kind)
    return reverse("sessions_log:reminder_unsubscribe", kwargs={"token": token})


def test_it_asks_before_unsubscribing_because_scanners_follow_links(patient_a):
    response = Client().get(unsubscribe_url(patient_a))
    assert response.status_code == 200
    assert response.context["subscribed"] is True
    assert b'<form class="form" method="post"' in response.content
    patient_a.refresh_from_db()
    assert patient_a.remind_checkin is True


def test_it_unsubscribes_one_kind_without_login(patient_a, patient_b):
    url = unsubscribe_url(patient_a, "weekly")
    response = Client(enforce_csrf_checks=True).post(url)
    assert response.status_code == 302
    patient_a.refresh_from_db()
    assert patient_a.remind_weekly is False
    assert (patient_a.remind_checkin, patient_a.reminders_enabled) == (True, True)
    patient_b.refresh_from_db()
    assert patient_b.remind_weekly is True
    follow = Client().get(response["Location"])
    assert follow.context["subscribed"] is False


def test_it_takes_the_mail_clients_one_click_post(patient_a):
    response = Client(enforce_csrf_checks=True).post(
        unsubscribe_url(patient_a, "recovery"), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 302
    patient_a.refresh_from_db()
    assert patient_a.remind_recovery is False


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        unsubscribe_token(patient_id=1, kind="checkin")[:-2] + "xx",
        unsubscribe_token(patient_id=1, kind="everything"),
    ],
)
def test_it_refuses_a_token_it_did_not_make(db, token):
    url = reverse("sessions_log:reminder_unsubscribe", kwargs={"token": token})
    assert Client().get(url).status_code == 404
    assert Client().post(url).status_code == 404


# Weekly summary -------------------------------------------------------------------------------


def test_it_shows_last_weeks_minutes_strength_and_balance_days(patient_a, client_for):
    patient_a.user.language = "en"
    patient_a.user.save()
    patient_a.birth_date = dt.date(1950, 1, 1)  # 65+: balance counts
    patient_a.save()

    def session(day, **fields):
        start = dt.datetime.combine(day, dt.time(10), tzinfo=OSLO)
        factories.WorkoutSessionFactory(
            patient=patient_a, performed_on=day, started_at=start, **fields
        )

    # Last week is Monday 16 to Sunday 22 November 2026.
    session(dt.date(2026, 11, 16), duration_min=40, rpe=13)
    session(dt.date(2026, 11, 18), duration_min=20, rpe=15, activity="strength")
    session(dt.date(2026, 11, 22), duration_min=15, rpe=10, activity="balance")
    session(dt.date(2026, 11, 23), duration_min=90, rpe=13)  # this week: not counted
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, tzinfo=OSLO), tick=False):
        response = client_for(patient_a).get(reverse("sessions_log:weekly_summary"))
    assert response.status_code == 200
    progress = response.context["progress"]
    assert progress.week_start == dt.date(2026, 11, 16)
    assert (progress.guideline_minutes, progress.strength_days, progress.balance_days) == (
        80,
        1,
        1,
    )
    page = response.content.decode()
    assert "80 of 150 minutes" in page
    assert "1 of 2 days" in page
    # The threshold for "counts double" comes from the one home of the weekly dose.
    assert f"effort {activity.VIGOROUS.lowest_rpe} or more" in page
    assert response["Cache-Control"] == "no-store"


def test_it_saves_the_check_in_reminder_off_with_no_days_chosen(patient_a, client_for):
    settings = {key: value for key, value in VALID.items() if key != "remind_checkin"}
    settings["reminder_days"] = []
    response = client_for(patient_a).post(SETTINGS_URL, settings)
    assert response.status_code == 302
    patient_a.refresh_from_db()
    assert patient_a.remind_checkin is False
    assert patient_a.reminders_enabled is True
    assert patient_a.reminder_days == "1234567"  # kept for when it is turned on again
