"""Writes for the recovery follow-up: storing an answer, the flags it raises, and dismissing
a note from the physiotherapist."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from sessions_log.guidance import PROLONGED_SORENESS_DAY
from sessions_log.models import Flag, RecoveryReport, WorkoutSession
from sessions_log.recovery.rules import STILL_SORE, local_date


def raise_flag(*, session: WorkoutSession, kind: str) -> tuple[Flag, bool]:
    """Create the session's flag of ``kind`` unless it exists. Returns (flag, created).

    The database allows one flag per session and kind; a concurrent request that wins the
    race makes ours fail, and that counts as "exists".
    """
    defaults = {"patient_id": session.patient_id, "created_at": timezone.now()}
    try:
        with transaction.atomic():
            return Flag.objects.get_or_create(session=session, kind=kind, defaults=defaults)
    except IntegrityError:
        return Flag.objects.get(session=session, kind=kind), False


@transaction.atomic
def answer_recovery_question(
    *,
    session: WorkoutSession,
    recovered: str,
    managed_chores: bool,
    soreness: str,
    note: str = "",
    now: dt.datetime | None = None,
) -> RecoveryReport:
    """Store today's answer for ``session`` and raise the flags it calls for.

    - recovered "partly" or "no" -> slow_recovery (and the question comes back tomorrow);
    - recovered "yes" -> ``session.recovery_days`` = local days from the session to today;
    - chores not managed -> too_hard;
    - still sore ("some" or "a lot") on day 5 or later -> prolonged_soreness (the day is
      ``guidance.PROLONGED_SORENESS_DAY``; a check-in's "very sore from last time" on that
      day raises the same flag).

    One report per session and local day: a second answer the same day (a double submit,
    or a corrected tap) updates it. Flags are only ever added, never twice.
    """
    now = now or timezone.now()
    tz = session.patient.centre.tzinfo
    today = local_date(now, tz)
    report = (
        RecoveryReport.objects.select_for_update().filter(session=session, asked_for=today).first()
    ) or RecoveryReport(session=session, asked_for=today, created_at=now)
    report.answered_at = now
    report.recovered = recovered
    report.managed_chores = managed_chores
    report.soreness = soreness
    report.note = note.strip()
    report.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        # Another request stored today's answer between our read and our insert.
        report.pk = RecoveryReport.objects.get(session=session, asked_for=today).pk
        report._state.adding = False
        report.save()

    day_number = (today - session.performed_on).days
    if recovered == RecoveryReport.Recovered.YES:
        WorkoutSession.objects.filter(pk=session.pk).update(recovery_days=max(day_number, 0))
        session.recovery_days = max(day_number, 0)
    else:
        raise_flag(session=session, kind=Flag.Kind.SLOW_RECOVERY)
    if managed_chores is False:
        raise_flag(session=session, kind=Flag.Kind.TOO_HARD)
    if soreness in STILL_SORE and day_number >= PROLONGED_SORENESS_DAY:
        raise_flag(session=session, kind=Flag.Kind.PROLONGED_SORENESS)
    return report


def mark_note_seen(*, flag: Flag, now: dt.datetime | None = None) -> None:
    """The patient dismissed the note; a second tap changes nothing."""
    Flag.objects.filter(pk=flag.pk, note_seen_at__isnull=True).update(
        note_seen_at=now or timezone.now()
    )
