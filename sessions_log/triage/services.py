"""Writes for the physiotherapist's review: acknowledging a flag."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sessions_log.models import Flag


def acknowledge_flag(*, flag: Flag, physio, note: str = "", now: dt.datetime | None = None) -> bool:
    """Mark the flag as seen by ``physio``, with an optional note to the patient.

    Returns False when it was already acknowledged (a double submit, or a colleague was
    quicker): the first acknowledgement and its note stay as they are.
    """
    note = note.strip()
    limit = Flag._meta.get_field("physio_note").max_length
    if len(note) > limit:
        raise ValidationError(
            {"note": _("Keep the note under %(max)s characters.") % {"max": limit}}
        )
    now = now or timezone.now()
    updated = Flag.objects.filter(pk=flag.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=now, acknowledged_by=physio, physio_note=note
    )
    return bool(updated)
