"""Record who read or changed whose health data: the one writer of ``AuditEvent`` rows.
Never store the values themselves.

Clinicians' reads are written by the access helpers that fetch a patient's data
(``patients.access``, ``sessions_log.access``), so a view cannot forget them; lists write one
row per patient shown with ``record_list_read``; the Django admin writes through
``pusterom.admin_audit``; views record changes after saving.

Reads are merged: the same person reading the same patient within one ``READ_WINDOW`` (10
minutes) is one row, whichever pages and lists they opened, so the patient's "who has seen my
data" stays readable and a list refreshed all day does not grow the table by a row a patient
each time. The window is a fixed slot of the clock (10:00-10:10, 10:10-10:20, ...) stored in
``read_window``; a unique constraint on (reader, patient, window) and an insert that skips a
row already there make two requests at the same moment write one row, not two. Changes are
never merged.

Each process also remembers, for the current window, which reads it has written and seen
committed (``_Written``), and skips an insert that would change nothing: a physiotherapist
who reloads the queue all day costs one insert a window, not one a page. Forgetting is always
safe (the insert skips what is there); the memory is only ever a subset of the table.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone

from pusterom.models import AuditEvent

SAFE_METHODS = ("GET", "HEAD")
READ_WINDOW = dt.timedelta(minutes=10)


def client_ip(request) -> str | None:
    # REMOTE_ADDR is the proxy when deployed behind one; allauth's trusted proxy count is the
    # one source of truth for that, so ask its adapter.
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except Exception:  # noqa: BLE001 - an audit row without an IP beats a failed page
        return request.META.get("REMOTE_ADDR")


def read_window(at: dt.datetime) -> dt.datetime:
    """The start of the ``READ_WINDOW`` slot that ``at`` falls in."""
    size = int(READ_WINDOW.total_seconds())
    seconds = int(at.timestamp())
    return dt.datetime.fromtimestamp(seconds - seconds % size, tz=dt.UTC)


class _Written:
    """The reads this process has written in the current window, once committed:
    (reader, window) -> patients' user ids. Older windows are dropped as the clock moves on."""

    def __init__(self):
        self._lock = threading.Lock()
        self._window: dt.datetime | None = None
        self._readers: dict[int, set[int]] = {}

    def covers(self, actor_id: int, window: dt.datetime, patient_ids) -> bool:
        with self._lock:
            return window == self._window and self._readers.get(actor_id, set()).issuperset(
                patient_ids
            )

    def add(self, actor_id: int, window: dt.datetime, patient_ids) -> None:
        with self._lock:
            if self._window is None or window > self._window:
                self._window, self._readers = window, {}
            if window == self._window:
                self._readers.setdefault(actor_id, set()).update(patient_ids)

    def forget(self) -> None:
        with self._lock:
            self._window, self._readers = None, {}


_written = _Written()


def forget_written_reads() -> None:
    """Drop this process's memory of written reads (tests that empty the table use it)."""
    _written.forget()


def record_reads(request, *, reads: Mapping[int, object], object_type: str) -> None:
    """Write the reads of several patients at once: ``reads`` maps each patient's user id to
    the id of what was shown. One insert; a reader's own data and reads already written in
    this window are skipped (``ON CONFLICT DO NOTHING``), and no insert at all when this
    process already wrote every one of them in this window."""
    actor = request.user
    shown = {user_id: object_id for user_id, object_id in reads.items() if user_id != actor.pk}
    if not shown:
        return
    at = timezone.now()
    window = read_window(at)
    if _written.covers(actor.pk, window, shown.keys()):
        return
    ip = client_ip(request)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=actor,
                patient_id=user_id,
                action=AuditEvent.Action.VIEW,
                object_type=object_type,
                object_id=str(object_id),
                at=at,
                read_window=window,
                ip=ip,
            )
            for user_id, object_id in sorted(shown.items())
        ],
        ignore_conflicts=True,
    )
    patient_ids = frozenset(shown)
    transaction.on_commit(lambda: _written.add(actor.pk, window, patient_ids))


def record_read(request, *, patient_user, object_type: str, object_id="") -> None:
    """Someone other than the patient read the patient's data (merged within a window)."""
    record_reads(request, reads={patient_user.pk: object_id}, object_type=object_type)


def record_page_read(request, *, patient_user, object_type: str, object_id="") -> None:
    """A read by opening a page: written for GET and HEAD. A POST is a change, recorded by
    ``record_change`` once it is saved (a refused POST re-shows what the GET showed)."""
    if request.method in SAFE_METHODS:
        record_read(
            request, patient_user=patient_user, object_type=object_type, object_id=object_id
        )


def record_list_read(request, *, patients: Iterable, object_type: str) -> None:
    """One read per patient (``PatientProfile``) a list showed, written in one query."""
    record_reads(
        request,
        reads={patient.user_id: patient.pk for patient in patients},
        object_type=object_type,
    )


def record_change(request, *, patient_user, object_type: str, object_id="") -> None:
    """Someone other than the patient changed the patient's data (one row each time)."""
    if request.user.pk == patient_user.pk:
        return
    AuditEvent.objects.create(
        actor=request.user,
        patient=patient_user,
        action=AuditEvent.Action.CHANGE,
        object_type=object_type,
        object_id=str(object_id),
        ip=client_ip(request),
    )
