"""Demo training history for ``seed_demo``: weeks of check-ins and sessions with recovery
answers, and a triage queue with a few open flags of different kinds (slow recovery,
soreness, an old injury, a fall, a run of hard days); a red day with a fever and chills is
in the history.

Patients with a training plan (demo.plans) follow it: on a planned day the session is done as
planned on a green day, lighter on an amber one, not at all on a red one (and now and then
something else, or nothing), each logged session linked to the planned session it carried out
(``planned_session``, ``plan_followed``). Days before the plan have sessions of their own.

Safe to run again: a patient who already has sessions is left as they are. Rows are written
with bulk_create, so a full seed takes well under a second.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Max
from django.utils import timezone

from demo.plans import LARS, NILS, SOFIE, plan_schedule
from patients.models import PatientProfile
from sessions_log import guidance
from sessions_log.models import CheckIn, Flag, RecoveryReport, WorkoutSession
from sessions_log.plans.rules.adaptations import AMBER_BORG_MAX, AMBER_BORG_MIN, MIN_MINUTES
from sessions_log.plans.today.log import SETTING_FOR_PLAN, activity_for

WEEKS = 8


def _profile(
    *,
    rng,
    days_back_from,
    days,
    sessions_a_week,
    rpe,
    energy,
    pain,
    sleep_poor,
    schedule=None,
    push=0,
    steady=False,
):
    return {
        "rng": rng,
        "first": days_back_from + days,  # oldest day, in days before today
        "last": days_back_from,  # newest day
        "sessions_a_week": sessions_a_week,
        "rpe": rpe,
        "energy": energy,
        "pain": pain,
        "sleep_poor": sleep_poor,
        # demo.plans.plan_schedule: the planned sessions of a day (None: no plan).
        "schedule": schedule,
        # How far above the planned effort the patient tends to go.
        "push": push,
        # Every planned day an ordinary day, every planned session done as planned.
        "steady": steady,
    }


def _planned_workout(session, *, patient, day, level, plan, start) -> WorkoutSession | None:
    """The session logged for a planned session on a day of ``level``, or None (not done)."""
    rng: random.Random = plan["rng"]
    low, high = session.borg_min, session.borg_max
    draw = rng.random()
    if plan["steady"] or (level == guidance.GREEN and draw < 0.8):
        how, minutes = WorkoutSession.PlanFollowed.AS_PLANNED, session.minutes
        rpe = rng.randint(low, high) + (0 if plan["steady"] else plan["push"])
    elif level == guidance.GREEN and draw < 0.88:
        how, minutes, rpe = WorkoutSession.PlanFollowed.OTHER, rng.choice([20, 30]), 12
    elif level == guidance.AMBER and draw < 0.6:
        how = WorkoutSession.PlanFollowed.LIGHTER
        minutes = min(session.minutes, max(MIN_MINUTES, session.minutes // 2))
        rpe = rng.randint(min(low, AMBER_BORG_MIN), min(high, AMBER_BORG_MAX))
    else:
        return None
    items = [(item.dose, item.exercise.equipment) for item in session.exercises.all()]
    other = how == WorkoutSession.PlanFollowed.OTHER
    return WorkoutSession(
        patient=patient,
        started_at=start,
        performed_on=day,
        duration_min=minutes,
        activity="walk" if other else activity_for(session.kind, items),
        setting=SETTING_FOR_PLAN[session.setting],
        rpe=max(6, min(20, rpe)),
        recovery_days=1,
        planned_session=session,
        plan_followed=how,
    )


def _write_history(patient: PatientProfile, plan: dict, *, now: dt.datetime) -> dict:
    """Check-ins on most days and a few sessions a week, each answered "recovered" the next
    day. Returns the sessions by how many days ago they were, for the flags."""
    rng: random.Random = plan["rng"]
    tz = patient.centre.tzinfo
    today = timezone.localtime(now, tz).date()
    check_ins, sessions = [], []
    for ago in range(plan["first"], plan["last"] - 1, -1):
        day = today - dt.timedelta(days=ago)
        planned = plan["schedule"](day) if plan["schedule"] else []
        steady = plan["steady"] and planned
        level = guidance.GREEN
        if steady or rng.random() < 0.85:
            answers = {
                "sleep": "poor"
                if rng.random() < plan["sleep_poor"] and not steady
                else rng.choice(["good", "ok"]),
                "energy": max(5 if steady else 0, min(10, plan["energy"] + rng.randint(-2, 2))),
                "nausea": "mild" if rng.random() < 0.1 and not steady else "none",
                "dizziness": "none",
                "pain": max(0, min(3 if steady else 10, plan["pain"] + rng.randint(-1, 2))),
                "pain_area": "",
                "fever_38": False,
                "chest_symptoms": False,
                "breathless": False,
                "sore_from_last": rng.choice(["none", "none", "some"]),
            }
            result = guidance.assess(answers)
            level = result.level
            check_ins.append(
                CheckIn(
                    patient=patient,
                    date=day,
                    level=result.level,
                    reasons=list(result.codes),
                    urgency=result.urgency,
                    **answers,
                )
            )
        hours = iter(rng.sample([8, 9, 11, 14, 17, 19], 3))
        for session in planned:
            start = dt.datetime.combine(day, dt.time(next(hours, 18)), tzinfo=tz)
            workout = _planned_workout(
                session, patient=patient, day=day, level=level, plan=plan, start=start
            )
            if workout is not None:
                sessions.append(workout)
        if not planned and rng.random() < plan["sessions_a_week"] / 7:
            start = dt.datetime.combine(day, dt.time(rng.choice([9, 11, 14, 17])), tzinfo=tz)
            sessions.append(
                WorkoutSession(
                    patient=patient,
                    started_at=start,
                    performed_on=day,
                    duration_min=rng.choice([15, 20, 30, 30, 40, 45]),
                    activity=rng.choice(["walk", "walk", "cycle", "strength", "group_class"]),
                    setting=rng.choice(["self", "group", "home"]),
                    rpe=max(6, min(20, plan["rpe"] + rng.randint(-1, 2))),
                    recovery_days=1,
                )
            )
    CheckIn.objects.bulk_create(check_ins)
    WorkoutSession.objects.bulk_create(sessions)
    # Link each session to that day's check-in, as logging one does.
    by_day = {c.date: c for c in CheckIn.objects.filter(patient=patient)}
    for session in sessions:
        session.check_in = by_day.get(session.performed_on)
    WorkoutSession.objects.bulk_update(sessions, ["check_in"])
    # A session whose next-day answer would lie in the future is left open: the patient
    # has a recovery question waiting.
    unanswered = [s for s in sessions if s.started_at + dt.timedelta(hours=22) > now]
    WorkoutSession.objects.filter(pk__in=[s.pk for s in unanswered]).update(recovery_days=None)
    RecoveryReport.objects.bulk_create(
        [
            RecoveryReport(
                session=s,
                asked_for=s.performed_on + dt.timedelta(days=1),
                answered_at=s.started_at + dt.timedelta(hours=22),
                recovered="yes",
                managed_chores=True,
                soreness=rng.choice(["none", "none", "some"]),
                created_at=s.started_at + dt.timedelta(hours=21),
            )
            for s in sessions
            if s not in unanswered
        ]
    )
    latest = WorkoutSession.objects.filter(patient=patient).aggregate(m=Max("started_at"))["m"]
    last_check_in = max((c.date for c in check_ins), default=None)
    moments = [m for m in (latest,) if m]
    if last_check_in:
        moments.append(dt.datetime.combine(last_check_in, dt.time(8), tzinfo=tz))
    if moments:
        PatientProfile.objects.filter(pk=patient.pk).update(last_activity_at=max(moments))
    return {(today - s.performed_on).days: s for s in sessions}


def _slow(session: WorkoutSession, *, days: int, chores=True, soreness="some", note="") -> None:
    """Rewrite a session's answers as a slow recovery: "not yet" until ``days`` days later
    (or still not recovered when ``days`` is None)."""
    RecoveryReport.objects.filter(session=session).delete()
    last_day = days if days is not None else 2
    reports = []
    for n in range(1, last_day + 1):
        done = days is not None and n == days
        reports.append(
            RecoveryReport(
                session=session,
                asked_for=session.performed_on + dt.timedelta(days=n),
                answered_at=session.started_at + dt.timedelta(days=n, hours=-2),
                recovered="yes" if done else ("partly" if n > 1 else "no"),
                managed_chores=chores if n == 1 else True,
                soreness=soreness,
                note=note if n == 1 else "",
            )
        )
    RecoveryReport.objects.bulk_create([r for r in reports if r.answered_at <= timezone.now()])
    session.recovery_days = days
    session.save(update_fields=["recovery_days"])


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
GOOD_DAY = {
    "sleep": "good",
    "energy": 7,
    "nausea": "none",
    "dizziness": "none",
    "pain": 1,
    "pain_area": "",
    "sore_from_last": "none",
}


def _write_days(patient, days: dict, *, now: dt.datetime) -> list[Flag]:
    """Check-ins on the given days before today (replacing the history's), and the flags
    their answers raise, as the check-in service would: the day's own flags (a fall) and a
    run of hard days (``guidance.completes_hard_run``)."""
    tz = patient.centre.tzinfo
    today = timezone.localtime(now, tz).date()
    flags = []
    for ago in sorted(days, reverse=True):
        day = today - dt.timedelta(days=ago)
        answers = {**GOOD_DAY, **days[ago]}
        result = guidance.assess(answers)
        check_in, _ = CheckIn.objects.update_or_create(
            patient=patient,
            date=day,
            defaults={
                **dict.fromkeys(CheckIn.WARNING_SIGNS, False),
                **answers,
                "level": result.level,
                "reasons": list(result.codes),
                "urgency": result.urgency,
            },
        )
        levels = dict(
            CheckIn.objects.filter(patient=patient, date__lte=day).values_list("date", "level")
        )
        kinds = list(result.flags_due)
        if guidance.completes_hard_run(levels, day):
            kinds.append(guidance.REPEATED_HARD_DAYS_FLAG)
        morning = dt.datetime.combine(day, dt.time(8, 15), tzinfo=tz)
        flags += [
            Flag(patient=patient, check_in=check_in, kind=kind, created_at=morning)
            for kind in kinds
        ]
    latest = dt.datetime.combine(today - dt.timedelta(days=min(days)), dt.time(8), tzinfo=tz)
    PatientProfile.objects.filter(pk=patient.pk, last_activity_at__lt=latest).update(
        last_activity_at=latest
    )
    return flags


def _nearest(sessions: dict, ago: int) -> WorkoutSession | None:
    """The session closest to ``ago`` days back."""
    if not sessions:
        return None
    return sessions[min(sessions, key=lambda d: abs(d - ago))]


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
    flags: list[Flag] = []
    ack = {"acknowledged_by": physio}

    kari = _write_history(
        patient,
        _profile(
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
    hard = _nearest(kari, 20)
    if hard:
        _slow(hard, days=2, chores=False, note="Orket ikke å lage middag etterpå.")
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

    recent = _nearest({d: s for d, s in kari.items() if d >= 4}, 5)
    if recent and recent is not hard:
        _slow(recent, days=2, soreness="some", note="Sliten etter gruppetimen.")
        flags.append(
            Flag(
                patient=patient,
                session=recent,
                kind=Flag.Kind.SLOW_RECOVERY,
                created_at=recent.started_at + dt.timedelta(hours=22),
            )
        )

    profiles = {
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
    for index, other in enumerate(others):
        email = other.user.email
        if email not in profiles or other.assigned_physio_id is None:
            continue  # e.g. a patient who has not had the intake conversation yet
        shape = profiles[email]
        history = _write_history(
            other,
            _profile(
                rng=random.Random(10 + index),
                days=WEEKS * 7 - 1 - shape["days_back_from"],
                schedule=plan_schedule(other),
                **shape,
            ),
            now=now,
        )
        if email == NILS:
            continue
        if email == LARS:
            flags += _write_days(other, ROUGH_WEEK, now=now)
            recent = _nearest({d: s for d, s in history.items() if d >= 3}, 3)
            older = _nearest(history, 30)
            if recent:
                _slow(recent, days=None, soreness="a_lot", note="Stiv og støl i hele kroppen.")
                flags.append(
                    Flag(
                        patient=other,
                        session=recent,
                        kind=Flag.Kind.SLOW_RECOVERY,
                        created_at=recent.started_at + dt.timedelta(hours=21),
                    )
                )
            sore = _nearest({d: s for d, s in history.items() if 6 <= d <= 12}, 8)
            if sore:
                _slow(sore, days=6, soreness="some")
                flags.append(
                    Flag(
                        patient=other,
                        session=sore,
                        kind=Flag.Kind.SLOW_RECOVERY,
                        created_at=sore.started_at + dt.timedelta(hours=21),
                        acknowledged_at=sore.started_at + dt.timedelta(days=2),
                        **ack,
                    )
                )
                flags.append(
                    Flag(
                        patient=other,
                        session=sore,
                        kind=Flag.Kind.PROLONGED_SORENESS,
                        created_at=sore.started_at + dt.timedelta(days=5, hours=20),
                    )
                )
            if older:
                _slow(older, days=3)
                flags.append(
                    Flag(
                        patient=other,
                        session=older,
                        kind=Flag.Kind.SLOW_RECOVERY,
                        created_at=older.started_at + dt.timedelta(hours=21),
                        acknowledged_at=older.started_at + dt.timedelta(days=1),
                        physio_note="Vi tar det opp på neste time.",
                        **ack,
                    )
                )
        else:
            flare = _nearest(history, 12)
            if flare:
                flare.notes = "Kneet verket etter trappene."
                flare.save(update_fields=["notes"])
                flags.append(
                    Flag(
                        patient=other,
                        session=flare,
                        kind=Flag.Kind.INJURY_FLARE,
                        created_at=flare.started_at + dt.timedelta(hours=1),
                    )
                )
            red_day = CheckIn.objects.filter(patient=other).order_by("-date").first()
            if red_day:
                # A fever with shaking chills: a call to the oncology ward's 24-hour phone.
                red_day.fever_38 = red_day.chills = True
                result = guidance.assess(
                    {name: getattr(red_day, name) for name in CheckIn.ANSWER_FIELDS}
                )
                red_day.level = result.level
                red_day.reasons = list(result.codes)
                red_day.urgency = result.urgency
                red_day.save(update_fields=["fever_38", "chills", "level", "reasons", "urgency"])
                noon = dt.datetime.combine(red_day.date, dt.time(9), tzinfo=other.centre.tzinfo)
                flags.append(
                    Flag(
                        patient=other,
                        check_in=red_day,
                        kind=Flag.Kind.RED_CHECKIN,
                        created_at=noon,
                        acknowledged_at=noon + dt.timedelta(hours=2),
                        physio_note="Ring gjerne kreftpoliklinikken om feberen kommer "
                        "tilbake. God bedring!",
                        **ack,
                    )
                )
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
