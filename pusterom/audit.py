"""Record who read or changed whose health data: the one writer of ``AuditEvent`` rows.
Never store the values themselves.

Clinicians' reads are written by the access helpers that fetch a patient's data
(``patients.access``, ``sessions_log.access``), so a view cannot forget them; lists write one
row per patient shown with ``record_list_read``; views record changes after saving.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from pusterom.models import AuditEvent

SAFE_METHODS = ("GET", "HEAD")


def client_ip(request) -> str | None:
    # REMOTE_ADDR is the proxy when deployed behind one; allauth's trusted proxy count is the
    # one source of truth for that, so ask its adapter.
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except Exception:  # noqa: BLE001 - an audit row without an IP beats a failed page
        return request.META.get("REMOTE_ADDR")


def record_read(
    request, *, patient_user, object_type: str, object_id="", action=AuditEvent.Action.VIEW
):
    """Write an AuditEvent when someone other than the patient reads the patient's data."""
    actor = request.user
    if actor.pk == patient_user.pk:
        return None
    return AuditEvent.objects.create(
        actor=actor,
        patient=patient_user,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        ip=client_ip(request),
    )


def record_page_read(request, *, patient_user, object_type: str, object_id="") -> None:
    """A read by opening a page: written for GET and HEAD. A POST is a change, recorded by
    ``record_change`` once it is saved (a refused POST re-shows what the GET showed)."""
    if request.method in SAFE_METHODS:
        record_read(
            request, patient_user=patient_user, object_type=object_type, object_id=object_id
        )


def record_change(request, *, patient_user, object_type: str, object_id="") -> None:
    """Write an AuditEvent for a change to the patient's data by someone else."""
    record_read(
        request,
        patient_user=patient_user,
        object_type=object_type,
        object_id=object_id,
        action=AuditEvent.Action.CHANGE,
    )


def record_list_read(request, *, patients: Iterable, object_type: str) -> None:
    """One row per patient (``PatientProfile``) a list showed, written in one query."""
    shown = {patient.user_id: patient.pk for patient in patients}
    if not shown:
        return
    at = timezone.now()
    ip = client_ip(request)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=request.user,
            patient_id=user_id,
            action=AuditEvent.Action.VIEW,
            object_type=object_type,
            object_id=str(profile_pk),
            at=at,
            ip=ip,
        )
        for user_id, profile_pk in sorted(shown.items())
    )
