"""Reads for the patient pages: today's check-in, the week's progress, the history."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.utils import timezone

from patients.models import PatientProfile, Restriction
from patients.selectors import active_restrictions
from sessions_log import guidance
from sessions_log.models import CheckIn, Flag, RecoveryReport, WorkoutSession
from sessions_log.recovery.rules import NOT_RECOVERED

# Helsedirektoratet / ACSM weekly dose: 150 minutes moderate (vigorous counts double),
# strength on 2 days, balance for people aged 65+ or with neuropathy.
GUIDELINE_MINUTES = 150
STRENGTH_DAYS = 2
BALANCE_DAYS = 2
BALANCE_AGE = 65
# Borg RPE bands: 12-14 is moderate ("somewhat hard"), 15 and above vigorous.
MODERATE_RPE = 12
VIGOROUS_RPE = 15
# A slow recovery or a too-hard session within this many days makes today's guidance lighter.
STEP_DOWN_WINDOW = dt.timedelta(days=3)


def week_start(day: dt.date) -> dt.date:
    """The Monday of the ISO week that holds ``day``."""
    return day - dt.timedelta(days=day.weekday())


def _percent(value: int, target: int) -> int:
    return min(100, round(100 * value / target)) if target else 0


@dataclass(frozen=True)
class WeeklyProgress:
    week_start: dt.date
    light_minutes: int
    moderate_minutes: int
    vigorous_minutes: int
    guideline_minutes: int  # moderate + 2 x vigorous
    strength_days: int
    balance_days: int
    balance_applies: bool
    session_count: int

    guideline_target = GUIDELINE_MINUTES
    strength_target = STRENGTH_DAYS
    balance_target = BALANCE_DAYS

    @property
    def week_end(self) -> dt.date:
        return self.week_start + dt.timedelta(days=6)

    @property
    def guideline_percent(self) -> int:
        return _percent(self.guideline_minutes, GUIDELINE_MINUTES)

    @property
    def strength_percent(self) -> int:
        return _percent(self.strength_days, STRENGTH_DAYS)

    @property
    def balance_percent(self) -> int:
        return _percent(self.balance_days, BALANCE_DAYS)


def weekly_progress(*, patient: PatientProfile, day: dt.date) -> WeeklyProgress:
    """The ISO week (Monday to Sunday, the patient's local dates) that holds ``day``.

    Every session counts, however short: short bouts add up (Helsedirektoratet, ACSM)."""
    start = week_start(day)
    totals = WorkoutSession.objects.filter(
        patient=patient, performed_on__gte=start, performed_on__lte=start + dt.timedelta(days=6)
    ).aggregate(
        light=Sum("duration_min", filter=Q(rpe__lt=MODERATE_RPE)),
        moderate=Sum("duration_min", filter=Q(rpe__gte=MODERATE_RPE, rpe__lt=VIGOROUS_RPE)),
        vigorous=Sum("duration_min", filter=Q(rpe__gte=VIGOROUS_RPE)),
        strength_days=Count(
            "performed_on", filter=Q(activity=WorkoutSession.Activity.STRENGTH), distinct=True
        ),
        balance_days=Count(
            "performed_on", filter=Q(activity=WorkoutSession.Activity.BALANCE), distinct=True
        ),
        sessions=Count("pk"),
    )
    moderate = totals["moderate"] or 0
    vigorous = totals["vigorous"] or 0
    balance_applies = (
        patient.age_on(day) >= BALANCE_AGE
        or patient.restrictions.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=day),
            kind=Restriction.Kind.NEUROPATHY,
            starts_on__lte=day,
        ).exists()
    )
    return WeeklyProgress(
        week_start=start,
        light_minutes=totals["light"] or 0,
        moderate_minutes=moderate,
        vigorous_minutes=vigorous,
        guideline_minutes=moderate + 2 * vigorous,
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
    since = (now or timezone.now()) - STEP_DOWN_WINDOW
    kinds = set(
        Flag.objects.filter(
            patient=patient, kind__in=guidance.STEP_DOWN_FLAGS, created_at__gte=since
        ).values_list("kind", flat=True)
    )
    answers = RecoveryReport.objects.filter(session__patient=patient, answered_at__gte=since)
    recent = answers.aggregate(
        slow_recovery=Count("pk", filter=Q(recovered__in=NOT_RECOVERED)),
        too_hard=Count("pk", filter=Q(managed_chores=False)),
    )
    kinds.update(kind for kind, count in recent.items() if count)
    return sorted(kinds)


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
        return self.week_start + dt.timedelta(days=6)

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
    """A page of weeks with check-ins or sessions, newest first, in four queries."""
    session_days = WorkoutSession.objects.filter(patient=patient).values_list(
        "performed_on", flat=True
    )
    check_in_days = CheckIn.objects.filter(patient=patient).values_list("date", flat=True)
    weeks = sorted(
        {week_start(d) for d in session_days.distinct()}
        | {week_start(d) for d in check_in_days.distinct()},
        reverse=True,
    )
    page = Paginator(weeks, WEEKS_PER_PAGE).get_page(page_number)
    if not page.object_list:
        page.weeks = []
        return page
    first = min(page.object_list)
    last = max(page.object_list) + dt.timedelta(days=6)
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
        grouped[week_start(date)].append(by_day[date])
    page.weeks = [HistoryWeek(week_start=w, days=grouped[w]) for w in page.object_list]
    return page
