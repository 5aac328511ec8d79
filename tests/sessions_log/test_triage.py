"""The physiotherapist's triage queue, history, inactive list and acknowledging a flag."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from patients.models import PatientProfile
from pusterom.models import AuditEvent
from sessions_log.models import CheckIn, Flag, RecoveryReport, WorkoutSession
from sessions_log.triage.selectors import SEVERITY
from tests import factories

NOW = dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.UTC)
TRIAGE = reverse("sessions_log:triage")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def english(physio_a, physio_b):
    for user in (physio_a, physio_b):
        user.language = "en"
        user.save(update_fields=["language"])


def make_flag(patient, kind, *, hours_ago=1, **extra):
    session = factories.WorkoutSessionFactory(
        patient=patient,
        started_at=NOW - dt.timedelta(days=2),
        performed_on=(NOW - dt.timedelta(days=2)).date(),
    )
    return Flag.objects.create(
        patient=patient,
        session=session,
        kind=kind,
        created_at=NOW - dt.timedelta(hours=hours_ago),
        **extra,
    )


def row_ids(response) -> list[int]:
    return [
        int(pk) for pk in re.findall(r"/physio/flags/(\d+)/acknowledge/", response.content.decode())
    ]


def test_it_lists_the_most_serious_first_then_the_oldest(cast, client_for):
    slow_old = make_flag(cast.patient_a, "slow_recovery", hours_ago=50)
    slow_new = make_flag(cast.patient_b, "slow_recovery", hours_ago=2)
    too_hard = make_flag(cast.patient_b, "too_hard", hours_ago=1)
    check_in = factories.CheckInFactory(patient=cast.patient_a, level="red")
    red = Flag.objects.create(
        patient=cast.patient_a, check_in=check_in, kind="red_checkin", created_at=NOW
    )
    soreness = make_flag(cast.patient_a, "prolonged_soreness", hours_ago=90)

    response = client_for(cast.physio_a).get(TRIAGE)

    assert row_ids(response) == [red.pk, too_hard.pk, slow_old.pk, slow_new.pk, soreness.pk]
    assert SEVERITY.index("red_checkin") < SEVERITY.index("slow_recovery")


def test_it_shows_only_open_flags_of_the_physios_own_centre(cast, client_for):
    mine = make_flag(cast.patient_a, "too_hard")
    make_flag(cast.patient_b, "slow_recovery", acknowledged_at=NOW)
    other_centre = factories.PatientProfileFactory(centre=cast.centre_b)
    theirs = make_flag(other_centre, "too_hard")

    assert row_ids(client_for(cast.physio_a).get(TRIAGE)) == [mine.pk]
    assert row_ids(client_for(cast.physio_b).get(TRIAGE)) == [theirs.pk]


def test_it_shows_patient_flag_session_and_how_long_it_has_been_open(english, cast, client_for):
    make_flag(cast.patient_a, "too_hard", hours_ago=26)

    body = client_for(cast.physio_a).get(TRIAGE).content.decode()

    assert cast.patient_a.user.get_full_name() in body
    assert "Too hard: daily chores not managed" in body
    assert "Walk, 20 min, Borg 12" in body
    assert "1\xa0day, 2\xa0hours" in body


def test_it_filters_by_kind_and_by_assigned_physio(cast, client_for):
    colleague = factories.PhysioFactory(centre=cast.centre_a)
    theirs = factories.PatientProfileFactory(centre=cast.centre_a, assigned_physio=colleague)
    nobodys = factories.PatientProfileFactory(centre=cast.centre_a, assigned_physio=None)
    a_slow = make_flag(cast.patient_a, "slow_recovery")
    a_hard = make_flag(cast.patient_a, "too_hard")
    their_slow = make_flag(theirs, "slow_recovery")
    nobodys_slow = make_flag(nobodys, "slow_recovery")
    client = client_for(cast.physio_a)

    assert row_ids(client.get(TRIAGE, {"kind": "slow_recovery"})) == [
        a_slow.pk,
        their_slow.pk,
        nobodys_slow.pk,
    ]
    assert row_ids(client.get(TRIAGE, {"physio": colleague.pk})) == [their_slow.pk]
    assert row_ids(client.get(TRIAGE, {"physio": cast.physio_a.pk})) == [a_hard.pk, a_slow.pk]
    assert row_ids(client.get(TRIAGE, {"physio": "none"})) == [nobodys_slow.pk]
    # A filter value that is not on the list shows everything rather than failing.
    assert len(row_ids(client.get(TRIAGE, {"kind": "nonsense", "physio": "x"}))) == 4


def test_it_acknowledges_with_a_note_and_moves_the_flag_to_the_history(english, cast, client_for):
    flag = make_flag(cast.patient_a, "slow_recovery")
    client = client_for(cast.physio_a)
    ack = reverse("sessions_log:flag_acknowledge", args=[flag.pk])

    assert "Note to the patient" in client.get(ack).content.decode()
    response = client.post(ack, {"note": "  Ta kortere økter denne uka.  "})

    assert response.status_code == 302 and response["Location"] == TRIAGE
    flag.refresh_from_db()
    assert flag.acknowledged_by == cast.physio_a
    assert flag.acknowledged_at == NOW
    assert flag.physio_note == "Ta kortere økter denne uka."
    assert row_ids(client.get(TRIAGE)) == []
    history = client.get(reverse("sessions_log:triage_history")).content.decode()
    assert "Ta kortere økter denne uka." in history
    assert "Not recovered after a day" in history


def test_it_goes_back_to_the_patient_page_when_acknowledged_there(cast, client_for):
    flag = make_flag(cast.patient_a, "slow_recovery")
    ack = reverse("sessions_log:flag_acknowledge", args=[flag.pk])

    response = client_for(cast.physio_a).post(ack, {"note": "", "back": "patient"})

    assert response["Location"] == reverse("sessions_log:patient_page", args=[cast.patient_a.pk])


def test_it_keeps_the_first_acknowledgement_on_a_second_submit(cast, client_for):
    flag = make_flag(cast.patient_a, "too_hard")
    colleague = factories.PhysioFactory(centre=cast.centre_a)
    ack = reverse("sessions_log:flag_acknowledge", args=[flag.pk])

    client_for(cast.physio_a).post(ack, {"note": "Første"})
    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        client_for(colleague).post(ack, {"note": "Andre"})

    flag.refresh_from_db()
    assert (flag.acknowledged_by, flag.physio_note, flag.acknowledged_at) == (
        cast.physio_a,
        "Første",
        NOW,
    )


def test_it_refuses_a_note_that_is_too_long_and_keeps_it(english, cast, client_for):
    flag = make_flag(cast.patient_a, "too_hard")
    ack = reverse("sessions_log:flag_acknowledge", args=[flag.pk])

    response = client_for(cast.physio_a).post(ack, {"note": "x" * 1001})

    assert response.status_code == 200
    assert "field--error" in response.content.decode()
    assert "x" * 1001 in response.content.decode()
    flag.refresh_from_db()
    assert flag.acknowledged_at is None and flag.physio_note == ""


def test_it_refuses_to_acknowledge_another_centres_flag(cast, client_for):
    flag = make_flag(cast.patient_a, "too_hard")
    ack = reverse("sessions_log:flag_acknowledge", args=[flag.pk])

    assert client_for(cast.physio_b).post(ack, {"note": "Hei"}).status_code == 404
    assert client_for(cast.staff_a).post(ack, {"note": "Hei"}).status_code == 404
    assert client_for(cast.patient_a).post(ack, {"note": "Hei"}).status_code == 404

    flag.refresh_from_db()
    assert flag.acknowledged_at is None and flag.physio_note == ""


def test_it_lists_patients_quiet_for_7_days_or_more(cast, client_for):
    quiet = cast.patient_a
    active = cast.patient_b
    never = factories.PatientProfileFactory(centre=cast.centre_a)
    new = factories.PatientProfileFactory(centre=cast.centre_a)
    PatientProfile.objects.filter(pk=quiet.pk).update(
        last_activity_at=NOW - dt.timedelta(days=7, minutes=1)
    )
    PatientProfile.objects.filter(pk=active.pk).update(
        last_activity_at=NOW - dt.timedelta(days=6, hours=23)
    )
    PatientProfile.objects.filter(pk=never.pk).update(created_at=NOW - dt.timedelta(days=20))
    PatientProfile.objects.filter(pk=new.pk).update(created_at=NOW - dt.timedelta(days=3))

    body = client_for(cast.physio_a).get(reverse("sessions_log:triage_inactive")).content.decode()
    listed = [int(pk) for pk in re.findall(r"/physio/patients/(\d+)/", body)]

    assert listed == [never.pk, quiet.pk]
    other = client_for(cast.physio_b).get(reverse("sessions_log:triage_inactive"))
    assert other.status_code == 200
    assert re.findall(r"/physio/patients/(\d+)/", other.content.decode()) == []


def test_it_audits_whose_flags_the_queue_showed(cast, client_for):
    make_flag(cast.patient_a, "too_hard")
    make_flag(cast.patient_a, "slow_recovery")

    client_for(cast.physio_a).get(TRIAGE)

    events = list(AuditEvent.objects.values_list("actor", "patient", "object_type"))
    assert events == [(cast.physio_a.pk, cast.patient_a.user_id, "triage_queue")]


def fill_centre(centre, physio, count):
    """``count`` patients, each with an open flag, in a handful of queries."""
    patients = factories.bulk_patients(
        centre=centre, count=count, physio=physio, prefix=f"c{centre.pk}x"
    )
    start = NOW - dt.timedelta(days=2)
    sessions = WorkoutSession.objects.bulk_create(
        [
            WorkoutSession(
                patient=p,
                started_at=start,
                performed_on=start.date(),
                duration_min=30,
                activity="walk",
                setting="self",
                rpe=13,
            )
            for p in patients
        ]
    )
    kinds = ["slow_recovery", "too_hard", "prolonged_soreness"]
    Flag.objects.bulk_create(
        [
            Flag(patient=s.patient, session=s, kind=kinds[i % 3], created_at=NOW)
            for i, s in enumerate(sessions)
        ]
    )
    # Each row shows the patient's own words and today's check-in.
    RecoveryReport.objects.bulk_create(
        [
            RecoveryReport(
                session=s,
                asked_for=start.date() + dt.timedelta(days=1),
                answered_at=start + dt.timedelta(days=1),
                recovered="no",
                managed_chores=True,
                soreness="some",
                note="Tung i beina.",
            )
            for s in sessions
        ]
    )
    CheckIn.objects.bulk_create(
        [
            CheckIn(
                patient=p,
                date=NOW.date(),
                sleep="good",
                energy=5,
                nausea="none",
                dizziness="none",
                pain=0,
                level="green",
            )
            for p in patients
        ]
    )
    acknowledged = Flag.objects.filter(patient__centre=centre, kind="too_hard")
    Flag.objects.filter(pk__in=acknowledged.values("pk")[: count // 3]).update(
        acknowledged_at=NOW, acknowledged_by=physio, physio_note="OK"
    )
    PatientProfile.objects.filter(centre=centre).update(created_at=NOW - dt.timedelta(days=30))


@pytest.mark.parametrize(
    "name", ["sessions_log:triage", "sessions_log:triage_history", "sessions_log:triage_inactive"]
)
def test_it_uses_the_same_queries_for_5_and_500_patients(name, centre_a, centre_b, physio_a):
    physio_b = factories.PhysioFactory(centre=centre_b)
    fill_centre(centre_a, physio_a, 5)
    fill_centre(centre_b, physio_b, 500)
    counts = []
    for physio in (physio_a, physio_b):
        client = Client()
        client.force_login(physio)
        client.get(reverse(name))  # sessions and MFA checks settle on the first request
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(name))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_it_shows_why_a_check_in_was_red(english, cast, client_for):
    # "Red" alone does not tell the physiotherapist whether to call about chest pain today.
    check_in = factories.CheckInFactory(
        patient=cast.patient_a,
        date=NOW.date(),
        chest_symptoms=True,
        nausea="vomited",
        level="red",
        reasons=["chest_symptoms", "vomited"],
    )
    flag = Flag.objects.create(patient=cast.patient_a, check_in=check_in, kind="red_checkin")
    client = client_for(cast.physio_a)

    pages = [
        TRIAGE,
        reverse("sessions_log:flag_acknowledge", args=[flag.pk]),
        reverse("sessions_log:patient_page", args=[cast.patient_a.pk]),
    ]
    for url in pages:
        body = client.get(url).content.decode()
        assert "chest pain or palpitations" in body, url
        assert "nausea: I have vomited" in body, url
        assert "fever" not in body, url


def red_flag(patient, *, urgency, hours_ago, **answers):
    check_in = factories.CheckInFactory(
        patient=patient,
        date=(NOW - dt.timedelta(hours=hours_ago)).date(),
        level="red",
        urgency=urgency,
        **answers,
    )
    return Flag.objects.create(
        patient=patient,
        check_in=check_in,
        kind="red_checkin",
        created_at=NOW - dt.timedelta(hours=hours_ago),
    )


def test_it_puts_a_call_now_first_newest_first_and_a_cap_above_too_hard(cast, client_for):
    others = [factories.PatientProfileFactory(centre=cast.centre_a) for _ in range(4)]
    too_hard = make_flag(cast.patient_a, "too_hard", hours_ago=30)
    over = make_flag(cast.patient_b, "over_restriction", hours_ago=2)
    slow = make_flag(others[0], "slow_recovery", hours_ago=40)
    dizzy = red_flag(others[1], urgency="contact_today", hours_ago=50, dizziness="strong")
    fever_old = red_flag(others[2], urgency="call_now", hours_ago=26, fever_38=True)
    chest_new = red_flag(others[3], urgency="emergency", hours_ago=1, chest_symptoms=True)
    fall_check_in = factories.CheckInFactory(patient=cast.patient_a, fell=True, level="amber")
    fall = Flag.objects.create(
        patient=cast.patient_a, check_in=fall_check_in, kind="fall", created_at=NOW
    )
    run = Flag.objects.create(
        patient=cast.patient_b,
        check_in=factories.CheckInFactory(patient=cast.patient_b, level="amber"),
        kind="repeated_hard_days",
        created_at=NOW - dt.timedelta(hours=70),
    )

    order = row_ids(client_for(cast.physio_a).get(TRIAGE))

    assert order == [
        chest_new.pk,  # a call at once, newest first
        fever_old.pk,
        dizzy.pk,  # other red check-ins
        over.pk,  # above a cardiotoxic cap, before too hard
        too_hard.pk,
        fall.pk,
        run.pk,
        slow.pk,
    ]


def test_it_shows_the_reason_and_the_new_kinds_in_words(english, cast, client_for):
    red_flag(cast.patient_a, urgency="call_now", hours_ago=1, fever_38=True, chills=True)
    Flag.objects.create(
        patient=cast.patient_b,
        check_in=factories.CheckInFactory(patient=cast.patient_b, fell=True, level="amber"),
        kind="fall",
    )
    body = client_for(cast.physio_a).get(TRIAGE).content.decode()
    assert "<strong>fever of 38 °C or more</strong>, <strong>shaking chills" in body
    assert "A fall or a near-fall" in body
    assert "<strong>a fall or a near-fall</strong>" in body


def test_it_shows_the_patients_own_words_and_todays_check_in(english, cast, client_for):
    flag = make_flag(cast.patient_a, "slow_recovery")
    WorkoutSession.objects.filter(pk=flag.session_id).update(notes="Bakkene var tunge.")
    RecoveryReport.objects.create(
        session=flag.session,
        asked_for=NOW.date(),
        answered_at=NOW - dt.timedelta(hours=2),
        recovered="no",
        managed_chores=True,
        soreness="a_lot",
        note="Fortsatt helt ør i beina.",
    )
    factories.CheckInFactory(patient=cast.patient_a, date=NOW.date(), level="amber")
    make_flag(cast.patient_b, "too_hard")

    body = client_for(cast.physio_a).get(TRIAGE).content.decode()
    rows = body.split("<tbody>")[1].split("</tr>")
    mine = next(row for row in rows if cast.patient_a.user.get_full_name() in row)
    theirs = next(row for row in rows if cast.patient_b.user.get_full_name() in row)
    assert mine.index("Fortsatt helt ør i beina.") < mine.index("Bakkene var tunge.")
    assert 'badge--amber">Take it easy today' in mine
    assert "None yet" in theirs  # no check-in today


def test_it_stacks_each_row_with_its_action_on_a_phone(cast, client_for):
    make_flag(cast.patient_a, "too_hard")
    body = client_for(cast.physio_a).get(TRIAGE).content.decode()
    assert 'class="table--stack triage-table"' in body
    assert 'class="table--stack__action"' in body
    assert 'data-label="' in body


@pytest.mark.parametrize(
    ("posted", "stored"),
    [
        (
            {"quick_note": "Try shorter and lighter sessions this week."},
            "Try shorter and lighter sessions this week.",
        ),
        (
            {
                "quick_note": "Try shorter and lighter sessions this week.",
                "note": "Kortere økter, takk.",
            },
            "Kortere økter, takk.",
        ),
        ({"note": "Egen beskjed."}, "Egen beskjed."),
        ({}, ""),
    ],
)
def test_it_offers_quick_notes_to_pick_and_edit(english, cast, client_for, posted, stored):
    flag = make_flag(cast.patient_a, "slow_recovery")
    ack = reverse("sessions_log:flag_acknowledge", args=[flag.pk])
    client = client_for(cast.physio_a)
    html = client.get(ack).content.decode()
    assert (
        'type="radio" name="quick_note" value="Try shorter and lighter sessions this week."' in html
    )
    assert 'data-fills="#id_note"' in html

    client.post(ack, posted)

    flag.refresh_from_db()
    assert flag.acknowledged_at == NOW
    assert flag.physio_note == stored


def test_it_refuses_a_quick_note_that_is_not_on_the_list(cast, client_for):
    flag = make_flag(cast.patient_a, "slow_recovery")
    ack = reverse("sessions_log:flag_acknowledge", args=[flag.pk])
    response = client_for(cast.physio_a).post(ack, {"quick_note": "Noe annet"})
    assert response.status_code == 200
    flag.refresh_from_db()
    assert flag.acknowledged_at is None
