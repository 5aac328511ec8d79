"""Reads for the patient's week: the current programme as the patient does it (restrictions
applied), and planned vs done day by day for "My plan" (which workout carried out which
planned session is decided by ``plans.review.matching``, as for the physiotherapist's
figures)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch

from patients.selectors import active_restrictions
from sessions_log.guidance import GREEN
from sessions_log.models import Exercise, PlannedSession, Programme, WorkoutSession
from sessions_log.plans.exercises.selectors import facts, variant_chain
from sessions_log.plans.programmes.selectors import current_programme, session_data
from sessions_log.plans.review.matching import NOT_DONE, due_sessions, match, version_on
from sessions_log.plans.rules.adaptations import AdaptedSession, adapt
from sessions_log.plans.words import WEEKDAY_NAMES, WEEKDAYS, dose_text, weekday_names

# The week as planned ------------------------------------------------------------------------


@dataclass
class PlanSession:
    session: PlannedSession
    days: str
    adapted: AdaptedSession
    exercises: list[tuple[Exercise, str]]  # (exercise, dose text) as the patient does them
    left_out: int

    @property
    def lines(self) -> list:
        """Adapted and left-out exercises in the planned order (for the physiotherapist)."""
        order = {id(item): index for index, item in enumerate(self.adapted.planned.items)}
        lines = [*self.adapted.items, *self.adapted.dropped]
        return sorted(lines, key=lambda line: order.get(id(line.planned), 0))


@dataclass
class WeekPlan:
    programme: Programme
    sessions: list[PlanSession]
    week: list[tuple[str, list[PlannedSession]]]  # (day name, that day's sessions)
    restrictions: list


def week_plan(*, patient, day: dt.date | None = None, restrictions=None) -> WeekPlan | None:
    """The current programme as the patient sees it: each session as planned, with what an
    active restriction excludes replaced or left out (``adapt`` on a green day).
    ``restrictions``: those in force on ``day``, when the caller has them already."""
    programme = current_programme(patient=patient)
    if programme is None:
        return None
    day = day or patient.local_today()
    if restrictions is None:
        restrictions = active_restrictions(patient=patient, day=day)
    exercises = {
        item.exercise_id: item.exercise
        for s in programme.sessions.all()
        for item in s.exercises.all()
    }
    variants = variant_chain(exercises.values())
    exercises |= variants
    exercise_facts = facts(exercises.values())
    sessions = []
    for session in programme.sessions.all():
        adapted = adapt(
            session_data(session, exercise_facts), level=GREEN, restrictions=restrictions
        )
        sessions.append(
            PlanSession(
                session=session,
                days=weekday_names(session.weekdays),
                adapted=adapted,
                exercises=[(exercises[i.exercise.key], dose_text(i.dose)) for i in adapted.items],
                left_out=len(adapted.dropped),
            )
        )
    week = [
        (str(name), [s.session for s in sessions if iso in s.session.weekdays])
        for iso, name in WEEKDAYS
    ]
    return WeekPlan(programme=programme, sessions=sessions, week=week, restrictions=restrictions)


# Planned vs done, day by day -------------------------------------------------------------------

PENDING = "pending"  # today's and later sessions not done yet (matching.TO_COME)


@dataclass
class PlannedOutcome:
    session: PlannedSession
    workout: WorkoutSession | None
    day: dt.date
    today: dt.date

    @property
    def status(self) -> str:
        """as_planned, lighter or other (WorkoutSession.plan_followed); not_done for a day
        that is over; pending for today and later."""
        if self.workout is not None:
            return self.workout.plan_followed
        return NOT_DONE if self.day < self.today else PENDING


@dataclass
class PlanDay:
    day: dt.date
    programme: Programme | None  # the version in force that day
    planned: list[PlannedOutcome]
    extra: list[WorkoutSession]  # logged that day, not for one of its planned sessions
    today: dt.date

    @property
    def name(self) -> str:
        return str(WEEKDAY_NAMES[str(self.day.isoweekday())])

    @property
    def is_today(self) -> bool:
        return self.day == self.today


def planned_vs_done(
    *, patient, start: dt.date, end: dt.date, today: dt.date | None = None
) -> list[PlanDay]:
    """Every day from ``start`` to ``end``: the sessions the programme version in force that
    day planned, each with the workout that carried it out (``matching.match``: linked by
    ``planned_session``, or to another session of the day, as for the physiotherapist's
    figures), and the other workouts of the day. Three queries, however long the period."""
    today = today or patient.local_today()
    tz = patient.centre.tzinfo
    programmes = list(
        Programme.objects.filter(patient=patient).prefetch_related(
            Prefetch("sessions", queryset=PlannedSession.objects.order_by("order", "id"))
        )
    )
    workouts: dict[dt.date, list[WorkoutSession]] = defaultdict(list)
    for workout in (
        WorkoutSession.objects.filter(
            patient=patient, performed_on__gte=start, performed_on__lte=end
        )
        .select_related("planned_session")
        .order_by("started_at", "pk")
    ):
        workouts[workout.performed_on].append(workout)
    dues = due_sessions(programmes, tz=tz, start=start, end=end)
    match(
        dues,
        [w for day_workouts in workouts.values() for w in day_workouts if w.planned_session_id],
    )
    planned: dict[dt.date, list[PlannedOutcome]] = defaultdict(list)
    for due in dues:
        planned[due.day].append(PlannedOutcome(due.session, due.workout, due.day, today))
    matched = {id(due.workout) for due in dues if due.workout is not None}
    days = []
    day = start
    while day <= end:
        days.append(
            PlanDay(
                day=day,
                programme=version_on(programmes, day, tz),
                planned=planned[day],
                extra=[w for w in workouts[day] if id(w) not in matched],
                today=today,
            )
        )
        day += dt.timedelta(days=1)
    return days
