"""The physiotherapist's patient page: summary, open flags, charts, timeline, audit."""

import datetime as dt
import re
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pusterom.models import AuditEvent
from sessions_log.models import Flag, RecoveryReport
from tests import factories

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=OSLO)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def english(physio_a):
    physio_a.language = "en"
    physio_a.save(update_fields=["language"])


def page_url(patient):
    return reverse("sessions_log:patient_page", args=[patient.pk])


def session_on(patient, day, **extra):
    start = dt.datetime.combine(day, dt.time(10), tzinfo=OSLO)
    return factories.WorkoutSessionFactory(
        patient=patient, started_at=start, performed_on=day, **extra
    )


def history(patient):
    """A few weeks of check-ins, sessions and answers for ``patient``."""
    today = NOW.date()
    for n in range(1, 15):
        factories.CheckInFactory(patient=patient, date=today - dt.timedelta(days=n), energy=n % 11)
    recovered = session_on(patient, today - dt.timedelta(days=6), duration_min=45, rpe=15)
    RecoveryReport.objects.create(
        session=recovered,
        asked_for=today - dt.timedelta(days=5),
        answered_at=NOW - dt.timedelta(days=5),
        recovered="yes",
        managed_chores=True,
        soreness="some",
        note="Stiv i leggene",
    )
    recovered.recovery_days = 1
    recovered.save()
    slow = session_on(patient, today - dt.timedelta(days=4), activity="strength")
    RecoveryReport.objects.create(
        session=slow,
        asked_for=today - dt.timedelta(days=3),
        answered_at=NOW - dt.timedelta(days=3),
        recovered="no",
        managed_chores=False,
        soreness="a_lot",
    )
    Flag.objects.create(patient=patient, session=slow, kind="slow_recovery")
    Flag.objects.create(patient=patient, session=slow, kind="too_hard")
    unanswered = session_on(patient, today - dt.timedelta(days=9), activity="cycle")
    return {"recovered": recovered, "slow": slow, "unanswered": unanswered}


def test_it_audits_the_views_one_event_per_read_window(cast, client_for):
    client = client_for(cast.physio_a)
    client.get(page_url(cast.patient_a))
    client.get(page_url(cast.patient_a))  # a refresh: the same read
    with time_machine.travel(NOW + dt.timedelta(minutes=10), tick=False):
        client.get(page_url(cast.patient_a))  # a later look: a read of its own

    events = AuditEvent.objects.filter(object_type="patient_page")
    assert events.count() == 2
    assert {(e.actor_id, e.patient_id, e.object_id) for e in events} == {
        (cast.physio_a.pk, cast.patient_a.user_id, str(cast.patient_a.pk))
    }


def test_it_writes_no_audit_event_for_a_refused_view(cast, client_for):
    assert client_for(cast.physio_b).get(page_url(cast.patient_a)).status_code == 404
    assert client_for(cast.staff_a).get(page_url(cast.patient_a)).status_code == 404
    assert not AuditEvent.objects.exists()


def test_it_shows_the_summary_open_flags_and_links_to_edit_restrictions(english, cast, client_for):
    history(cast.patient_a)
    body = client_for(cast.physio_a).get(page_url(cast.patient_a)).content.decode()

    assert cast.patient_a.user.get_full_name() in body
    assert "Intake conversation" in body  # the patients app's summary
    assert reverse("patients:restriction_create", args=[cast.patient_a.pk]) in body
    open_flags = body.split('id="open-flags-heading"')[1].split("</section>")[0]
    assert "Not recovered after a day" in open_flags
    assert "Too hard: daily chores not managed" in open_flags
    assert open_flags.count("?back=patient") == 2


def test_it_shows_a_timeline_with_answers_flags_and_no_answer(english, cast, client_for):
    history(cast.patient_a)
    body = client_for(cast.physio_a).get(page_url(cast.patient_a)).content.decode()
    timeline = body.split('id="timeline-heading"')[1]

    assert "recovered after 1 day" in timeline
    assert "Stiv i leggene" in timeline
    assert "could not manage daily chores" in timeline
    assert "No answer" in timeline  # the cycle session nobody answered about
    assert "energy 1, pain 0, sleep: Good" in timeline
    # Newest day first (the flags were raised today).
    days = re.findall(r"<h3>([^<]+)</h3>", timeline)
    assert days[:2] == ["Tuesday March 10", "Monday March 9"]


def test_it_draws_the_charts_with_titles_and_tables(english, cast, client_for):
    history(cast.patient_a)
    body = client_for(cast.physio_a).get(page_url(cast.patient_a)).content.decode()

    assert body.count('<svg class="chart"') == 4
    for title in (
        "Energy and pain, last 8 weeks",
        "Sleep, last 8 weeks",
        "Minutes a week, last 8 weeks",
        "Days to recover, per session",
    ):
        assert re.search(rf'<title id="[^"]+">{title}</title>', body)
    assert body.count('<details class="chart-table">') == 4
    assert "Goal: 150 min" in body
    # Coordinates use a decimal point whatever the language.
    polylines = re.findall(r'points="([^"]+)"', body)
    assert polylines and all("," in p and not re.search(r"\d,\d+,", p) for p in polylines)


def test_it_shows_the_charts_in_bokmal_with_a_decimal_point(cast, client_for):
    history(cast.patient_a)
    body = client_for(cast.physio_a).get(page_url(cast.patient_a)).content.decode()

    rects = re.findall(r'<rect class="chart__bar[^"]*" x="([^"]+)" y="([^"]+)"', body)
    assert rects
    for x, y in rects:
        float(x), float(y)


def test_it_uses_the_same_queries_for_a_centre_of_5_and_of_500(centre_a, centre_b, physio_a):
    physio_b = factories.PhysioFactory(centre=centre_b)
    small = factories.bulk_patients(centre=centre_a, count=5, physio=physio_a, prefix="small")
    big = factories.bulk_patients(centre=centre_b, count=500, physio=physio_b, prefix="big")
    counts = []
    for physio, patients in ((physio_a, small), (physio_b, big)):
        patient = patients[0]
        history(patient)
        client = Client()
        client.force_login(physio)
        client.get(page_url(patient))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page_url(patient))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_it_uses_the_same_queries_for_little_and_much_history(centre_a, physio_a):
    quiet, busy = factories.bulk_patients(centre=centre_a, count=2, physio=physio_a)
    session_on(quiet, NOW.date() - dt.timedelta(days=2))
    history(busy)
    for n in range(20):
        session_on(busy, NOW.date() - dt.timedelta(days=n % 50), duration_min=10 + n)
    client = Client()
    client.force_login(physio_a)
    client.get(page_url(quiet))
    counts = []
    for patient in (quiet, busy):
        with CaptureQueriesContext(connection) as queries:
            client.get(page_url(patient))
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
