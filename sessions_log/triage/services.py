"""Writes for the physiotherapist's review: acknowledging a flag."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from pusterom.forms import TOO_LONG
from sessions_log.models import Flag


def acknowledge_flag(*, flag: Flag, physio, note: str = "", now: dt.datetime | None = None) -> bool:
    """Mark the flag as seen by ``physio``, with an optional note to the patient.

    Returns False when it was already acknowledged (a double submit, or a colleague was
    quicker): the first acknowledgement and its note stay as they are.
    """
    note = note.strip()
    limit = Flag._meta.get_field("physio_note").max_length
    if len(note) > limit:
        # The form says so first; this keeps the limit for any other caller (and the
        # database's constraint backs both).
        raise ValidationError({"note": TOO_LONG % {"limit_value": limit, "show_value": len(note)}})
    now = now or timezone.now()
    updated = Flag.objects.filter(pk=flag.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=now, acknowledged_by=physio, physio_note=note
    )
    return bool(updated)
