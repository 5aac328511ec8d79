"""Demo training history for ``seed_demo`` (demo.activity tells the patients' stories with it).

- ``write_history``: weeks of check-ins on most days and a few sessions a week, each answered
  "recovered" the next day (a session whose answer would lie in the future is left open).
  A patient with a training plan (demo.plans) follows it: on a planned day the session is done
  as planned on a green day, lighter on an amber one, not at all on a red one (and now and
  then something else, or nothing), each logged session linked to the planned session it
  carried out (``planned_session``, ``plan_followed``). Days before the plan have sessions of
  their own.
- ``slow_recovery``: a session's answers rewritten as a slow recovery.
- ``write_days``: check-ins on chosen days and the flags their answers raise.

Rows are written with bulk_create, so a full seed takes well under a second.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Max
from django.utils import timezone

from patients.models import PatientProfile
from sessions_log import guidance
from sessions_log.models import CheckIn, Flag, RecoveryReport, WorkoutSession
from sessions_log.plans.rules.adaptations import AMBER_BORG_MAX, AMBER_BORG_MIN, MIN_MINUTES
from sessions_log.plans.today.log import SETTING_FOR_PLAN, activity_for


def history_profile(
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


def write_history(patient: PatientProfile, plan: dict, *, now: dt.datetime) -> dict:
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


def slow_recovery(
    session: WorkoutSession, *, days: int, chores=True, soreness="some", note=""
) -> None:
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


GOOD_DAY = {
    "sleep": "good",
    "energy": 7,
    "nausea": "none",
    "dizziness": "none",
    "pain": 1,
    "pain_area": "",
    "sore_from_last": "none",
}


def write_days(patient, days: dict, *, now: dt.datetime) -> list[Flag]:
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


def nearest(sessions: dict, ago: int) -> WorkoutSession | None:
    """The session closest to ``ago`` days back."""
    if not sessions:
        return None
    return sessions[min(sessions, key=lambda d: abs(d - ago))]
