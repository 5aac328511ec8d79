"""Planned vs done, for the physiotherapist (reads): the plan's adherence per week on the
patient page, the figure the patient list sorts by, and the progression suggestion from the
recovery loop (``progression.propose``), never applied without the physiotherapist.

A planned session falls due on each of its weekdays while its programme version is the one in
effect: the highest version made on or before that day (local days of the patient's centre).
A logged workout linked to a planned session (``WorkoutSession.planned_session``) carries out
one of the sessions due on the day it was done: the same planned session first, else one of
the same kind, else any (a version made during the day replaces the one the patient logged
against); a second workout for one due session counts once, the best of them. A due session
of a past day with no workout is "not done"; today's and later ones are "to come".

Counting is pure (``due_sessions``, ``match``, ``weeks``, ``share_done``, ``outcomes``) over
rows that the selectors load with a fixed number of queries, however many weeks, versions,
sessions or patients.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from patients.models import PatientProfile
from sessions_log.guidance import STEP_DOWN_FLAGS
from sessions_log.models import (
    ExerciseType,
    Flag,
    PlannedSession,
    Programme,
    ProgressionDecision,
    RecoveryReport,
    WorkoutSession,
)
from sessions_log.plans import progression
from sessions_log.plans.selectors import (
    _with_sessions,
    describe_changes,
    facts,
    session_data,
    snapshot,
)
from sessions_log.recovery.rules import question_state

AS_PLANNED = WorkoutSession.PlanFollowed.AS_PLANNED
LIGHTER = WorkoutSession.PlanFollowed.LIGHTER
OTHER = WorkoutSession.PlanFollowed.OTHER
NOT_DONE = "not_done"
TO_COME = "to_come"
# Following the plan: the session as planned, or the lighter version the day called for.
FOLLOWED = (AS_PLANNED, LIGHTER)
_BEST_FIRST = {AS_PLANNED: 0, LIGHTER: 1, OTHER: 2}
# The patient page shows this many weeks (the current one included), like its charts.
ADHERENCE_WEEKS = 8
# The patient list's figure covers the same two weeks the progression rules look at.
LIST_WINDOW = progression.WINDOW
# A recovery answer that can still come: the session does not count for a suggestion yet.
RECOVERY_PENDING = ("not_yet", "open")


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


def due_sessions(versions: Iterable[Programme], *, tz, start: dt.date, end: dt.date) -> list[Due]:
    """The planned sessions due from ``start`` to ``end`` (both included), day by day, each
    from the version in effect that day. ``versions`` have their sessions prefetched."""
    effective = sorted((local_date(v.created_at, tz), v.version, v) for v in versions)
    dues: list[Due] = []
    day = start
    while day <= end:
        current = None
        for since, _version, programme in effective:
            if since > day:
                break
            current = programme
        if current is not None:
            weekday = str(day.isoweekday())
            dues += [Due(day, s) for s in current.sessions.all() if weekday in s.weekdays]
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


@dataclass
class Week:
    """A week of the plan, Monday to Sunday: how many planned sessions, and how they went."""

    monday: dt.date
    as_planned: int = 0
    lighter: int = 0
    other: int = 0
    not_done: int = 0
    to_come: int = 0
    # Days to recover after each session of the plan done that week (None: no answer yet).
    recovery_days: list[int | None] = field(default_factory=list)

    @property
    def planned(self) -> int:
        return self.as_planned + self.lighter + self.other + self.not_done + self.to_come

    @property
    def number(self) -> int:
        return self.monday.isocalendar().week

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    @property
    def followed_percent(self) -> int | None:
        """Done as planned or lighter, of the sessions that fell due on past days."""
        past = self.planned - self.to_come
        return round(100 * (self.as_planned + self.lighter) / past) if past else None

    @property
    def recovery_text(self) -> str:
        return ", ".join("–" if d is None else str(d) for d in self.recovery_days)


def weeks(dues: list[Due], *, today: dt.date, count: int = ADHERENCE_WEEKS) -> list[Week]:
    """The last ``count`` weeks (this one included), oldest first, from the first week with a
    planned session."""
    this_monday = today - dt.timedelta(days=today.weekday())
    first = this_monday - dt.timedelta(weeks=count - 1)
    by_monday: dict[dt.date, Week] = {}
    for due in dues:
        monday = due.day - dt.timedelta(days=due.day.weekday())
        if not first <= monday <= this_monday:
            continue
        week = by_monday.setdefault(monday, Week(monday))
        status = due.status(today)
        setattr(week, status, getattr(week, status) + 1)
        if due.workout is not None:
            week.recovery_days.append(due.workout.recovery_days)
    if not by_monday:
        return []
    monday, found = min(by_monday), []
    while monday <= this_monday:
        found.append(by_monday.get(monday, Week(monday)))
        monday += dt.timedelta(weeks=1)
    return found


def share_done(dues: Iterable[Due], *, today: dt.date) -> int | None:
    """Per cent of the planned sessions of past days done as planned or lighter; None when
    none fell due."""
    past = [d for d in dues if d.day < today]
    if not past:
        return None
    followed = sum(1 for d in past if d.workout is not None and d.workout.plan_followed in FOLLOWED)
    return round(100 * followed / len(past))


def outcomes(dues: Iterable[Due], *, today: dt.date, now: dt.datetime, tz) -> list:
    """The due sessions as ``progression.Outcome`` rows: past ones not done, and done ones
    whose recovery is known or overdue (an answer that can still come is left out until it
    comes, so a session done yesterday does not count as "not recovered")."""
    found = []
    for due in dues:
        workout = due.workout
        if workout is None:
            if due.day < today:
                found.append(
                    progression.Outcome(due.day, NOT_DONE, target_max=due.session.borg_max)
                )
            continue
        if workout.recovery_days is None:
            answered = [r.asked_for for r in workout.answers]
            if question_state(workout, answered_days=answered, now=now, tz=tz) in (
                RECOVERY_PENDING
            ):
                continue
        found.append(
            progression.Outcome(
                due.day,
                workout.plan_followed,
                rpe=workout.rpe,
                target_max=due.session.borg_max,
                recovery_days=workout.recovery_days,
            )
        )
    return found


# The progression suggestion -----------------------------------------------------------------


@dataclass
class Suggestion:
    """A proposal for the next version of ``programme`` that the physiotherapist has not
    decided on yet."""

    programme: Programme
    proposal: progression.Proposal
    changes: list[str]

    @property
    def code(self) -> str:
        return self.proposal.code

    @property
    def is_more(self) -> bool:
        return self.proposal.kind == progression.MORE

    @property
    def title(self) -> str:
        return str(ProgressionDecision.Code(self.code).label)

    @property
    def rule(self) -> str:
        return self.proposal.rule

    @property
    def next_version(self) -> int:
        return self.programme.version + 1


def proposal_snapshot(sessions: Iterable) -> list[dict]:
    """A proposal's sessions in the shape of ``selectors.snapshot``, for ``describe_changes``."""
    return [
        {
            "kind": str(ExerciseType(s.kind).label),
            "weekdays": s.weekdays,
            "minutes": s.minutes,
            "borg": (s.borg_min, s.borg_max),
            "setting": str(PlannedSession.Setting(s.setting).label),
            "note": s.note,
            "items": [(item.exercise.key, item.exercise.name, item.dose) for item in s.items],
        }
        for s in sessions
    ]


def propose_for(
    programme: Programme, *, dues: list[Due], flags, today: dt.date, now: dt.datetime, tz
) -> tuple[progression.Proposal, list[str]] | None:
    """``progression.propose`` for the current version, with what would change; None when it
    proposes nothing or nothing would change (a dose already at its cap)."""
    exercises = {
        i.exercise_id: i.exercise for s in programme.sessions.all() for i in s.exercises.all()
    }
    exercise_facts = facts(exercises.values())
    sessions = [session_data(s, exercise_facts) for s in programme.sessions.all()]
    since = programme.created_at
    proposal = progression.propose(
        sessions=sessions,
        outcomes=outcomes(dues, today=today, now=now, tz=tz),
        # Flags from before this version were answered by making it: they do not count again.
        flags=[
            (kind, local_date(at, tz))
            for kind, at, _open in flags
            if kind in STEP_DOWN_FLAGS and at >= since
        ],
        open_flags=sum(1 for _kind, _at, is_open in flags if is_open),
        today=today,
        programme_since=local_date(since, tz),
    )
    if proposal is None:
        return None
    current = snapshot(programme)
    changes = describe_changes(current, proposal_snapshot(proposal.sessions))
    if not changes:
        return None
    return proposal, changes


# Selectors ----------------------------------------------------------------------------------


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


def _linked_workouts(patients, start: dt.date, end: dt.date):
    return WorkoutSession.objects.filter(
        patient__in=patients,
        planned_session__isnull=False,
        performed_on__gte=start,
        performed_on__lte=end,
    ).select_related("planned_session")


def plan_review(*, patient: PatientProfile, now: dt.datetime | None = None) -> PlanReview:
    """Adherence per week for the last ``ADHERENCE_WEEKS`` weeks and the progression
    suggestion, if any. Seven queries at most, however many weeks, versions and sessions."""
    now = now or timezone.now()
    tz = patient.centre.tzinfo
    today = local_date(now, tz)
    # 1-3: every version with its sessions and their exercises (a version made long ago can
    # still be the one in effect eight weeks back).
    versions = list(_with_sessions(Programme.objects.filter(patient=patient)).order_by("version"))
    if not versions:
        return PlanReview(None, [], None, today)
    current = versions[-1]
    this_monday = today - dt.timedelta(days=today.weekday())
    start = this_monday - dt.timedelta(weeks=ADHERENCE_WEEKS - 1)
    dues = due_sessions(versions, tz=tz, start=start, end=this_monday + dt.timedelta(days=6))
    # 4-5: the workouts that carried out planned sessions, with their recovery answers.
    workouts = _linked_workouts([patient], start, today).prefetch_related(
        Prefetch(
            "recovery_reports",
            queryset=RecoveryReport.objects.filter(answered_at__isnull=False),
            to_attr="answers",
        )
    )
    match(dues, workouts)
    # 6: open flags, and the slow recoveries and too-hard sessions since this version.
    flags = [
        (kind, at, acknowledged is None)
        for kind, at, acknowledged in Flag.objects.filter(patient=patient)
        .filter(
            Q(acknowledged_at__isnull=True)
            | Q(kind__in=STEP_DOWN_FLAGS, created_at__gte=current.created_at)
        )
        .values_list("kind", "created_at", "acknowledged_at")
    ]
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


def adherence_by_patient(
    patients: Iterable[PatientProfile], *, now: dt.datetime | None = None
) -> dict[int, int | None]:
    """``share_done`` over the last ``LIST_WINDOW`` days up to yesterday, per patient (with
    ``centre`` loaded). Three queries however many patients."""
    now = now or timezone.now()
    patients = list(patients)
    today = {p.pk: local_date(now, p.centre.tzinfo) for p in patients}
    if not patients:
        return {}
    earliest = min(today.values()) - LIST_WINDOW
    versions: dict[int, list[Programme]] = defaultdict(list)
    for programme in Programme.objects.filter(patient__in=patients).prefetch_related(
        Prefetch("sessions", queryset=PlannedSession.objects.order_by("order", "id"))
    ):
        versions[programme.patient_id].append(programme)
    workouts: dict[int, list[WorkoutSession]] = defaultdict(list)
    for workout in _linked_workouts(patients, earliest, max(today.values())):
        workouts[workout.patient_id].append(workout)
    found = {}
    for patient in patients:
        day = today[patient.pk]
        dues = due_sessions(
            versions[patient.pk],
            tz=patient.centre.tzinfo,
            start=day - LIST_WINDOW,
            end=day - dt.timedelta(days=1),
        )
        found[patient.pk] = share_done(match(dues, workouts[patient.pk]), today=day)
    return found


# The chart: one stacked bar a week ----------------------------------------------------------

BAR_PARTS = (
    (AS_PLANNED, "as-planned"),
    (LIGHTER, "lighter"),
    (OTHER, "other"),
    (NOT_DONE, "not-done"),
    (TO_COME, "to-come"),
)
CHART_WIDTH, ROW_HEIGHT, LABEL_WIDTH, TOP, AXIS_HEIGHT = 560, 30, 92, 8, 48


@dataclass
class Segment:
    css: str
    x: float
    width: float
    count: int

    @property
    def text_x(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def show_count(self) -> bool:
        return self.width >= 22


@dataclass
class Row:
    label: str
    y: float
    segments: list[Segment]

    @property
    def text_y(self) -> float:
        return round(self.y + (ROW_HEIGHT - 8) / 2, 1)


@dataclass
class AdherenceChart:
    rows: list[Row]
    ticks: list[tuple[float, int]]
    width: int = CHART_WIDTH
    left: int = LABEL_WIDTH
    right: int = CHART_WIDTH - 16
    top: int = TOP

    @property
    def bottom(self) -> int:
        return TOP + ROW_HEIGHT * len(self.rows)

    @property
    def height(self) -> int:
        return self.bottom + AXIS_HEIGHT

    @property
    def tick_y(self) -> int:
        return self.bottom + 20

    @property
    def label_y(self) -> int:
        return self.height - 6


def adherence_chart(week_rows: list[Week]) -> AdherenceChart:
    """Horizontal bars, one a week, split into as planned / lighter / something else / not
    done / to come; each part has its own fill pattern (CSS), not only its own colour."""
    most = max([w.planned for w in week_rows] + [1])
    span = CHART_WIDTH - 16 - LABEL_WIDTH
    rows = []
    for index, week in enumerate(week_rows):
        x = float(LABEL_WIDTH)
        segments = []
        for status, css in BAR_PARTS:
            count = getattr(week, status)
            if count:
                width = round(span * count / most, 1)
                segments.append(Segment(css, round(x, 1), width, count))
                x += width
        label = _("Week %(number)s") % {"number": week.number}
        rows.append(Row(label, TOP + ROW_HEIGHT * index + 4, segments))
    step = max(1, -(-most // 6))
    ticks = [(round(LABEL_WIDTH + span * n / most, 1), n) for n in range(0, most + 1, step)]
    return AdherenceChart(rows=rows, ticks=ticks)
