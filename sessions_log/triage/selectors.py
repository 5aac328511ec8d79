"""Reads for the physiotherapist's review: the triage queue of flags, its history, the inactive
list, and a patient's timeline. Every list here costs a fixed number of
queries, however many patients the centre has."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Prefetch, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from patients.models import PatientProfile
from pusterom.models import User
from sessions_log import activity
from sessions_log.models import CheckIn, Flag, RecoveryReport, WorkoutSession
from sessions_log.recovery.rules import question_state

# Most serious first. A red check-in (fever, chest symptoms, strong dizziness...) and a
# session that left the patient unable to manage daily chores need a call today; a cap
# exceeded during heart-straining treatment comes next; slow recovery and soreness are
# reviewed at the next contact. Kinds not listed sort last.
SEVERITY = (
    Flag.Kind.RED_CHECKIN,
    Flag.Kind.TOO_HARD,
    Flag.Kind.OVER_RESTRICTION,
    Flag.Kind.SLOW_RECOVERY,
    Flag.Kind.INJURY_FLARE,
    Flag.Kind.PROLONGED_SORENESS,
    Flag.Kind.INACTIVE,
)
SERIOUS = {Flag.Kind.RED_CHECKIN, Flag.Kind.TOO_HARD}
TIMELINE_DAYS = 14
CHART_WEEKS = 8
UNASSIGNED = "none"


def _severity():
    return Case(
        *[When(kind=kind, then=Value(rank)) for rank, kind in enumerate(SEVERITY)],
        default=Value(len(SEVERITY)),
        output_field=IntegerField(),
    )


def _flags_of_centre(centre_id):
    return Flag.objects.filter(patient__centre_id=centre_id).select_related(
        "patient", "patient__user", "patient__assigned_physio", "session", "check_in"
    )


def _filtered(qs, *, kind: str = "", physio: str = ""):
    if kind:
        qs = qs.filter(kind=kind)
    if physio == UNASSIGNED:
        qs = qs.filter(patient__assigned_physio__isnull=True)
    elif physio:
        qs = qs.filter(patient__assigned_physio_id=physio)
    return qs


def open_flags(*, centre_id: int, kind: str = "", physio: str = ""):
    """Open flags of the centre: most serious first, then oldest first. A patient whose
    account is closed is no longer followed up, so their flags leave the queue (they are
    kept, and come back if the account is opened again)."""
    qs = _flags_of_centre(centre_id).filter(
        acknowledged_at__isnull=True, patient__user__is_active=True
    )
    return (
        _filtered(qs, kind=kind, physio=physio)
        .annotate(severity=_severity())
        .order_by("severity", "created_at", "pk")
    )


def acknowledged_flags(*, centre_id: int, kind: str = "", physio: str = ""):
    """Acknowledged flags of the centre, most recently acknowledged first."""
    qs = (
        _flags_of_centre(centre_id)
        .filter(acknowledged_at__isnull=False)
        .select_related("acknowledged_by")
    )
    return _filtered(qs, kind=kind, physio=physio).order_by("-acknowledged_at", "-pk")


def inactive_patients(*, centre_id: int, now: dt.datetime | None = None, physio: str = ""):
    """Patients of the centre with no check-in or workout for ``activity.INACTIVE_AFTER`` or
    more (or, if they never did anything, an account older than that), quietest first."""
    now = now or timezone.now()
    qs = (
        PatientProfile.objects.filter(centre_id=centre_id, user__is_active=True)
        .select_related("user", "assigned_physio")
        .annotate(quiet_since=Coalesce("last_activity_at", "created_at"))
        .filter(quiet_since__lte=now - activity.INACTIVE_AFTER)
    )
    qs = _filtered_patients(qs, physio=physio)
    return qs.order_by("quiet_since", "pk")


def _filtered_patients(qs, *, physio: str = ""):
    if physio == UNASSIGNED:
        return qs.filter(assigned_physio__isnull=True)
    if physio:
        return qs.filter(assigned_physio_id=physio)
    return qs


def centre_physios(*, centre_id: int):
    return User.objects.filter(centre_id=centre_id, role=User.Role.PHYSIO, is_active=True).order_by(
        "first_name", "last_name", "pk"
    )


# --- The patient page ----------------------------------------------------------------------


@dataclass
class TimelineEntry:
    kind: str  # "check_in", "session", "recovery", "flag"
    at: dt.datetime
    obj: object
    state: str = ""


@dataclass
class TimelineDay:
    day: dt.date
    entries: list[TimelineEntry] = field(default_factory=list)


@dataclass
class PatientActivity:
    """What the patient page shows below the summary; a fixed number of queries."""

    today: dt.date
    timeline_days: int
    check_ins: list[CheckIn]
    sessions: list[WorkoutSession]
    flags: list[Flag]
    timeline: list[TimelineDay]

    @property
    def open_flags(self) -> list[Flag]:
        return [f for f in self.flags if f.acknowledged_at is None]


def _midday(day: dt.date, tz) -> dt.datetime:
    # A check-in has a date but its time of day does not matter for ordering a timeline.
    return dt.datetime.combine(day, dt.time(12), tzinfo=tz)


def patient_activity(*, patient: PatientProfile, now: dt.datetime | None = None) -> PatientActivity:
    """Check-ins and sessions of the last 8 weeks, the patient's open flags and those of the
    last 8 weeks, and a timeline of the last 14 days (newest day first). Four queries."""
    now = now or timezone.now()
    tz = patient.centre.tzinfo
    today = timezone.localtime(now, tz).date()
    since = today - dt.timedelta(weeks=CHART_WEEKS) + dt.timedelta(days=1)
    check_ins = list(
        CheckIn.objects.filter(patient=patient, date__gte=since, date__lte=today).order_by("date")
    )
    sessions = list(
        WorkoutSession.objects.filter(patient=patient, performed_on__gte=since)
        .prefetch_related(
            Prefetch(
                "recovery_reports",
                queryset=RecoveryReport.objects.filter(answered_at__isnull=False).order_by(
                    "asked_for", "pk"
                ),
                to_attr="answers",
            )
        )
        .order_by("started_at", "pk")
    )
    for session in sessions:
        session.recovery_state = question_state(
            session, answered_days=[r.asked_for for r in session.answers], now=now, tz=tz
        )
    flags = list(
        Flag.objects.filter(patient=patient)
        .filter(
            Q(acknowledged_at__isnull=True)
            | Q(created_at__gte=now - dt.timedelta(weeks=CHART_WEEKS))
        )
        .select_related("acknowledged_by", "session", "check_in")
        .order_by("-created_at", "-pk")
    )

    timeline_since = today - dt.timedelta(days=TIMELINE_DAYS - 1)
    entries: list[TimelineEntry] = []
    for check_in in check_ins:
        if check_in.date >= timeline_since:
            entries.append(TimelineEntry("check_in", _midday(check_in.date, tz), check_in))
    for session in sessions:
        if session.performed_on >= timeline_since:
            entries.append(
                TimelineEntry("session", session.started_at, session, session.recovery_state)
            )
        for report in session.answers:
            if report.asked_for >= timeline_since:
                entries.append(TimelineEntry("recovery", report.answered_at, report))
                report.session_obj = session
    for flag in flags:
        if timezone.localtime(flag.created_at, tz).date() >= timeline_since:
            entries.append(TimelineEntry("flag", flag.created_at, flag))
    entries.sort(key=lambda e: e.at, reverse=True)
    days: dict[dt.date, TimelineDay] = {}
    for entry in entries:
        day = timezone.localtime(entry.at, tz).date()
        days.setdefault(day, TimelineDay(day)).entries.append(entry)
    return PatientActivity(
        today=today,
        timeline_days=TIMELINE_DAYS,
        check_ins=check_ins,
        sessions=sessions,
        flags=flags,
        timeline=list(days.values()),
    )
