"""Reads for the patient pages: today's check-in, the week's progress, the history."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import CharField, Count, Q, Sum, Value
from django.utils import timezone

from patients.models import PatientProfile, Restriction
from patients.selectors import active_restrictions
from sessions_log import activity, guidance
from sessions_log.models import CheckIn, Flag, RecoveryReport, WorkoutSession
from sessions_log.recovery.rules import NOT_RECOVERED


@dataclass(frozen=True)
class WeeklyProgress:
    """The week's dose so far (rules in ``sessions_log.activity``)."""

    week_start: dt.date
    light_minutes: int
    moderate_minutes: int
    vigorous_minutes: int
    guideline_minutes: int  # moderate + 2 x vigorous
    strength_days: int
    balance_days: int
    balance_applies: bool
    session_count: int

    guideline_target = activity.GUIDELINE_MINUTES
    strength_target = activity.STRENGTH_DAYS
    balance_target = activity.BALANCE_DAYS
    # The bands, for the words under the bars.
    moderate_rpe = activity.MODERATE.lowest_rpe
    moderate_rpe_highest = activity.MODERATE.highest_rpe
    vigorous_rpe = activity.VIGOROUS.lowest_rpe

    @property
    def week_end(self) -> dt.date:
        return activity.week_end(self.week_start)

    @property
    def guideline_percent(self) -> int:
        return activity.percent(self.guideline_minutes, self.guideline_target)

    @property
    def strength_percent(self) -> int:
        return activity.percent(self.strength_days, self.strength_target)

    @property
    def balance_percent(self) -> int:
        return activity.percent(self.balance_days, self.balance_target)


def minutes_by_intensity():
    """Sum(duration_min) per band of ``activity.INTENSITIES``, keyed by band name, for
    ``aggregate()``: the SQL side of ``activity.intensity_of``."""
    return {
        band.name: Sum(
            "duration_min", filter=Q(rpe__gte=band.lowest_rpe, rpe__lte=band.highest_rpe)
        )
        for band in activity.INTENSITIES
    }


def week_workouts(*, patient: PatientProfile, day: dt.date) -> list[WorkoutSession]:
    """The patient's workouts of the ISO week that holds ``day``, in the order they began:
    the home page reads them once for the week's progress and for "Dagens økt"."""
    start = activity.week_start(day)
    return list(
        WorkoutSession.objects.filter(
            patient=patient, performed_on__gte=start, performed_on__lte=activity.week_end(start)
        ).order_by("started_at", "pk")
    )


def _week_totals(workouts: list[WorkoutSession]) -> dict:
    """What ``weekly_progress`` sums in SQL, from the week's workouts already read."""
    totals: dict = {band.name: 0 for band in activity.INTENSITIES}
    for workout in workouts:  # the database keeps rpe on the Borg scale (6-20)
        totals[activity.intensity_of(workout.rpe).name] += workout.duration_min
    days_of = {
        kind: {w.performed_on for w in workouts if w.activity == kind}
        for kind in (WorkoutSession.Activity.STRENGTH, WorkoutSession.Activity.BALANCE)
    }
    totals["strength_days"] = len(days_of[WorkoutSession.Activity.STRENGTH])
    totals["balance_days"] = len(days_of[WorkoutSession.Activity.BALANCE])
    totals["sessions"] = len(workouts)
    return totals


def weekly_progress(
    *,
    patient: PatientProfile,
    day: dt.date,
    restrictions: list[Restriction] | None = None,
    workouts: list[WorkoutSession] | None = None,
) -> WeeklyProgress:
    """The ISO week (Monday to Sunday, the patient's local dates) that holds ``day``.
    ``restrictions``: the patient's restrictions in force on ``day``, when the caller has
    them already (one query fewer); ``workouts``: the week's workouts (``week_workouts``),
    likewise."""
    start = activity.week_start(day)
    if workouts is not None:
        totals = _week_totals(workouts)
    else:
        totals = WorkoutSession.objects.filter(
            patient=patient, performed_on__gte=start, performed_on__lte=activity.week_end(start)
        ).aggregate(
            **minutes_by_intensity(),
            strength_days=Count(
                "performed_on", filter=Q(activity=WorkoutSession.Activity.STRENGTH), distinct=True
            ),
            balance_days=Count(
                "performed_on", filter=Q(activity=WorkoutSession.Activity.BALANCE), distinct=True
            ),
            sessions=Count("pk"),
        )
    minutes = {band.name: totals[band.name] or 0 for band in activity.INTENSITIES}
    if restrictions is None:
        neuropathy = (
            patient.restrictions.active_on(day).filter(kind=Restriction.Kind.NEUROPATHY).exists()
        )
    else:
        neuropathy = any(r.kind == Restriction.Kind.NEUROPATHY for r in restrictions)
    balance_applies = patient.age_on(day) >= activity.BALANCE_AGE or neuropathy
    return WeeklyProgress(
        week_start=start,
        light_minutes=minutes[activity.LIGHT.name],
        moderate_minutes=minutes[activity.MODERATE.name],
        vigorous_minutes=minutes[activity.VIGOROUS.name],
        guideline_minutes=activity.guideline_minutes(minutes),
        strength_days=totals["strength_days"],
        balance_days=totals["balance_days"],
        balance_applies=balance_applies,
        session_count=totals["sessions"],
    )


def check_in_on(*, patient: PatientProfile, day: dt.date) -> CheckIn | None:
    return CheckIn.objects.filter(patient=patient, date=day).first()


def restrictions_on(*, patient: PatientProfile, day: dt.date) -> list[Restriction]:
    """Restrictions in force on ``day``, each with a plain ``.sentence`` for the patient."""
    return active_restrictions(patient=patient, day=day)


def recent_step_down_flags(*, patient: PatientProfile, now=None) -> list[str]:
    """Kinds of recent flags that say the last session was too much (see guidance).

    A session's flag is raised once, on the first "not yet"; a patient who still answers
    "not recovered" (or "chores not managed") days later still needs the lighter advice, so
    recent answers count as well as recent flags."""
    since = (now or timezone.now()) - guidance.STEP_DOWN_WINDOW
    slow_recovery, too_hard = guidance.STEP_DOWN_FLAGS
    # Each part without the models' default order: SQLite allows no ORDER BY inside a UNION.
    flags = (
        Flag.objects.filter(
            patient=patient, kind__in=guidance.STEP_DOWN_FLAGS, created_at__gte=since
        )
        .order_by()
        .values_list("kind")
    )
    answers = RecoveryReport.objects.filter(
        session__patient=patient, answered_at__gte=since
    ).order_by()

    def answered(kind: str, condition: Q):
        return (
            answers.filter(condition)
            .annotate(flag_kind=Value(kind, output_field=CharField()))
            .values_list("flag_kind")
        )

    # One query: UNION leaves each kind once.
    kinds = flags.union(
        answered(slow_recovery, Q(recovered__in=NOT_RECOVERED)),
        answered(too_hard, Q(managed_chores=False)),
    ).order_by()
    return sorted(kind for (kind,) in kinds)


def last_session(*, patient: PatientProfile, day: dt.date) -> WorkoutSession | None:
    """The patient's latest session on or before ``day`` ("sore from last time")."""
    return (
        WorkoutSession.objects.filter(patient=patient, performed_on__lte=day)
        .order_by("-performed_on", "-started_at", "-pk")
        .first()
    )


def recent_levels(*, patient: PatientProfile, day: dt.date, days: int) -> dict[dt.date, str]:
    """The level of each check-in from ``days`` days before ``day`` up to ``day``."""
    return dict(
        CheckIn.objects.filter(
            patient=patient, date__gte=day - dt.timedelta(days=days), date__lte=day
        ).values_list("date", "level")
    )


def check_ins_today_and_yesterday(
    *, patient: PatientProfile, day: dt.date
) -> tuple[CheckIn | None, CheckIn | None]:
    """The check-in of ``day`` and of the day before (for "the same as yesterday"), in one
    query."""
    yesterday = day - dt.timedelta(days=1)
    found = {c.date: c for c in CheckIn.objects.filter(patient=patient, date__in=[day, yesterday])}
    return found.get(day), found.get(yesterday)


def check_in_assessment(check_in: CheckIn, *, restrictions=()) -> guidance.Assessment:
    """The stored result of a check-in, in the active language."""
    return guidance.describe(check_in.level, check_in.reasons, restrictions=restrictions)


def session_for_form(*, patient: PatientProfile, client_uuid) -> WorkoutSession | None:
    """The patient's session saved from the form with this id, if any."""
    try:
        value = uuid.UUID(str(client_uuid))
    except ValueError:
        return None
    return WorkoutSession.objects.filter(patient=patient, client_uuid=value).first()


def same_session_since(
    *, patient: PatientProfile, performed_on: dt.date, activity: str, duration_min: int, since
) -> WorkoutSession | None:
    """The patient's latest session with this day, activity and minutes saved since
    after ``since`` (see services.REPEAT_WINDOW)."""
    return (
        WorkoutSession.objects.filter(
            patient=patient,
            performed_on=performed_on,
            activity=activity,
            duration_min=duration_min,
            created_at__gt=since,
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def session_flag_kinds(session: WorkoutSession) -> set[str]:
    return set(session.flags.values_list("kind", flat=True))


# History ----------------------------------------------------------------------------------

WEEKS_PER_PAGE = 4


@dataclass
class HistoryDay:
    date: dt.date
    check_in: CheckIn | None = None
    sessions: list[WorkoutSession] = field(default_factory=list)


@dataclass
class HistoryWeek:
    week_start: dt.date
    days: list[HistoryDay] = field(default_factory=list)

    @property
    def week_end(self) -> dt.date:
        return activity.week_end(self.week_start)

    @property
    def iso_week(self) -> int:
        return self.week_start.isocalendar().week

    @property
    def minutes(self) -> int:
        return sum(s.duration_min for d in self.days for s in d.sessions)

    @property
    def session_count(self) -> int:
        return sum(len(d.sessions) for d in self.days)


def history_page(*, patient: PatientProfile, page_number=1):
    """A page of weeks with check-ins or sessions, newest first, in three queries."""
    # Every day with a session or a check-in, in one query (UNION drops the repeats).
    days = (
        WorkoutSession.objects.filter(patient=patient)
        .order_by()
        .values_list("performed_on", flat=True)
        .union(CheckIn.objects.filter(patient=patient).order_by().values_list("date", flat=True))
        .order_by()
    )
    weeks = sorted({activity.week_start(d) for d in days}, reverse=True)
    page = Paginator(weeks, WEEKS_PER_PAGE).get_page(page_number)
    if not page.object_list:
        page.weeks = []
        return page
    first = min(page.object_list)
    last = activity.week_end(max(page.object_list))
    by_day: dict[dt.date, HistoryDay] = {}

    def day_of(date):
        return by_day.setdefault(date, HistoryDay(date=date))

    for check_in in CheckIn.objects.filter(patient=patient, date__gte=first, date__lte=last):
        day_of(check_in.date).check_in = check_in
    sessions = (
        WorkoutSession.objects.filter(
            patient=patient, performed_on__gte=first, performed_on__lte=last
        )
        .select_related("flare_injury")
        .order_by("-performed_on", "-started_at", "-pk")
    )
    for session in sessions:
        day_of(session.performed_on).sessions.append(session)
    grouped: dict[dt.date, list[HistoryDay]] = defaultdict(list)
    for date in sorted(by_day, reverse=True):
        grouped[activity.week_start(date)].append(by_day[date])
    page.weeks = [HistoryWeek(week_start=w, days=grouped[w]) for w in page.object_list]
    return page
