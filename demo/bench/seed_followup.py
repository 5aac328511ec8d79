"""Next-day recovery answers and flags for the benchmark centre (``demo.bench.seed``): about
one session in ten recovers slowly and is flagged (and some of those were too hard); an old
injury flares now and then; red check-ins are flagged; quiet patients get an inactivity flag.
Flags older than two days are mostly acknowledged, some with a note to the patient."""

from __future__ import annotations

import datetime as dt
import random

from sessions_log.models import Flag, RecoveryReport, WorkoutSession


def seed_followup(
    *,
    rng: random.Random,
    now: dt.datetime,
    tz,
    physios,
    profiles,
    check_ins,
    sessions,
    injuries,
    quiet,
) -> dict[str, int]:
    """Write the recovery reports and flags; returns counts by name."""
    counts: dict[str, int] = {}
    # Next-day recovery answers; about one session in ten recovers slowly and is flagged.
    reports: list[RecoveryReport] = []
    flags: list[Flag] = []

    def flag(kind, *, patient, created, session=None, check_in=None, open_after):
        acknowledged = created < now - open_after and rng.random() < 0.98
        by = physios[rng.randrange(len(physios))] if acknowledged else None
        flags.append(
            Flag(
                patient=patient,
                session=session,
                check_in=check_in,
                kind=kind,
                created_at=created,
                acknowledged_by=by,
                acknowledged_at=created + dt.timedelta(hours=rng.randint(2, 30))
                if acknowledged
                else None,
                physio_note=(
                    "Ta det litt roligere neste uke." if acknowledged and rng.random() < 0.3 else ""
                ),
            )
        )

    for s in sessions:
        answered = s.started_at + dt.timedelta(days=1, hours=2)
        if answered > now:
            s.recovery_days = None  # the question is waiting for the patient
            continue
        if rng.random() < 0.1:
            s.recovery_days = 2
            first = RecoveryReport(
                session=s,
                asked_for=s.performed_on + dt.timedelta(days=1),
                answered_at=answered,
                recovered="no",
                managed_chores=rng.random() < 0.7,
                soreness="some",
                note="",
                created_at=answered - dt.timedelta(hours=2),
            )
            reports.append(first)
            if answered + dt.timedelta(days=1) <= now:
                reports.append(
                    RecoveryReport(
                        session=s,
                        asked_for=s.performed_on + dt.timedelta(days=2),
                        answered_at=answered + dt.timedelta(days=1),
                        recovered="yes",
                        managed_chores=True,
                        soreness="none",
                        created_at=answered + dt.timedelta(days=1, hours=-2),
                    )
                )
            else:
                s.recovery_days = None
            flag(
                Flag.Kind.SLOW_RECOVERY,
                patient=s.patient,
                session=s,
                created=answered,
                open_after=dt.timedelta(days=2),
            )
            if not first.managed_chores:
                flag(
                    Flag.Kind.TOO_HARD,
                    patient=s.patient,
                    session=s,
                    created=answered,
                    open_after=dt.timedelta(days=2),
                )
            continue
        reports.append(
            RecoveryReport(
                session=s,
                asked_for=s.performed_on + dt.timedelta(days=1),
                answered_at=answered,
                recovered="yes",
                managed_chores=True,
                soreness=rng.choice(["none", "none", "some"]),
                created_at=answered - dt.timedelta(hours=2),
            )
        )
        if s.patient_id in injuries and rng.random() < 0.08:
            flag(
                Flag.Kind.INJURY_FLARE,
                patient=s.patient,
                session=s,
                created=s.started_at + dt.timedelta(hours=1),
                open_after=dt.timedelta(days=2),
            )
    WorkoutSession.objects.bulk_update(
        [s for s in sessions if s.recovery_days != 1], ["recovery_days"], batch_size=5000
    )
    RecoveryReport.objects.bulk_create(reports, batch_size=5000)
    counts["recovery_reports"] = len(reports)

    for c in check_ins:
        if c.level == "red":
            created = dt.datetime.combine(c.date, dt.time(8, 30), tzinfo=tz)
            flag(
                Flag.Kind.RED_CHECKIN,
                patient=c.patient,
                check_in=c,
                created=created,
                open_after=dt.timedelta(days=2),
            )
    for p in profiles:
        if p.pk in quiet:
            flags.append(
                Flag(patient=p, kind=Flag.Kind.INACTIVE, created_at=now - dt.timedelta(days=1))
            )
    Flag.objects.bulk_create(flags, batch_size=5000)
    counts["flags"] = len(flags)
    counts["open_flags"] = sum(1 for f in flags if f.acknowledged_at is None)

    return counts
