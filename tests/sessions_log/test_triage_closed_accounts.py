"""The triage queue leaves out patients whose account is closed: no one follows them up any
more. Their flags are kept and come back if the account is opened again."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from patients.services_accounts import deactivate_patient, reactivate_patient
from pusterom.models import AuditEvent
from sessions_log.models import Flag
from sessions_log.triage import selectors
from tests import factories

NOW = dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.UTC)
TRIAGE = reverse("sessions_log:triage")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def flag_of(patient) -> Flag:
    started = NOW - dt.timedelta(days=1)
    session = factories.WorkoutSessionFactory(
        patient=patient, started_at=started, performed_on=started.date()
    )
    return Flag.objects.create(patient=patient, session=session, kind=Flag.Kind.TOO_HARD)


def test_it_leaves_out_the_flags_of_a_closed_account(cast, client_for):
    open_flag, closed_flag = flag_of(cast.patient_a), flag_of(cast.patient_b)
    deactivate_patient(patient=cast.patient_b, by=cast.staff_a, reason="Flyttet")

    response = client_for(cast.physio_a).get(TRIAGE)

    html = response.content.decode()
    assert reverse("sessions_log:flag_acknowledge", args=[open_flag.pk]) in html
    assert reverse("sessions_log:flag_acknowledge", args=[closed_flag.pk]) not in html
    assert list(selectors.open_flags(centre_id=cast.centre_a.pk)) == [open_flag]
    # Not shown, so not read: no audit row for the closed patient.
    assert not AuditEvent.objects.filter(patient=cast.patient_b.user).exists()


def test_the_flags_come_back_when_the_account_is_opened_again(cast):
    flag = flag_of(cast.patient_b)
    deactivate_patient(patient=cast.patient_b, by=cast.staff_a, reason="Flyttet")
    reactivate_patient(patient=cast.patient_b, by=cast.staff_a)

    assert list(selectors.open_flags(centre_id=cast.centre_a.pk)) == [flag]


def test_closed_accounts_cost_no_extra_query(cast, client_for):
    flag_of(cast.patient_a)
    client = client_for(cast.physio_a)
    client.get(TRIAGE)  # sessions and two-factor checks settle on the first request

    def queries_for_the_queue() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(TRIAGE)
        assert len(response.context["rows"]) == 1
        return len(queries)

    before = queries_for_the_queue()
    for patient in factories.bulk_patients(centre=cast.centre_a, count=30):
        flag_of(patient)
        deactivate_patient(patient=patient, by=cast.staff_a, reason="Avsluttet")
    assert queries_for_the_queue() == before
