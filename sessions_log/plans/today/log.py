"""What one tap on "Dagens økt" logs (a read: the view saves it through the check-in
services): the adapted version of a planned session the patient did, how it followed the
plan, and the activity and setting the workout is saved as."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sessions_log.guidance import AMBER, RED
from sessions_log.models import CheckIn, Equipment, ExerciseType, PlannedSession, WorkoutSession
from sessions_log.plans.rules import adaptations
from sessions_log.plans.today.card import TodaysSession, recent_flags_for, todays_sessions

# What "I did today's session" logs: the activity and setting of a planned session.
ACTIVITY_FOR_KIND = {
    ExerciseType.STRENGTH: WorkoutSession.Activity.STRENGTH,
    ExerciseType.BALANCE: WorkoutSession.Activity.BALANCE,
    ExerciseType.MOBILITY: WorkoutSession.Activity.MOBILITY,
    ExerciseType.BREATHING: WorkoutSession.Activity.OTHER,
}
# Endurance is logged by the equipment of its longest exercise; without a machine, a walk.
ACTIVITY_FOR_EQUIPMENT = {
    Equipment.BIKE: WorkoutSession.Activity.CYCLE,
    Equipment.CROSS_TRAINER: WorkoutSession.Activity.CARDIO,
    Equipment.ROWING_MACHINE: WorkoutSession.Activity.CARDIO,
    Equipment.TREADMILL: WorkoutSession.Activity.CARDIO,
}
SETTING_FOR_PLAN = {
    PlannedSession.Setting.CENTRE: WorkoutSession.Setting.SELF,
    PlannedSession.Setting.GROUP: WorkoutSession.Setting.GROUP,
    PlannedSession.Setting.HOME: WorkoutSession.Setting.HOME,
}
DONE, LIGHTER = "done", "lighter"  # the two one-tap answers: today's version, or lighter


def workout_activity(today: TodaysSession) -> str:
    """The activity a logged session of today's (adapted) version is saved as."""
    items = [(i.dose, today.exercises[i.exercise.key].equipment) for i in today.adapted.items]
    return activity_for(today.session.kind, items)


def activity_for(kind: str, items) -> str:
    """The WorkoutSession activity for a planned session of ``kind`` whose exercises are
    ``items``, (rules.data.Dose, equipment codes) pairs: endurance by its longest exercise."""
    if kind != ExerciseType.ENDURANCE:
        return ACTIVITY_FOR_KIND[kind]
    for _dose, equipment in sorted(items, key=lambda item: -item[0].volume)[:1]:
        for code in equipment:
            if code in ACTIVITY_FOR_EQUIPMENT:
                return ACTIVITY_FOR_EQUIPMENT[code]
    return WorkoutSession.Activity.WALK


@dataclass
class PlannedLog:
    """What one tap on "Dagens økt" saves, before the effort is chosen."""

    session: PlannedSession
    version: adaptations.AdaptedSession  # the version the patient did
    plan_followed: str
    activity: str
    setting: str

    @property
    def minutes(self) -> int:
        return self.version.minutes

    @property
    def target(self) -> tuple[int, int]:
        return self.version.borg_min, self.version.borg_max

    @property
    def suggested_rpe(self) -> int:
        """Pre-set on the effort page: the middle of the target range."""
        low, high = self.target
        return (low + high) // 2


def planned_log(*, patient, session: PlannedSession, day: dt.date, how: str):
    """What logging ``session`` on ``day`` saves for ``how`` (DONE: the version "Dagens økt"
    shows; LIGHTER: its lighter version), or None when it cannot be logged from the card:
    no check-in yet, a red day, or not one of the day's planned sessions of the current plan.

    ``plan_followed`` is measured against the programme: the amber (lighter) version done
    as shown is "lighter", so only sessions done as the physiotherapist planned them count
    towards "ready for more"."""
    check_in = CheckIn.objects.filter(patient=patient, date=day).first()
    if check_in is None or check_in.level == RED:
        return None
    flags = recent_flags_for(patient=patient, check_in=check_in)
    level = AMBER if how == LIGHTER else check_in.level
    todays = todays_sessions(
        patient=patient,
        day=day,
        level=level,
        reasons=check_in.reasons,
        recent_flags=flags,
        pain_area=check_in.pain_area,
    )
    today = next((t for t in todays if t.session.pk == session.pk), None)
    if today is None:
        return None
    lighter = how == LIGHTER or today.adapted.mode == adaptations.LIGHTER
    return PlannedLog(
        session=today.session,
        version=today.adapted,
        plan_followed=(
            WorkoutSession.PlanFollowed.LIGHTER
            if lighter
            else WorkoutSession.PlanFollowed.AS_PLANNED
        ),
        activity=workout_activity(today),
        setting=SETTING_FOR_PLAN[today.session.setting],
    )
