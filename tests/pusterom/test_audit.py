"""The one writer of audit rows: reads merged within a window, changes never merged, and two
requests at once write one row."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
import time_machine
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from pusterom import audit
from pusterom.models import AuditEvent

NOW = dt.datetime(2026, 3, 10, 11, 3, 20, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _request(user, method="get"):
    request = getattr(RequestFactory(), method)("/")
    request.user = user
    return request


def test_the_window_is_a_fixed_ten_minute_slot():
    assert audit.read_window(NOW) == dt.datetime(2026, 3, 10, 11, 0, tzinfo=dt.UTC)
    assert audit.read_window(NOW.replace(minute=19, second=59)) == NOW.replace(minute=10, second=0)


def test_reads_of_one_patient_by_one_person_in_a_window_are_one_event(cast, frozen):
    request = _request(cast.physio_a)
    patient = cast.patient_a.user
    audit.record_page_read(request, patient_user=patient, object_type="patient_page", object_id=1)
    frozen.shift(dt.timedelta(minutes=5))
    audit.record_list_read(request, patients=[cast.patient_a], object_type="triage_queue")
    audit.record_read(request, patient_user=patient, object_type="intake")

    event = AuditEvent.objects.get()
    assert (event.actor, event.patient, event.object_type, event.at) == (
        cast.physio_a,
        patient,
        "patient_page",  # the first read names the window's event
        NOW,
    )


def test_a_later_window_another_reader_or_patient_is_another_event(cast, frozen):
    audit.record_read(_request(cast.physio_a), patient_user=cast.patient_a.user, object_type="p")
    audit.record_read(_request(cast.staff_a), patient_user=cast.patient_a.user, object_type="p")
    audit.record_read(_request(cast.physio_a), patient_user=cast.patient_b.user, object_type="p")
    frozen.shift(dt.timedelta(minutes=10))
    audit.record_read(_request(cast.physio_a), patient_user=cast.patient_a.user, object_type="p")

    assert AuditEvent.objects.count() == 4


def test_a_list_refreshed_all_day_grows_by_one_row_a_patient_a_window(cast, frozen):
    request = _request(cast.physio_a)
    frozen.move_to(NOW.replace(minute=0, second=0))
    for _ in range(60):  # a refresh every 10 seconds for 10 minutes
        audit.record_list_read(
            request, patients=[cast.patient_a, cast.patient_b], object_type="triage_queue"
        )
        frozen.shift(dt.timedelta(seconds=10))
    assert AuditEvent.objects.count() == 2
    audit.record_list_read(request, patients=[cast.patient_a], object_type="triage_queue")
    assert AuditEvent.objects.count() == 3  # 11:10, a new window


def test_changes_are_never_merged_and_a_post_is_not_a_read(cast):
    request = _request(cast.physio_a, "post")
    audit.record_page_read(request, patient_user=cast.patient_a.user, object_type="intake")
    audit.record_change(request, patient_user=cast.patient_a.user, object_type="intake")
    audit.record_change(request, patient_user=cast.patient_a.user, object_type="intake")

    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["change", "change"]


def test_a_patient_reading_their_own_data_writes_nothing(cast):
    request = _request(cast.patient_a.user)
    audit.record_read(request, patient_user=cast.patient_a.user, object_type="p")
    audit.record_change(request, patient_user=cast.patient_a.user, object_type="p")
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrency")
def test_two_requests_at_the_same_moment_write_one_row(cast):
    """Both insert at once inside open transactions: a check for an earlier row would pass
    in both; the unique window key makes the second wait for the first and skip its row."""
    from django.db import transaction

    barrier = threading.Barrier(2)
    errors = []

    def read():
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)
                audit.record_read(
                    _request(cast.physio_a), patient_user=cast.patient_a.user, object_type="p"
                )
                time.sleep(0.3)  # hold the transaction open while the other one inserts
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=read) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert AuditEvent.objects.count() == 1
    assert errors == []


def test_a_process_does_not_insert_again_what_it_wrote_in_this_window(
    cast, frozen, django_capture_on_commit_callbacks
):
    request = _request(cast.physio_a)
    with django_capture_on_commit_callbacks(execute=True):
        audit.record_list_read(request, patients=[cast.patient_a], object_type="triage_queue")

    with CaptureQueriesContext(connection) as queries:
        audit.record_list_read(request, patients=[cast.patient_a], object_type="triage_queue")
        audit.record_read(request, patient_user=cast.patient_a.user, object_type="patient_page")
    assert len(queries) == 0  # the table already holds this window's row

    # A patient not yet read in this window, and the next window, are written.
    with CaptureQueriesContext(connection) as queries:
        audit.record_list_read(
            request, patients=[cast.patient_a, cast.patient_b], object_type="triage_queue"
        )
    assert len(queries) == 1
    frozen.shift(dt.timedelta(minutes=10))
    with django_capture_on_commit_callbacks(execute=True):
        audit.record_list_read(request, patients=[cast.patient_a], object_type="triage_queue")
    assert AuditEvent.objects.filter(patient=cast.patient_a.user).count() == 2
    assert AuditEvent.objects.filter(patient=cast.patient_b.user).count() == 1


def test_a_read_rolled_back_is_not_remembered(cast, django_capture_on_commit_callbacks):
    request = _request(cast.physio_a)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                audit.record_read(request, patient_user=cast.patient_a.user, object_type="p")
                raise RuntimeError("the page failed")
        except RuntimeError:
            pass
    assert not AuditEvent.objects.exists()

    audit.record_read(request, patient_user=cast.patient_a.user, object_type="p")
    assert AuditEvent.objects.count() == 1
