"""The plan's adherence: planned vs done counted per week for the physiotherapist's patient
page (with its chart, one stacked bar a week), and the figure the patient list sorts by
(``adherence_by_patient``, three queries however many patients). Counting is pure over the
dues that ``matching`` has matched."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from patients.models import PatientProfile
from sessions_log.models import PlannedSession, Programme, WorkoutSession
from sessions_log.plans import progression
from sessions_log.plans.review.matching import (
    AS_PLANNED,
    FOLLOWED,
    LIGHTER,
    NOT_DONE,
    OTHER,
    TO_COME,
    Due,
    due_sessions,
    local_date,
    match,
)

# The patient page shows this many weeks (the current one included), like its charts.
ADHERENCE_WEEKS = 8
# The patient list's figure covers the same two weeks the progression rules look at.
LIST_WINDOW = progression.WINDOW


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


def linked_workouts(patients, start: dt.date, end: dt.date):
    """The workouts of ``patients`` from ``start`` to ``end`` that carried out a planned
    session, with it loaded."""
    return WorkoutSession.objects.filter(
        patient__in=patients,
        planned_session__isnull=False,
        performed_on__gte=start,
        performed_on__lte=end,
    ).select_related("planned_session")


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
    for workout in linked_workouts(patients, earliest, max(today.values())):
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
