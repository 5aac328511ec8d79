"""Writes for the physiotherapist's review: acknowledging a flag, and the audit of the lists."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pusterom.audit import client_ip
from pusterom.models import AuditEvent
from sessions_log.models import Flag
from sessions_log.triage.selectors import NOTE_MAX_LENGTH


def acknowledge_flag(*, flag: Flag, physio, note: str = "", now: dt.datetime | None = None) -> bool:
    """Mark the flag as seen by ``physio``, with an optional note to the patient.

    Returns False when it was already acknowledged (a double submit, or a colleague was
    quicker): the first acknowledgement and its note stay as they are.
    """
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": _("Keep the note under %(max)s characters.") % {"max": NOTE_MAX_LENGTH}}
        )
    now = now or timezone.now()
    updated = Flag.objects.filter(pk=flag.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=now, acknowledged_by=physio, physio_note=note
    )
    return bool(updated)


def record_list_read(request, *, patient_user_ids, object_type: str) -> None:
    """One audit row per patient whose flags or activity a list showed (one query)."""
    ids = sorted(set(patient_user_ids))
    if not ids:
        return
    ip = client_ip(request)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=request.user,
                patient_id=pk,
                action=AuditEvent.Action.VIEW,
                object_type=object_type,
                ip=ip,
            )
            for pk in ids
        ]
    )
