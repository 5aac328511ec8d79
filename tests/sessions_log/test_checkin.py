"""The daily check-in: one screen of chips, one row per patient and local day, the result."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from sessions_log.models import CheckIn, Flag, RecoveryReport
from tests.factories import CheckInFactory, RestrictionFactory, WorkoutSessionFactory

# Wednesday 25 November 2026, 10:00 in Oslo.
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 25)

# The last step's POST: "No, none of these" was the answer to the warning signs.
WELL = {
    "signs": "none",
    "sleep": "good",
    "energy": "7",
    "nausea": "none",
    "dizziness": "none",
    "pain": "0",
    "pain_area": "",
    "sore_from_last": "none",
}

URL = reverse("sessions_log:check_in")


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


def test_it_asks_the_warning_signs_first_as_one_question(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Do you have any of these today?" in html
    assert 'type="checkbox" name="warning_signs" value="fever_38"' in html
    assert 'name="signs" value="none"' in html and "No, none of these" in html
    # The other questions come in the next step; the port is asked only of those who have one.
    assert 'name="sleep"' not in html
    assert 'value="line_site"' not in html
    assert html.count('name="warning_signs"') == 11
    assert "novalidate" in html and "data-once" in html


def test_it_asks_about_the_port_only_when_the_patient_has_one(client, patient):
    patient.has_central_line = True
    patient.save(update_fields=["has_central_line"])
    html = client.get(URL).content.decode()
    assert 'type="checkbox" name="warning_signs" value="line_site"' in html
    assert html.count('name="warning_signs"') == 12


def test_it_goes_on_to_the_other_questions_after_none_of_these(client):
    response = client.post(URL, {"step": "signs", "signs": "none"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'type="radio" name="sleep" value="poor"' in html
    assert '<input type="hidden" name="signs" value="none"' in html
    assert "No, none of these." in html
    assert "There is a problem" not in html  # nothing else has been asked yet
    assert 'class="call' not in html
    assert not CheckIn.objects.exists()


def test_it_asks_again_when_next_is_pressed_with_nothing_ticked(client):
    response = client.post(URL, {"step": "signs", "signs": "some"})
    html = response.content.decode()
    assert "Tick what you have today, or choose “No, none of these”." in html
    assert 'name="sleep"' not in html.replace('type="hidden" name="sleep"', "")


def test_it_leads_with_the_call_as_soon_as_a_sign_needs_one(client, patient):
    patient.centre.ward_phone = "+4723000000"
    patient.centre.save()
    response = client.post(
        URL, {"step": "signs", "signs": "none", "warning_signs": ["fever_38", "fell"]}
    )
    html = response.content.decode()
    main = html.split('<main id="main"', 1)[1]
    # The ward's number comes before the heading and every question.
    assert main.index('href="tel:+4723000000"') < main.index("<h1") < main.index('name="sleep"')
    # A ticked box wins over "No, none of these": both signs travel on, listed.
    assert '<input type="hidden" name="signs" value="some"' in html
    assert html.count('<input type="hidden" name="warning_signs"') == 2
    assert "Fever of 38 °C or more" in html and "A fall or a near-fall" in html


def test_it_offers_the_same_as_yesterday_only_after_a_check_in_yesterday(client, patient):
    html = client.post(URL, {"step": "signs", "signs": "none"}).content.decode()
    assert "Same as yesterday" not in html
    CheckInFactory(patient=patient, date=TODAY - dt.timedelta(days=2))
    html = client.post(URL, {"step": "signs", "signs": "none"}).content.decode()
    assert "Same as yesterday" not in html


def test_it_fills_yesterdays_answers_but_never_its_warning_signs(client, patient):
    CheckInFactory(
        patient=patient,
        date=TODAY - dt.timedelta(days=1),
        sleep="ok",
        energy=6,
        nausea="mild",
        dizziness="none",
        pain=2,
        sore_from_last="some",
        fever_38=True,
        level="red",
    )
    html = client.post(URL, {"step": "signs", "signs": "none"}).content.decode()
    assert "Same as yesterday" in html
    assert not is_checked(html, "id_sleep_1")

    response = client.post(
        URL, {"step": "answers", "signs": "none", "action": "same", "sleep": "poor"}
    )
    html = response.content.decode()
    assert is_checked(html, "id_sleep_1")  # ok, as yesterday
    assert is_checked(html, "id_energy_6")
    assert is_checked(html, "id_nausea_1")
    assert is_checked(html, "id_pain_2")
    assert is_checked(html, "id_sore_from_last_1")
    assert "Filled in from yesterday." in html
    assert 'value="same"' not in html  # the note takes the button's place
    assert '<input type="hidden" name="warning_signs"' not in html  # no fever from yesterday
    assert '<input type="hidden" name="signs" value="none"' in html
    assert not CheckIn.objects.filter(date=TODAY).exists()

    client.post(URL, {**WELL, "sleep": "ok", "energy": "6", "nausea": "mild", "pain": "2"})
    today = CheckIn.objects.get(patient=patient, date=TODAY)
    assert (today.fever_38, today.level) == (False, "amber")


def test_it_goes_back_to_the_signs_keeping_every_answer(client):
    response = client.post(
        URL,
        {**WELL, "step": "answers", "action": "change", "warning_signs": ["bleeding"]},
    )
    html = response.content.decode()
    assert is_checked(html, "id_warning_signs_7")  # bleeding, still ticked
    assert '<input type="hidden" name="sleep" value="good"' in html
    assert '<input type="hidden" name="energy" value="7"' in html
    assert not CheckIn.objects.exists()


def test_it_asks_the_signs_again_when_their_answer_was_lost(client):
    data = {**WELL}
    del data["signs"]
    response = client.post(URL, data)
    html = response.content.decode()
    assert "Tick what you have today, or choose “No, none of these”." in html
    assert '<input type="hidden" name="sleep" value="good"' in html
    assert not CheckIn.objects.exists()


def test_it_saves_the_check_in_and_shows_amber_with_the_reasons(client, patient):
    response = client.post(URL, {**WELL, "sleep": "poor", "nausea": "mild"}, follow=True)

    check_in = CheckIn.objects.get(patient=patient)
    assert check_in.date == TODAY
    assert check_in.level == "amber"
    assert check_in.reasons == ["nausea_mild", "sleep_poor"]
    assert response.redirect_chain == [
        (reverse("sessions_log:check_in_result", args=[check_in.pk]), 302)
    ]
    html = response.content.decode()
    assert "Take it easy today" in html
    assert "You slept poorly last night." in html
    assert "You feel a little sick." in html
    assert "4 x 5 minutes at an easy pace (Borg 9-11)" in html
    assert not Flag.objects.exists()


def test_it_updates_todays_check_in_instead_of_adding_one(client, patient):
    client.post(URL, {**WELL, "sleep": "poor"})
    client.post(URL, WELL)
    check_in = CheckIn.objects.get(patient=patient)
    assert check_in.level == "green"
    assert check_in.reasons == []
    assert check_in.sleep == "good"


def test_it_fills_the_form_with_todays_answers_when_changing_them(client, patient):
    CheckInFactory(patient=patient, sleep="poor", energy=4, fever_38=True, level="red")
    html = client.get(URL).content.decode()
    assert "You have checked in today" in html
    assert is_checked(html, "id_warning_signs_5")  # fever
    assert '<input type="hidden" name="sleep" value="poor"' in html
    html = client.post(
        URL,
        {
            "step": "signs",
            "signs": "some",
            "warning_signs": ["fever_38"],
            "sleep": "poor",
            "energy": "4",
        },
    ).content.decode()
    assert is_checked(html, "id_sleep_2")  # poor
    assert is_checked(html, "id_energy_4")
    assert not is_checked(html, "id_sleep_0")


def test_it_flags_a_red_check_in_once_for_the_physiotherapist(client, patient):
    red = {**WELL, "signs": "some", "warning_signs": ["fever_38"]}
    response = client.post(URL, red, follow=True)
    client.post(URL, red)

    check_in = CheckIn.objects.get(patient=patient)
    assert check_in.level == "red"
    flag = Flag.objects.get()
    assert (flag.kind, flag.check_in, flag.patient) == ("red_checkin", check_in, patient)
    html = response.content.decode()
    assert "Rest today" in html
    # A fever during treatment is a call to the oncology ward's 24-hour phone, now.
    assert "24-hour phone now." in html
    assert "Log a workout</a>" not in html.split('class="stack"')[1]


def test_it_keeps_the_answers_and_explains_what_is_missing(client, patient):
    response = client.post(URL, {**WELL, "sleep": "", "energy": "3"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Choose how you slept." in html
    assert is_checked(html, "id_energy_3")
    assert not CheckIn.objects.exists()


def test_it_refuses_a_value_outside_the_scale_without_storing_anything(client):
    response = client.post(URL, {**WELL, "energy": "11", "pain": "-1"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_it_uses_the_patients_local_day(client, patient):
    # 23:30 UTC on the 25th is already 00:30 on the 26th in Oslo.
    with time_machine.travel(dt.datetime(2026, 11, 25, 23, 30, tzinfo=dt.UTC), tick=False):
        client.post(URL, WELL)
    assert CheckIn.objects.get(patient=patient).date == dt.date(2026, 11, 26)


def test_it_records_the_last_activity_for_the_clinic_lists(client, patient):
    client.post(URL, WELL)
    patient.refresh_from_db()
    assert patient.last_activity_at == NOW


def test_it_takes_a_recent_slow_recovery_into_account(client, patient):
    session = WorkoutSessionFactory(patient=patient, performed_on=TODAY - dt.timedelta(days=2))
    Flag.objects.create(
        patient=patient,
        session=session,
        kind="slow_recovery",
        created_at=NOW - dt.timedelta(days=2),
    )
    response = client.post(URL, WELL, follow=True)
    check_in = CheckIn.objects.get(patient=patient)
    assert check_in.level == "amber"
    assert check_in.reasons == ["recent_slow_recovery"]
    assert "shorter and lighter than last time" in response.content.decode()


def test_it_forgets_a_slow_recovery_after_three_days(client, patient):
    session = WorkoutSessionFactory(patient=patient, performed_on=TODAY - dt.timedelta(days=5))
    Flag.objects.create(
        patient=patient, session=session, kind="too_hard", created_at=NOW - dt.timedelta(days=4)
    )
    client.post(URL, WELL)
    assert CheckIn.objects.get(patient=patient).level == "green"


def test_it_steps_down_while_the_patient_still_says_not_recovered(client, patient):
    # The flag is raised once, on the first "not yet"; the patient said "no" again yesterday.
    session = WorkoutSessionFactory(patient=patient, performed_on=TODAY - dt.timedelta(days=5))
    Flag.objects.create(
        patient=patient,
        session=session,
        kind="slow_recovery",
        created_at=NOW - dt.timedelta(days=4),
    )
    RecoveryReport.objects.create(
        session=session,
        asked_for=TODAY - dt.timedelta(days=1),
        answered_at=NOW - dt.timedelta(days=1),
        recovered="no",
        managed_chores=False,
        soreness="some",
    )
    client.post(URL, WELL)
    check_in = CheckIn.objects.get(patient=patient)
    assert check_in.level == "amber"
    assert check_in.reasons == ["recent_slow_recovery", "recent_too_hard"]


def test_it_does_not_step_down_after_an_answer_of_recovered(client, patient):
    session = WorkoutSessionFactory(patient=patient, performed_on=TODAY - dt.timedelta(days=1))
    RecoveryReport.objects.create(
        session=session,
        asked_for=TODAY,
        answered_at=NOW,
        recovered="yes",
        managed_chores=True,
        soreness="some",
    )
    client.post(URL, WELL)
    assert CheckIn.objects.get(patient=patient).level == "green"


def test_it_shows_an_active_restrictions_cap_in_the_advice(client, patient):
    RestrictionFactory(patient=patient, max_rpe=13, starts_on=TODAY - dt.timedelta(days=3))
    response = client.post(URL, WELL, follow=True)
    assert "Keep your effort at or below 13 on the Borg scale." in response.content.decode()


def test_it_leaves_out_a_restriction_that_has_ended(client, patient):
    RestrictionFactory(
        patient=patient,
        max_rpe=13,
        starts_on=TODAY - dt.timedelta(days=30),
        ends_on=TODAY - dt.timedelta(days=1),
    )
    response = client.post(URL, WELL, follow=True)
    assert "at or below 13" not in response.content.decode()


def test_it_drops_the_pain_area_when_there_is_no_pain(client, patient):
    client.post(URL, {**WELL, "pain": "0", "pain_area": "knee_left"})
    assert CheckIn.objects.get(patient=patient).pain_area == ""
    client.post(URL, {**WELL, "pain": "5", "pain_area": "knee_left"})
    check_in = CheckIn.objects.get(patient=patient)
    assert (check_in.pain_area, check_in.level) == ("knee_left", "amber")


def test_it_leaves_out_where_it_hurts_when_the_signs_ask_for_a_call(client, patient):
    answers = client.post(URL, {"step": "signs", "warning_signs": ["fell", "fever_38"]})
    assert 'name="pain_area"' not in answers.content.decode()
    assert 'name="pain"' in answers.content.decode()
    # An area sent anyway (an old page) is not stored: the call is the advice.
    some = {**WELL, "signs": "some", "warning_signs": ["fell", "fever_38"], "pain": "5"}
    client.post(URL, {**some, "pain_area": "knee_left"})
    check_in = CheckIn.objects.get(patient=patient)
    assert (check_in.pain, check_in.pain_area, check_in.urgency) == (5, "", "call_now")
    # A sign without a call (a fall) still asks it, and keeps it.
    answers = client.post(URL, {"step": "signs", "warning_signs": ["fell"]})
    assert answers.content.decode().count('name="pain_area"') == 21
    client.post(URL, {**some, "warning_signs": ["fell"], "pain_area": "knee_left"})
    check_in.refresh_from_db()
    assert (check_in.pain_area, check_in.level, check_in.urgency) == ("knee_left", "amber", "none")


def test_it_shows_the_result_in_the_patients_language(client, patient):
    check_in = CheckInFactory(patient=patient, sleep="poor", level="amber", reasons=["sleep_poor"])
    url = reverse("sessions_log:check_in_result", args=[check_in.pk])
    assert "You slept poorly last night." in client.get(url).content.decode()
    patient.user.language = "nb"
    patient.user.save(update_fields=["language"])
    html = client.get(url).content.decode()
    assert "Ta det med ro i dag" in html
    assert "You slept poorly last night." not in html


def test_it_does_not_show_another_patients_check_in(client, patient_b):
    other = CheckInFactory(patient=patient_b)
    response = client.get(reverse("sessions_log:check_in_result", args=[other.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("sign", "number"),
    [("fever_38", "+4723000000"), ("chest_symptoms", "113"), (None, "+4722000000")],
)
def test_it_leads_the_result_with_the_call_above_everything(client, patient, sign, number):
    patient.centre.phone, patient.centre.ward_phone = "+4722000000", "+4723000000"
    patient.centre.save()
    answers = {**WELL, "signs": "some", "warning_signs": [sign]} if sign else {**WELL, "pain": "8"}
    response = client.post(URL, answers, follow=True)
    main = response.content.decode().split('<main id="main"', 1)[1]
    first_call = main.index('href="tel:')
    assert main[first_call:].startswith(f'href="tel:{number}"')
    assert first_call < main.index("<h1>")
    # Nothing reassuring under red.
    assert "Activity is safe and helps" not in main


def test_it_reassures_and_calls_nobody_on_a_green_day(client):
    response = client.post(URL, WELL, follow=True)
    main = response.content.decode().split('<main id="main"', 1)[1].split("<footer", 1)[0]
    assert 'href="tel:' not in main
    assert "Activity is safe and helps" in main


def test_it_keeps_every_warning_sign_of_the_model_in_the_answer_list():
    from django.db import models

    from sessions_log import guidance

    assert tuple(code for code, _label in guidance.WARNING_SIGNS) == CheckIn.WARNING_SIGNS
    for name in CheckIn.ANSWER_FIELDS:
        CheckIn._meta.get_field(name)  # every answer is a field
    for code in CheckIn.WARNING_SIGNS:
        field = CheckIn._meta.get_field(code)
        assert isinstance(field, models.BooleanField) and field.default is False, code
    assert set(CheckIn.WARNING_SIGNS) < set(CheckIn.ANSWER_FIELDS)


def test_it_reads_todays_and_yesterdays_check_in_in_one_query(client, patient):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    CheckInFactory(patient=patient, date=TODAY - dt.timedelta(days=1))
    CheckInFactory(patient=patient, date=TODAY, sleep="poor")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.context["existing"].sleep == "poor"
    assert response.context["yesterday"].date == TODAY - dt.timedelta(days=1)
    reads = [q for q in queries.captured_queries if 'FROM "sessions_log_checkin"' in q["sql"]]
    assert len(reads) == 1


def test_it_offers_every_body_area_once_as_a_place_for_the_pain(patient):
    from patients.body_areas import REGIONS
    from patients.models import BodyArea
    from sessions_log.checkins.forms import CheckInForm

    in_regions = [area for _region, areas in REGIONS for area in areas]
    assert sorted(in_regions) == sorted(BodyArea.values)  # every area in exactly one region
    values = [value for value, _label in CheckInForm(patient=patient).fields["pain_area"].choices]
    assert values == ["", *in_regions]  # "nowhere in particular" first, then by region
    regions = CheckInForm(patient=patient).pain_area_regions()
    assert [len(chips) for _region, chips in regions] == [6, 4, 8, 3]
    assert [chip.data["value"] for chip in regions[-1][1]] == ["whole_body", "other", ""]


def area_chips(html: str) -> str:
    """The "Where does it hurt most?" fieldset of the answers step (the soreness follows)."""
    start = html.index('class="field field--choices checkin__areas')
    return html[start : html.index('name="sore_from_last"', start)]


def test_it_shows_where_it_hurts_as_chips_by_region_without_javascript(client):
    html = client.post(URL, {"step": "signs", "signs": "none"}).content.decode()
    assert "<select" not in html.split("<footer", 1)[0]  # chips, not a list to open
    chips = area_chips(html)
    # One question with a legend, one fieldset per region, each area a radio in a chip.
    assert '<legend class="field__label">Where does it hurt most?' in chips
    legends = re.findall(r'<legend class="visually-hidden">([^<]*)</legend>', chips)
    assert legends == [
        "Neck and trunk",
        "Arms and shoulders",
        "Hips and legs",
        "Whole body and other",
    ]
    assert (
        len(
            re.findall(
                r'<label class="chip[^"]*" for="id_pain_area_\d+"><input type="radio" name="pain_area"',
                chips,
            )
        )
        == 21
    )
    for label in (
        "Left knee",
        "Right knee",
        "Left shoulder",
        "Upper back",
        "Nowhere in particular",
    ):
        assert f'<span class="chip__text">{label}</span>' in chips
    assert is_checked(html, "id_pain_area_0")  # nowhere in particular, until another is chosen
    # Shown by the server; only the script hides it while the pain is 0.
    assert 'data-show-when="pain" data-show-from="1"' in chips
    assert " hidden" not in chips.split(">", 1)[0]


def test_it_keeps_the_area_chosen_when_the_answers_come_back(client):
    response = client.post(
        URL, {**WELL, "step": "answers", "pain": "4", "pain_area": "knee_right", "sleep": ""}
    )
    html = response.content.decode()
    assert "Choose how you slept." in html
    assert is_checked(html, "id_pain_area_16")  # knee_right, kept with the error
    assert not is_checked(html, "id_pain_area_0")


def test_it_refuses_an_area_that_is_not_on_the_list(client, patient):
    response = client.post(URL, {**WELL, "pain": "4", "pain_area": "elbow_left"})
    assert response.status_code == 200
    assert not CheckIn.objects.filter(patient=patient).exists()


def test_it_speaks_bokmal_on_the_area_chips(client, patient):
    patient.user.language = "nb"
    patient.user.save(update_fields=["language"])
    html = client.post(URL, {"step": "signs", "signs": "none"}).content.decode()
    chips = area_chips(html)
    assert "Hvor gjør det mest vondt?" in chips
    for words in ("Nakke og kropp", "Armer og skuldre", "Hofter og bein", "Hele kroppen og annet"):
        assert words in chips
    for label in ("Venstre kne", "Høyre skulder", "Øvre rygg", "Ikke noe bestemt sted"):
        assert f'<span class="chip__text">{label}</span>' in chips
