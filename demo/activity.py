"""Demo activity for ``seed_demo``: the patients' stories, told with demo.history's weeks of
check-ins and sessions, and a triage queue with a few open flags of different kinds (slow
recovery, soreness, an old injury, a fall, a run of hard days); a red day with a fever and
chills is in the history.

- Kari Nordmann (the demo patient): one session that was too hard (acknowledged, with a note)
  and a recent slow recovery.
- Lars Olsen pushes hard and recovers slowly: a rough week with a near-fall and a run of hard
  days, slow recoveries and prolonged soreness ("trapp ned" for the physiotherapist).
- Sofie Nilsen has been quiet for 9 days; an old injury flared, and a red day with a fever is
  in her history.
- Nils Moen is steady: every planned session done as planned, no flags ("klar for mer").

Safe to run again: a patient who already has sessions is left as they are.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from demo.history import history_profile, nearest, slow_recovery, write_days, write_history
from demo.plans import LARS, NILS, SOFIE, plan_schedule
from sessions_log import guidance
from sessions_log.models import CheckIn, Flag, WorkoutSession

WEEKS = 8

# The other patients' histories (demo.history.history_profile), by email.
PROFILES = {
    # After treatment, pushes hard and recovers slowly: two slow recoveries in the last
    # two weeks ("trapp ned" for the physiotherapist).
    LARS: {
        "days_back_from": 1,
        "sessions_a_week": 4.5,
        "rpe": 14,
        "energy": 7,
        "pain": 1,
        "sleep_poor": 0.1,
        "push": 1,
    },
    # During treatment, quiet for the last 9 days; a new plan since yesterday.
    SOFIE: {
        "days_back_from": 9,
        "sessions_a_week": 2.5,
        "rpe": 11,
        "energy": 4,
        "pain": 3,
        "sleep_poor": 0.4,
    },
    # After treatment, steady: every planned session done as planned, recovered within a
    # day, no flags ("klar for mer" for the physiotherapist).
    NILS: {
        "days_back_from": 2,
        "sessions_a_week": 3,
        "rpe": 12,
        "energy": 7,
        "pain": 1,
        "sleep_poor": 0.1,
        "steady": True,
    },
}

# A rough week for Lars (the first of the other patients): three amber days in a row, the
# third with a near-fall, then two better days. Days before today -> answers besides "no".
ROUGH_WEEK = {
    6: {},
    5: {"sleep": "poor", "energy": 4},
    4: {"sleep": "poor", "energy": 3, "nausea": "mild"},
    3: {"energy": 4, "fell": True},
    2: {"energy": 6},
    1: {"energy": 7, "sleep": "ok"},
}


def seed_activity(*, patient, physio, others=()) -> dict:
    """Training history for the demo patient and the centre's other patients, and flags.

    Open flags are of the kinds reviewed at the next contact (slow recovery, soreness, an old
    injury flaring); the red check-in and the too-hard session are already acknowledged,
    with a note to the patient, so they show in the history tab.
    """
    now = timezone.now()
    people = [patient, *others]
    if WorkoutSession.objects.filter(patient__in=people).exists():
        return {"created": False}
    ack = {"acknowledged_by": physio}

    kari = write_history(
        patient,
        history_profile(
            rng=random.Random(1),
            days_back_from=2,
            days=WEEKS * 7 - 3,
            sessions_a_week=3.5,
            rpe=12,
            energy=6,
            pain=2,
            sleep_poor=0.2,
            schedule=plan_schedule(patient),
        ),
        now=now,
    )
    flags = _demo_patient_flags(patient, kari, ack)
    for index, other in enumerate(others):
        email = other.user.email
        if email not in PROFILES or other.assigned_physio_id is None:
            continue  # e.g. a patient who has not had the intake conversation yet
        shape = PROFILES[email]
        history = write_history(
            other,
            history_profile(
                rng=random.Random(10 + index),
                days=WEEKS * 7 - 1 - shape["days_back_from"],
                schedule=plan_schedule(other),
                **shape,
            ),
            now=now,
        )
        if email == LARS:
            flags += _lars_flags(other, history, ack, now=now)
        elif email != NILS:
            flags += _sofie_flags(other, history, ack)
    for flag in flags:
        # Nothing in the demo happens after "now", whatever the time of day it is seeded.
        flag.created_at = min(flag.created_at, now - dt.timedelta(minutes=30))
        if flag.acknowledged_at:
            flag.acknowledged_at = min(
                max(flag.acknowledged_at, flag.created_at), now - dt.timedelta(minutes=5)
            )
        if flag.note_seen_at:
            flag.note_seen_at = min(flag.note_seen_at, now)
    Flag.objects.bulk_create(flags)
    return {"created": True, "flags": len(flags)}


def _demo_patient_flags(patient, history: dict, ack: dict) -> list[Flag]:
    """The demo patient's: a session that was too hard and recovered from slowly (both
    acknowledged, with a note), and an open slow recovery a few days ago."""
    flags: list[Flag] = []
    hard = nearest(history, 20)
    if hard:
        slow_recovery(hard, days=2, chores=False, note="Orket ikke å lage middag etterpå.")
        flags.append(
            Flag(
                patient=patient,
                session=hard,
                kind=Flag.Kind.SLOW_RECOVERY,
                created_at=hard.started_at + dt.timedelta(hours=22),
                acknowledged_at=hard.started_at + dt.timedelta(days=1, hours=3),
                physio_note="",
                **ack,
            )
        )
        flags.append(
            Flag(
                patient=patient,
                session=hard,
                kind=Flag.Kind.TOO_HARD,
                created_at=hard.started_at + dt.timedelta(hours=22),
                acknowledged_at=hard.started_at + dt.timedelta(days=1, hours=3),
                physio_note="Bra at du sa fra! Neste uke: kortere økter, gjerne 2 x 15 minutter.",
                note_seen_at=hard.started_at + dt.timedelta(days=1, hours=6),
                **ack,
            )
        )

    recent = nearest({d: s for d, s in history.items() if d >= 4}, 5)
    if recent and recent is not hard:
        slow_recovery(recent, days=2, soreness="some", note="Sliten etter gruppetimen.")
        flags.append(
            Flag(
                patient=patient,
                session=recent,
                kind=Flag.Kind.SLOW_RECOVERY,
                created_at=recent.started_at + dt.timedelta(hours=22),
            )
        )
    return flags


def _lars_flags(patient, history: dict, ack: dict, *, now: dt.datetime) -> list[Flag]:
    """Lars's: the rough week (a near-fall, a run of hard days), a recent session he has not
    recovered from, prolonged soreness, and an older slow recovery."""
    flags = write_days(patient, ROUGH_WEEK, now=now)
    recent = nearest({d: s for d, s in history.items() if d >= 3}, 3)
    older = nearest(history, 30)
    if recent:
        slow_recovery(recent, days=None, soreness="a_lot", note="Stiv og støl i hele kroppen.")
        flags.append(
            Flag(
                patient=patient,
                session=recent,
                kind=Flag.Kind.SLOW_RECOVERY,
                created_at=recent.started_at + dt.timedelta(hours=21),
            )
        )
    sore = nearest({d: s for d, s in history.items() if 6 <= d <= 12}, 8)
    if sore:
        slow_recovery(sore, days=6, soreness="some")
        flags.append(
            Flag(
                patient=patient,
                session=sore,
                kind=Flag.Kind.SLOW_RECOVERY,
                created_at=sore.started_at + dt.timedelta(hours=21),
                acknowledged_at=sore.started_at + dt.timedelta(days=2),
                **ack,
            )
        )
        flags.append(
            Flag(
                patient=patient,
                session=sore,
                kind=Flag.Kind.PROLONGED_SORENESS,
                created_at=sore.started_at + dt.timedelta(days=5, hours=20),
            )
        )
    if older:
        slow_recovery(older, days=3)
        flags.append(
            Flag(
                patient=patient,
                session=older,
                kind=Flag.Kind.SLOW_RECOVERY,
                created_at=older.started_at + dt.timedelta(hours=21),
                acknowledged_at=older.started_at + dt.timedelta(days=1),
                physio_note="Vi tar det opp på neste time.",
                **ack,
            )
        )
    return flags


def _sofie_flags(patient, history: dict, ack: dict) -> list[Flag]:
    """Sofie's: an old knee injury that flared, and her latest check-in made a red day with a
    fever and shaking chills (acknowledged, with a note)."""
    flags: list[Flag] = []
    flare = nearest(history, 12)
    if flare:
        flare.notes = "Kneet verket etter trappene."
        flare.save(update_fields=["notes"])
        flags.append(
            Flag(
                patient=patient,
                session=flare,
                kind=Flag.Kind.INJURY_FLARE,
                created_at=flare.started_at + dt.timedelta(hours=1),
            )
        )
    red_day = CheckIn.objects.filter(patient=patient).order_by("-date").first()
    if red_day:
        # A fever with shaking chills: a call to the oncology ward's 24-hour phone.
        red_day.fever_38 = red_day.chills = True
        result = guidance.assess({name: getattr(red_day, name) for name in CheckIn.ANSWER_FIELDS})
        red_day.level = result.level
        red_day.reasons = list(result.codes)
        red_day.urgency = result.urgency
        red_day.save(update_fields=["fever_38", "chills", "level", "reasons", "urgency"])
        noon = dt.datetime.combine(red_day.date, dt.time(9), tzinfo=patient.centre.tzinfo)
        flags.append(
            Flag(
                patient=patient,
                check_in=red_day,
                kind=Flag.Kind.RED_CHECKIN,
                created_at=noon,
                acknowledged_at=noon + dt.timedelta(hours=2),
                physio_note="Ring gjerne kreftpoliklinikken om feberen kommer "
                "tilbake. God bedring!",
                **ack,
            )
        )
    return flags
