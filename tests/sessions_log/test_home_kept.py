"""Today's page kept in the pages cache (pusterom.page_cache,
sessions_log.checkins.page_parts.home): every table it reads is in its fingerprint,
whatever changes the day's advice, plan, questions or notes shows at once, and its forms
keep working. Transactional: the cache stays out of transactions."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from patients.models import Restriction
from pusterom.models import Centre, User
from sessions_log.checkins import page_parts
from sessions_log.models import CheckIn, Exercise, Flag, PlannedSession, WorkoutSession
from tests import factories
from tests.kept_parts import main_part, tables_read_after_the_fingerprint
from tests.sessions_log.plans.helpers import two_good_weeks

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the fingerprint is PostgreSQL's"),
]
HOME = reverse("sessions_log:home")


@pytest.fixture(autouse=True)
def _kept_parts(pages_cache):
    yield
    translation.deactivate()


@pytest.fixture
def patient(cast):
    """A plan, today's check-in, a restriction, a session waiting for its recovery answer
    and a note from the physiotherapist."""
    patient = cast.patient_a
    two_good_weeks(patient, cast.physio_a)
    today = patient.local_today()
    factories.CheckInFactory(patient=patient, date=today)
    factories.RestrictionFactory(patient=patient, set_by=cast.physio_a, note="Ingen tunge løft")
    started = timezone.now() - dt.timedelta(hours=30)
    factories.WorkoutSessionFactory(
        patient=patient,
        started_at=started,
        performed_on=timezone.localtime(started, patient.centre.tzinfo).date(),
        recovery_days=None,
        planned_session=None,
    )
    session = factories.WorkoutSessionFactory(patient=patient, performed_on=today)
    Flag.objects.create(
        patient=patient,
        session=session,
        kind="too_hard",
        acknowledged_at=timezone.now(),
        acknowledged_by=cast.physio_b,
        physio_note="Ta det rolig i morgen",
    )
    return patient


def test_every_table_the_page_reads_is_in_its_fingerprint(patient, client_for):
    with CaptureQueriesContext(connection) as queries:
        response = client_for(patient).get(HOME)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ta det rolig i morgen" in html and "Ingen tunge løft" in html
    read = tables_read_after_the_fingerprint(queries)
    covered = {scope.table for scope in page_parts.home(patient)}
    assert len(read) >= 9
    assert read <= covered, f"read but not in the fingerprint: {sorted(read - covered)}"


def test_a_second_view_is_kept(patient, client_for):
    client = client_for(patient)
    first = main_part(client.get(HOME))
    with CaptureQueriesContext(connection) as queries:
        second = main_part(client.get(HOME))
    assert second == first
    reads = [q["sql"] for q in queries.captured_queries if "hashtextextended" not in q["sql"]]
    assert not [sql for sql in reads if "sessions_log_" in sql or "patients_restriction" in sql]


def _post_the_form(patient, client, action):
    """Post the form of the kept page whose action is ``action``, as a browser would."""
    html = client.get(HOME).content.decode()
    form = html[html.index(f'action="{action}"') :]
    form = form[: form.index("</form>")]
    return client.post(action, dict(re.findall(r'name="(\w+)" value="([^"]*)"', form)))


def _note_seen(patient, client):
    note = Flag.objects.get(patient=patient, physio_note__gt="")
    assert (
        _post_the_form(
            patient, client, reverse("sessions_log:note_seen", args=[note.pk])
        ).status_code
        == 302
    )


CHANGES = {
    "a new check-in answer": lambda p, c: CheckIn.objects.filter(
        patient=p, date=p.local_today()
    ).update(dizziness="strong", level="red"),
    "a workout logged": lambda p, c: factories.WorkoutSessionFactory(
        patient=p, performed_on=p.local_today(), duration_min=95
    ),
    "a recovery answer": lambda p, c: WorkoutSession.objects.filter(
        patient=p, recovery_days__isnull=True
    ).update(recovery_days=1),
    "a note read": _note_seen,
    "a restriction": lambda p, c: Restriction.objects.filter(patient=p).update(note="Ingen hopp"),
    "the centre's phone": lambda p, c: (
        CheckIn.objects.filter(patient=p, date=p.local_today()).update(
            fever_38=True, level="red", urgency="call_ward"
        ),
        Centre.objects.filter(pk=p.centre_id).update(ward_phone="+4722334455"),
    ),
    "the name of who wrote the note": lambda p, c: User.objects.filter(
        pk=Flag.objects.get(patient=p, physio_note__gt="").acknowledged_by_id
    ).update(first_name="Ragnhild"),
    "the plan's days": lambda p, c: PlannedSession.objects.filter(programme__patient=p).update(
        weekdays="1234567"
    ),
    "an exercise's name": lambda p, c: Exercise.objects.filter(centre__isnull=True).update(
        name_nb="Ny øvelse"
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_shows_at_once(patient, client_for, pages_cache, change):
    client = client_for(patient)
    before = main_part(client.get(HOME))
    assert main_part(client.get(HOME)) == before
    CHANGES[change](patient, client)
    after = main_part(client.get(HOME))
    pages_cache.clear()
    assert after == main_part(client.get(HOME))  # as rendered without the cache
    assert after != before


def test_a_form_on_a_kept_page_carries_a_working_token(patient):
    client = Client(enforce_csrf_checks=True)
    client.force_login(patient.user)
    client.get(HOME)  # kept now
    _note_seen(patient, client)
    assert Flag.objects.get(patient=patient, physio_note__gt="").note_seen_at is not None
