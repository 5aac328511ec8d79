"""The triage page's list of open flags kept in the pages cache (pusterom.page_cache,
sessions_log.triage.page_parts.open_flags): every table it reads is in its fingerprint,
whatever changes what the list shows shows at once, each filter and page is kept on its
own, and every view, kept or not, writes the reader's audit rows.

Transactional: the cache stays out of transactions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from patients.models import PatientProfile
from pusterom.models import AuditEvent, User
from sessions_log.models import CheckIn, Flag, RecoveryReport
from sessions_log.triage import page_parts
from tests import factories
from tests.kept_parts import main_part, tables_read_after_the_fingerprint

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the fingerprint is PostgreSQL's"),
]
TRIAGE = reverse("sessions_log:triage")


@pytest.fixture(autouse=True)
def _kept_parts(pages_cache):
    yield
    translation.deactivate()


def _flag(patient, kind, **extra):
    session = factories.WorkoutSessionFactory(
        patient=patient, performed_on=patient.local_today() - dt.timedelta(days=1), notes="Tungt"
    )
    return Flag.objects.create(patient=patient, session=session, kind=kind, **extra)


@pytest.fixture
def queue(cast):
    """Open flags for two patients (one red check-in, one slow recovery with the patient's
    answer), an acknowledged one, and today's check-in of a flagged patient."""
    today = cast.patient_a.local_today()
    red = factories.CheckInFactory(patient=cast.patient_a, date=today - dt.timedelta(days=1))
    Flag.objects.create(patient=cast.patient_a, check_in=red, kind="red_checkin")
    slow = _flag(cast.patient_b, "slow_recovery")
    RecoveryReport.objects.create(
        session=slow.session,
        asked_for=today,
        answered_at=timezone.now(),
        recovered="no",
        managed_chores=True,
        soreness="some",
        note="Stiv i dag",
    )
    _flag(cast.patient_b, "too_hard", acknowledged_at=timezone.now(), acknowledged_by=cast.physio_a)
    factories.CheckInFactory(patient=cast.patient_b, date=today)
    return cast


def test_every_table_the_list_reads_is_in_its_fingerprint(queue, client_for):
    with CaptureQueriesContext(connection) as queries:
        assert client_for(queue.physio_a).get(TRIAGE).status_code == 200
    read = tables_read_after_the_fingerprint(queries)
    centre = queue.centre_a
    scopes = page_parts.open_flags(
        centre_id=centre.pk, today=timezone.localtime(timezone.now(), centre.tzinfo).date()
    )
    covered = {scope.table for scope in scopes if hasattr(scope, "table")}
    assert {"sessions_log_flag", "sessions_log_checkin", "sessions_log_recoveryreport"} <= read
    assert read <= covered, f"read but not in the fingerprint: {sorted(read - covered)}"


def test_a_second_view_is_kept_and_still_audited(queue, client_for):
    # Both signed in first: a new physiotherapist, and a sign-in (last_login), change the
    # physiotherapists the filter lists.
    other = client_for(factories.PhysioFactory(centre=queue.centre_a))
    first = main_part(client_for(queue.physio_a).get(TRIAGE))
    with CaptureQueriesContext(connection) as queries:
        second = other.get(TRIAGE)
    reads = [q["sql"] for q in queries.captured_queries if "hashtextextended" not in q["sql"]]
    # The list's own reads are not made again: the count of its pages, the patients' words.
    assert not [sql for sql in reads if "COUNT(*)" in sql or "sessions_log_recoveryreport" in sql]
    assert main_part(second).count("/acknowledge/") == first.count("/acknowledge/") == 2
    seen = set(
        AuditEvent.objects.filter(
            actor=second.wsgi_request.user, object_type="triage_queue"
        ).values_list("patient_id", flat=True)
    )
    assert seen == {queue.patient_a.user_id, queue.patient_b.user_id}


def _ack(cast, client):
    flag = Flag.objects.filter(acknowledged_at__isnull=True, kind="red_checkin").get()
    client.post(reverse("sessions_log:flag_acknowledge", args=[flag.pk]), {"note": ""})


CHANGES = {
    "a new flag": lambda cast, client: _flag(cast.patient_a, "fall"),
    "acknowledging a flag": _ack,
    "today's check-in of a flagged patient": lambda cast, client: factories.CheckInFactory(
        patient=cast.patient_a, date=cast.patient_a.local_today()
    ),
    "the patient's words": lambda cast, client: RecoveryReport.objects.update(note="Bedre nå"),
    "a session's note": lambda cast, client: Flag.objects.get(
        kind="slow_recovery"
    ).session.__class__.objects.update(notes="Lett økt"),
    "the flagged check-in": lambda cast, client: CheckIn.objects.filter(
        pk=Flag.objects.get(kind="red_checkin").check_in_id
    ).update(dizziness="strong"),
    "a patient's name": lambda cast, client: User.objects.filter(pk=cast.patient_b.user_id).update(
        first_name="Gunnhild"
    ),
    "a patient's physiotherapist": lambda cast, client: PatientProfile.objects.filter(
        pk=cast.patient_b.pk
    ).update(assigned_physio=cast.physio_b),
    "a closed account": lambda cast, client: User.objects.filter(pk=cast.patient_a.user_id).update(
        is_active=False
    ),
    "a new physiotherapist (the filter)": lambda cast, client: factories.PhysioFactory(
        centre=cast.centre_a, first_name="Nyansatt"
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_shows_at_once(queue, client_for, pages_cache, change):
    client = client_for(queue.physio_a)
    before = main_part(client.get(TRIAGE))
    assert main_part(client.get(TRIAGE)) == before
    CHANGES[change](queue, client)
    after = main_part(client.get(TRIAGE))
    pages_cache.clear()
    assert after == main_part(client.get(TRIAGE))  # as rendered without the cache
    assert after != before


def test_each_filter_and_page_is_kept_on_its_own(queue, client_for):
    client = client_for(queue.physio_a)
    everything = main_part(client.get(TRIAGE))
    slow = main_part(client.get(TRIAGE + "?kind=slow_recovery"))
    assert slow != everything
    assert slow.count("/acknowledge/") == 1
    assert main_part(client.get(TRIAGE)) == everything
    assert main_part(client.get(TRIAGE + "?kind=slow_recovery&page=x")).count("/acknowledge/") == 1


def test_another_centres_queue_is_its_own(queue, client_for):
    _flag(factories.PatientProfileFactory(centre=queue.centre_b), "fall")
    ours = main_part(client_for(queue.physio_a).get(TRIAGE))
    theirs = main_part(client_for(queue.physio_b).get(TRIAGE))
    assert ours.count("/acknowledge/") == 2 and theirs.count("/acknowledge/") == 1
