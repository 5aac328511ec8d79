"""Reads for "Dagens økt": the current programme's sessions planned on a day, each adapted
to the day's check-in (level, reasons, pain area), the restrictions in force and recent
step-down flags, and the home page's card built from them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from patients.selectors import active_restrictions
from sessions_log.checkins.selectors import recent_step_down_flags
from sessions_log.guidance import AMBER, GREEN, RED
from sessions_log.models import Exercise, PlannedSession, Programme, WorkoutSession
from sessions_log.plans.exercises.selectors import facts, variant_chain
from sessions_log.plans.programmes.selectors import current_programme, session_data
from sessions_log.plans.rules.adaptations import (
    AS_PLANNED,
    LIGHTER,
    REST,
    AdaptedSession,
    adapt,
    describe,
)
from sessions_log.plans.words import dose_text


@dataclass
class TodaysSession:
    session: PlannedSession
    adapted: AdaptedSession
    exercises: dict[int, Exercise]  # every exercise the adapted session names, by key


def todays_sessions(
    *,
    patient,
    day: dt.date,
    level: str,
    reasons: Iterable[str] = (),
    recent_flags: Iterable[str] = (),
    pain_area: str = "",
    programme: Programme | None = None,
    restrictions: list | None = None,
) -> list[TodaysSession]:
    """The current programme's sessions planned on ``day``, each adapted to the day's level
    and reasons (guidance codes), the restrictions in force and the recent flag kinds.
    For "Dagens økt": a fixed number of queries (pass ``programme``, and ``restrictions`` in
    force on ``day``, if you have them)."""
    programme = programme or current_programme(patient=patient)
    if programme is None:
        return []
    weekday = str(day.isoweekday())
    planned = [s for s in programme.sessions.all() if weekday in s.weekdays]
    if not planned:
        return []
    if restrictions is None:
        restrictions = active_restrictions(patient=patient, day=day)
    exercises = {i.exercise_id: i.exercise for s in planned for i in s.exercises.all()}
    exercises |= variant_chain(exercises.values())
    exercise_facts = facts(exercises.values())
    reasons, recent_flags = tuple(reasons), tuple(recent_flags)
    return [
        TodaysSession(
            session=session,
            adapted=adapt(
                session_data(session, exercise_facts),
                level=level,
                reasons=reasons,
                restrictions=restrictions,
                recent_flags=recent_flags,
                pain_area=pain_area,
            ),
            exercises=exercises,
        )
        for session in planned
    ]


# The check-in stores why the day stepped down; these are the flag kinds behind those codes.
STEP_DOWN_CODES = {"recent_slow_recovery": "slow_recovery", "recent_too_hard": "too_hard"}
BEFORE_CHECK_IN = "before_check_in"


def recent_flags_for(*, patient, check_in) -> list[str]:
    """The step-down flag kinds for today's adaptation: those the check-in saw, and any
    raised since (a "not recovered" answer after the morning's check-in counts at once)."""
    kinds = {STEP_DOWN_CODES[c] for c in check_in.reasons if c in STEP_DOWN_CODES}
    kinds.update(recent_step_down_flags(patient=patient))
    return sorted(kinds)


@dataclass
class CardExercise:
    exercise: Exercise
    dose: str
    instead_of: Exercise | None  # the planned exercise it replaces today, if any


@dataclass
class CardSession:
    today: TodaysSession
    exercises: list[CardExercise]
    left_out: int
    done: list[WorkoutSession]  # logged today for this planned session

    @property
    def session(self) -> PlannedSession:
        return self.today.session

    @property
    def adapted(self) -> AdaptedSession:
        return self.today.adapted

    @property
    def lighter_today(self) -> bool:
        return self.adapted.mode == LIGHTER


@dataclass
class TodayCard:
    """What "Dagens økt" shows. ``state``: before_check_in, or the mode of today's version
    (AS_PLANNED on a green day, LIGHTER on an amber day or after a recent
    step-down flag, REST on a red day: nothing to do)."""

    day: dt.date
    state: str
    sessions: list[CardSession]
    reasons: tuple[str, ...]  # why today's version differs from the plan, in plain words

    @property
    def can_log(self) -> bool:
        """The one-tap buttons: after a check-in that is not red."""
        return self.state in (AS_PLANNED, LIGHTER)


def _card_session(today: TodaysSession, done: list) -> CardSession:
    exercises = today.exercises
    return CardSession(
        today=today,
        exercises=[
            CardExercise(
                exercise=exercises[item.exercise.key],
                dose=dose_text(item.dose),
                instead_of=exercises.get(item.planned.exercise.key) if item.replaced else None,
            )
            for item in today.adapted.items
        ],
        left_out=len(today.adapted.dropped),
        done=done,
    )


def todays_card(
    *,
    patient,
    day: dt.date,
    check_in,
    restrictions: list | None = None,
    workouts: list | None = None,
) -> TodayCard | None:
    """ "Dagens økt" for the home page: today's planned sessions adapted to today's check-in
    (level, reasons, pain area, recent step-down flags) and the restrictions in force (pass
    them as ``restrictions`` if the page has read them); before the check-in, the plan for
    today as planned (restrictions applied). None without a plan. A fixed number of queries
    (about ten with a plan, one without; one fewer with ``workouts``, the patient's workouts
    of a span that holds ``day`` in the order they began, as the home page has them)."""
    programme = current_programme(patient=patient, with_author=False)
    if programme is None:
        return None
    if check_in is None:
        level, reasons, flags, pain_area = GREEN, (), (), ""
    else:
        level, reasons, pain_area = check_in.level, check_in.reasons, check_in.pain_area
        flags = recent_flags_for(patient=patient, check_in=check_in) if level != RED else ()
    todays = todays_sessions(
        patient=patient,
        day=day,
        level=level,
        reasons=reasons,
        recent_flags=flags,
        pain_area=pain_area,
        programme=programme,
        restrictions=restrictions,
    )
    if check_in is None:
        state = BEFORE_CHECK_IN
    elif todays:
        state = todays[0].adapted.mode  # the day's level and flags are the same for each
    else:
        state = {GREEN: AS_PLANNED, AMBER: LIGHTER}.get(level, REST)
    done: dict[int, list] = {}
    if todays:
        planned_ids = {t.session.pk for t in todays}
        if workouts is None:
            workouts = WorkoutSession.objects.filter(
                patient=patient, performed_on=day, planned_session__in=planned_ids
            ).order_by("started_at", "pk")
        for workout in workouts:
            if workout.performed_on == day and workout.planned_session_id in planned_ids:
                done.setdefault(workout.planned_session_id, []).append(workout)
    sessions = [_card_session(t, done.get(t.session.pk, [])) for t in todays]
    codes = [c for t in todays for c in t.adapted.codes if c != "green_as_planned"]
    return TodayCard(
        day=day,
        state=state,
        sessions=sessions,
        reasons=describe(codes) if state != BEFORE_CHECK_IN else (),
    )
