"""Writes for the physiotherapist's review: acknowledging a flag, and raising the inactive
flag once per quiet spell."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce
from django.utils import timezone

from patients.models import PatientProfile
from pusterom.forms import TOO_LONG
from sessions_log import activity
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


INSERT_BATCH = 1000


def flag_inactive_patients(*, now: dt.datetime | None = None) -> None:
    """Raise ``Flag.Kind.INACTIVE`` for every patient quiet for ``activity.INACTIVE_AFTER``
    (no check-in and no workout; one who never logged anything, since the account was made),
    once per quiet spell: not when an inactive flag was raised since the spell began, open or
    acknowledged. The spell ends with the next check-in or workout (``last_activity_at``).

    Set-based and safe to run again or twice at once: the database keeps at most one open
    patient flag of a kind (``flag_one_open_patient_flag``), and a conflict is skipped.
    The reminder dispatcher runs it every minute (``reminders.tasks``)."""
    now = now or timezone.now()
    quiet = (
        PatientProfile.objects.filter(user__is_active=True)
        .annotate(quiet_since=Coalesce("last_activity_at", "created_at"))
        .filter(quiet_since__lte=now - activity.INACTIVE_AFTER)
        .exclude(
            Exists(
                Flag.objects.filter(
                    patient=OuterRef("pk"),
                    kind=Flag.Kind.INACTIVE,
                    created_at__gte=OuterRef("quiet_since"),
                )
            )
        )
    )
    Flag.objects.bulk_create(
        [
            Flag(patient_id=pk, kind=Flag.Kind.INACTIVE, created_at=now)
            for pk in quiet.values_list("pk", flat=True)
        ],
        batch_size=INSERT_BATCH,
        ignore_conflicts=True,
    )
