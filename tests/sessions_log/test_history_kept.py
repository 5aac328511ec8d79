"""The history page's weeks kept in the pages cache (pusterom.page_cache,
sessions_log.checkins.page_parts): every table they read is in their fingerprint, and a
check-in or a workout shows at once. Transactional: the cache stays out of transactions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from sessions_log.checkins import page_parts
from sessions_log.models import CheckIn, WorkoutSession
from tests import factories
from tests.kept_parts import main_part, tables_read_after_the_fingerprint

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the fingerprint is PostgreSQL's"),
]
HISTORY = reverse("sessions_log:history")


@pytest.fixture(autouse=True)
def _kept_parts(pages_cache):
    yield
    translation.deactivate()


@pytest.fixture
def patient(cast):
    """Six weeks of check-ins and sessions, one of them flaring up an injury: two pages."""
    patient = cast.patient_a
    today = patient.local_today()
    injury = factories.PriorInjuryFactory(patient=patient)
    for n in range(1, 43, 3):
        day = today - dt.timedelta(days=n)
        factories.CheckInFactory(patient=patient, date=day)
        factories.WorkoutSessionFactory(
            patient=patient, performed_on=day, flare_injury=injury if n == 4 else None
        )
    return patient


def test_every_table_the_weeks_read_is_in_their_fingerprint(patient, client_for):
    client = client_for(patient)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HISTORY).status_code == 200
    read = tables_read_after_the_fingerprint(queries)
    covered = {scope.table for scope in page_parts.history(patient)}
    assert {"sessions_log_checkin", "sessions_log_workoutsession"} <= read
    assert read <= covered, f"read but not in the fingerprint: {sorted(read - covered)}"


def test_each_page_is_kept_on_its_own(patient, client_for):
    client = client_for(patient)
    first, second = main_part(client.get(HISTORY)), main_part(client.get(HISTORY + "?page=2"))
    assert first != second
    with CaptureQueriesContext(connection) as queries:
        again = main_part(client.get(HISTORY + "?page=2"))
    assert again == second
    sqls = [q["sql"] for q in queries.captured_queries]
    assert len([sql for sql in sqls if "hashtextextended" in sql]) == 1
    # none of the weeks' three reads (the days, the check-ins, the sessions)
    assert [sql for sql in sqls if "sessions_log_" in sql and "hashtextextended" not in sql] == []


@pytest.mark.parametrize(
    "change",
    [
        lambda p: factories.CheckInFactory(patient=p, date=p.local_today()),
        lambda p: factories.WorkoutSessionFactory(patient=p, performed_on=p.local_today()),
        lambda p: WorkoutSession.objects.filter(patient=p).update(duration_min=77),
        lambda p: CheckIn.objects.filter(patient=p).order_by("-date").first().delete(),
    ],
    ids=["a check-in", "a workout", "a workout's minutes", "a check-in deleted"],
)
def test_a_change_shows_at_once(patient, client_for, pages_cache, change):
    client = client_for(patient)
    before = main_part(client.get(HISTORY))
    assert main_part(client.get(HISTORY)) == before
    change(patient)
    after = main_part(client.get(HISTORY))
    pages_cache.clear()
    assert after == main_part(client.get(HISTORY))  # as rendered without the cache
    assert after != before


def test_another_patients_weeks_are_their_own(patient, cast, client_for):
    mine = main_part(client_for(patient).get(HISTORY))
    theirs = main_part(client_for(cast.patient_b).get(HISTORY))
    assert "Nothing here yet" in theirs or "Ingenting her" in theirs
    assert mine != theirs
