"""Planned vs done, the one home of the rule (no queries): the patient's week on "My plan",
the plan's adherence per week, the patient list's figure and the progression suggestion all
count with it.

A planned session falls due on each of its weekdays while its programme version is the one in
effect: the highest version made on or before that day (local days of the patient's centre).
A logged workout linked to a planned session (``WorkoutSession.planned_session``) carries out
one of the sessions due on the day it was done: the same planned session first, else one of
the same kind, else any (a version made during the day replaces the one the patient logged
against); a second workout for one due session counts once, the best of them. A due session
of a past day with no workout is "not done"; today's and later ones are "to come".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from sessions_log.models import PlannedSession, Programme, WorkoutSession

AS_PLANNED = WorkoutSession.PlanFollowed.AS_PLANNED
LIGHTER = WorkoutSession.PlanFollowed.LIGHTER
OTHER = WorkoutSession.PlanFollowed.OTHER
NOT_DONE = "not_done"
TO_COME = "to_come"
# Following the plan: the session as planned, or the lighter version the day called for.
FOLLOWED = (AS_PLANNED, LIGHTER)
_BEST_FIRST = {AS_PLANNED: 0, LIGHTER: 1, OTHER: 2}


@dataclass
class Due:
    """One planned session on one day, and the workout that carried it out (if any)."""

    day: dt.date
    session: PlannedSession
    workout: WorkoutSession | None = None

    def status(self, today: dt.date) -> str:
        if self.workout is not None:
            return self.workout.plan_followed
        return NOT_DONE if self.day < today else TO_COME


def local_date(moment: dt.datetime, tz) -> dt.date:
    return timezone.localtime(moment, tz).date()


def version_on(programmes: Iterable[Programme], day: dt.date, tz) -> Programme | None:
    """The version in effect on ``day``: the highest one made on or before it (local dates
    of ``tz``)."""
    return _in_effect([(local_date(p.created_at, tz), p) for p in programmes], day)


def _in_effect(made: list[tuple[dt.date, Programme]], day: dt.date) -> Programme | None:
    return max((p for since, p in made if since <= day), key=lambda p: p.version, default=None)


def due_sessions(versions: Iterable[Programme], *, tz, start: dt.date, end: dt.date) -> list[Due]:
    """The planned sessions due from ``start`` to ``end`` (both included), day by day, each
    from the version in effect that day. ``versions`` have their sessions prefetched."""
    made = [(local_date(v.created_at, tz), v) for v in versions]
    sessions = {v.pk: list(v.sessions.all()) for _since, v in made}  # once a version
    dues: list[Due] = []
    day = start
    while day <= end:
        current = _in_effect(made, day)
        if current is not None:
            weekday = str(day.isoweekday())
            dues += [Due(day, s) for s in sessions[current.pk] if weekday in s.weekdays]
        day += dt.timedelta(days=1)
    return dues


def match(dues: list[Due], workouts: Iterable[WorkoutSession]) -> list[Due]:
    """Give each due session the workout that carried it out (see the module's docstring).
    ``workouts`` are linked to planned sessions, with ``planned_session`` loaded."""
    by_day: dict[dt.date, list[Due]] = defaultdict(list)
    for due in dues:
        by_day[due.day].append(due)
    ranked = sorted(
        workouts, key=lambda w: (_BEST_FIRST.get(w.plan_followed, 3), w.started_at, w.pk)
    )
    for workout in ranked:
        free = [d for d in by_day.get(workout.performed_on, ()) if d.workout is None]
        chosen = (
            next((d for d in free if d.session.pk == workout.planned_session_id), None)
            or next((d for d in free if d.session.kind == workout.planned_session.kind), None)
            or next(iter(free), None)
        )
        if chosen is not None:
            chosen.workout = workout
    return dues
