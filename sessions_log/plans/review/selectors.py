"""The plan's review for the physiotherapist (reads), on the patient page and the plan page:
adherence per week for the last ``ADHERENCE_WEEKS`` weeks with its chart, and the progression
suggestion not decided yet. Seven queries at most."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone

from patients.models import PatientProfile
from sessions_log.guidance import STEP_DOWN_FLAGS
from sessions_log.models import (
    Flag,
    Programme,
    ProgressionDecision,
    RecoveryReport,
    WorkoutSession,
)
from sessions_log.plans import progression
from sessions_log.plans.programmes.selectors import with_sessions
from sessions_log.plans.review.adherence import (
    ADHERENCE_WEEKS,
    AdherenceChart,
    Week,
    adherence_chart,
    linked_workouts,
    weeks,
)
from sessions_log.plans.review.matching import due_sessions, local_date, match
from sessions_log.plans.review.suggestions import Suggestion, propose_for


@dataclass
class PlanReview:
    """What the physiotherapist sees of the plan on the patient page and the plan page."""

    programme: Programme | None  # the current version
    weeks: list[Week]
    suggestion: Suggestion | None
    today: dt.date
    chart: AdherenceChart | None = None

    @property
    def has_plan(self) -> bool:
        return self.programme is not None


def plan_review(
    *,
    patient: PatientProfile,
    now: dt.datetime | None = None,
    sessions: Sequence[WorkoutSession] | None = None,
    flags: Sequence[Flag] | None = None,
    flags_since: dt.datetime | None = None,
) -> PlanReview:
    """Adherence per week for the last ``ADHERENCE_WEEKS`` weeks and the progression
    suggestion, if any. Seven queries at most, however many weeks, versions and sessions.

    ``sessions``: the patient's workouts already read for at least those weeks, each with its
    answered recovery reports in ``answers`` (the patient page has them for its charts); the
    review then reads five queries, not seven. ``flags``: the patient's flags already read,
    every open one and every one created from ``flags_since`` on (the patient page has them
    for its timeline): one query fewer when they hold every flag the suggestion counts."""
    now = now or timezone.now()
    tz = patient.centre.tzinfo
    today = local_date(now, tz)
    # 1-3: every version with its sessions and their exercises (a version made long ago can
    # still be the one in effect eight weeks back).
    versions = list(with_sessions(Programme.objects.filter(patient=patient)).order_by("version"))
    if not versions:
        return PlanReview(None, [], None, today)
    current = versions[-1]
    this_monday = today - dt.timedelta(days=today.weekday())
    start = this_monday - dt.timedelta(weeks=ADHERENCE_WEEKS - 1)
    dues = due_sessions(versions, tz=tz, start=start, end=this_monday + dt.timedelta(days=6))
    # 4-5: the workouts that carried out planned sessions, with their recovery answers.
    workouts = _linked(sessions, versions, start, today)
    if workouts is None:
        workouts = linked_workouts([patient], start, today).prefetch_related(
            Prefetch(
                "recovery_reports",
                queryset=RecoveryReport.objects.filter(answered_at__isnull=False),
                to_attr="answers",
            )
        )
    match(dues, workouts)
    # 6: open flags, and the slow recoveries and too-hard sessions since this version (of
    # which only those of the last ``progression.WINDOW`` can count).
    if flags is not None and flags_since is not None and _flags_cover(flags_since, current, now):
        flag_rows = [
            (f.kind, f.created_at, f.acknowledged_at)
            for f in flags
            if f.acknowledged_at is None
            or (f.kind in STEP_DOWN_FLAGS and f.created_at >= current.created_at)
        ]
    else:
        flag_rows = (
            Flag.objects.filter(patient=patient)
            .filter(
                Q(acknowledged_at__isnull=True)
                | Q(kind__in=STEP_DOWN_FLAGS, created_at__gte=current.created_at)
            )
            .values_list("kind", "created_at", "acknowledged_at")
        )
    flags = [(kind, at, acknowledged is None) for kind, at, acknowledged in flag_rows]
    # 7: a suggestion accepted or dismissed for this version does not come back.
    decided = set(
        ProgressionDecision.objects.filter(programme=current).values_list("code", flat=True)
    )
    suggestion = None
    proposed = propose_for(current, dues=dues, flags=flags, today=today, now=now, tz=tz)
    if proposed is not None and proposed[0].code not in decided:
        suggestion = Suggestion(current, *proposed)
    week_rows = weeks(dues, today=today)
    return PlanReview(
        current, week_rows, suggestion, today, adherence_chart(week_rows) if week_rows else None
    )


def _flags_cover(flags_since: dt.datetime, current: Programme, now: dt.datetime) -> bool:
    """Whether flags read from ``flags_since`` on (and every open one) hold every flag the
    suggestion can count: the step-down flags since the current version was made, and of
    those only the ones of the window (a day more for the time zone)."""
    window_start = now - progression.WINDOW - dt.timedelta(days=1)
    return flags_since <= current.created_at or flags_since <= window_start


def _linked(sessions, versions, start: dt.date, end: dt.date) -> list[WorkoutSession] | None:
    """What ``linked_workouts`` would read, from sessions already read: those from ``start``
    to ``end`` that carried out a planned session, given it from the versions read. None
    (read them) without sessions, or if one names a planned session not among the versions."""
    if sessions is None:
        return None
    planned = {s.pk: s for version in versions for s in version.sessions.all()}
    linked = [
        w for w in sessions if w.planned_session_id is not None and start <= w.performed_on <= end
    ]
    if any(w.planned_session_id not in planned for w in linked):
        return None
    for workout in linked:
        workout.planned_session = planned[workout.planned_session_id]
    return linked
