"""Pages read what they show once: no table is queried twice for the same thing."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories


def queries_on(client, url, table: str) -> list[str]:
    client.get(url)  # warm: a clinician's first request checks the two-factor setup
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries.captured_queries if f'FROM "{table}"' in q["sql"]]


def test_the_patient_page_fetches_the_patient_once(cast, client_for):
    url = reverse("sessions_log:patient_page", args=[cast.patient_a.pk])

    fetched = queries_on(client_for(cast.physio_a), url, "patients_patientprofile")

    assert len(fetched) == 1


def forty_years_old(patient):
    """Under 65: balance training counts only with neuropathy (sessions_log.activity)."""
    patient.birth_date = dt.date.today().replace(year=dt.date.today().year - 40, day=1)
    patient.save()


def test_the_home_page_reads_the_restrictions_once(cast, client_for):
    forty_years_old(cast.patient_a)
    factories.RestrictionFactory(patient=cast.patient_a, set_by=cast.physio_a, kind="neuropathy")

    read = queries_on(
        client_for(cast.patient_a), reverse("sessions_log:home"), "patients_restriction"
    )

    assert len(read) == 1


def test_the_home_page_still_asks_for_balance_with_neuropathy(cast, client_for):
    patient = cast.patient_a
    forty_years_old(patient)
    client = client_for(patient)
    assert not client.get(reverse("sessions_log:home")).context["progress"].balance_applies

    factories.RestrictionFactory(patient=patient, set_by=cast.physio_a, kind="neuropathy")

    assert client.get(reverse("sessions_log:home")).context["progress"].balance_applies


def test_the_history_finds_its_weeks_in_one_query(cast, client_for):
    for days_ago in (1, 9, 30):
        factories.CheckInFactory(
            patient=cast.patient_a, date=dt.date.today() - dt.timedelta(days=days_ago)
        )

    client = client_for(cast.patient_a)
    read = queries_on(client, reverse("sessions_log:history"), "sessions_log_checkin")

    # The weeks (with the sessions' days in the same query), then the page's check-ins.
    assert len(read) == 2
    assert "UNION" in read[0]
