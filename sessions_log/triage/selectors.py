"""Reads for the physiotherapist's review: the triage queue of flags, its history, the inactive
list, and a patient's timeline. Every list here costs a fixed number of
queries, however many patients the centre has."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, F, IntegerField, Prefetch, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from patients.models import PatientProfile
from pusterom.models import User
from sessions_log import activity, guidance
from sessions_log.models import CheckIn, Flag, RecoveryReport, WorkoutSession
from sessions_log.recovery.rules import question_state

# Most serious first. A red check-in whose sign needs a call at once (the oncology ward's
# 24-hour phone, or 113) comes before everything, newest first: it may still be going on.
# Then other red check-ins (strong dizziness, vomiting, strong pain: contact today), effort
# above a cap set during heart-straining treatment, a session that left the patient unable to
# manage daily chores, a fall, and a run of hard days; slow recovery and soreness are
# reviewed at the next contact. Kinds not listed sort last. (Issue 10's review of the queue.)
URGENT = (guidance.CALL_NOW, guidance.EMERGENCY)
SEVERITY = (
    Flag.Kind.RED_CHECKIN,
    Flag.Kind.OVER_RESTRICTION,
    Flag.Kind.TOO_HARD,
    Flag.Kind.FALL,
    Flag.Kind.REPEATED_HARD_DAYS,
    Flag.Kind.SLOW_RECOVERY,
    Flag.Kind.INJURY_FLARE,
    Flag.Kind.PROLONGED_SORENESS,
    Flag.Kind.INACTIVE,
)
SERIOUS = {
    Flag.Kind.RED_CHECKIN,
    Flag.Kind.OVER_RESTRICTION,
    Flag.Kind.TOO_HARD,
    Flag.Kind.FALL,
}
TIMELINE_DAYS = 14
CHART_WEEKS = 8
UNASSIGNED = "none"


def _is_urgent() -> Q:
    return Q(kind=Flag.Kind.RED_CHECKIN, check_in__urgency__in=URGENT)


def _severity():
    return Case(
        When(_is_urgent(), then=Value(0)),
        *[When(kind=kind, then=Value(rank + 1)) for rank, kind in enumerate(SEVERITY)],
        default=Value(len(SEVERITY) + 1),
        output_field=IntegerField(),
    )


def _flags_of_centre(centre_id):
    # The sessions are fetched for the page shown only (one query by id): joined, the planner
    # read every session of the centre to sort all open flags.
    # Of the patient, their account and their physiotherapist only what a row shows (names)
    # and what links and audits it: a profile and two accounts were some 50 columns a row.
    return (
        Flag.objects.filter(patient__centre_id=centre_id)
        .select_related("patient", "patient__user", "patient__assigned_physio", "check_in")
        .only(*_FLAG_ROW_FIELDS)
        .prefetch_related("session")
    )


_FLAG_ROW_FIELDS = (
    *(f.name for f in Flag._meta.concrete_fields),
    "patient__user_id",
    "patient__assigned_physio_id",
    "patient__user__first_name",
    "patient__user__last_name",
    "patient__user__email",
    "patient__assigned_physio__first_name",
    "patient__assigned_physio__last_name",
    "patient__assigned_physio__email",
    *(f"check_in__{f.name}" for f in CheckIn._meta.concrete_fields),
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
    """Open flags of the centre: most serious first; a call-now or emergency red check-in
    newest first, every other kind oldest first. A patient whose account is closed is no
    longer followed up, so their flags leave the queue (they are kept, and come back if the
    account is opened again)."""
    qs = _flags_of_centre(centre_id).filter(
        acknowledged_at__isnull=True, patient__user__is_active=True
    )
    return (
        _filtered(qs, kind=kind, physio=physio)
        .annotate(
            severity=_severity(),
            urgent_at=Case(When(_is_urgent(), then=F("created_at")), default=None),
        )
        .order_by("severity", F("urgent_at").desc(nulls_last=True), "created_at", "pk")
    )


@dataclass(frozen=True)
class OwnWords:
    """What the patient wrote about a session: its note, or a recovery answer's."""

    text: str
    source: str  # "session" or "recovery"


def with_context(flags: list[Flag], *, today: dt.date) -> list[Flag]:
    """Give each flag of a queue page ``today_check_in`` (the patient's check-in of the
    centre's today, or None) and ``own_words`` (the patient's notes about the flag's session,
    newest first). Two queries, however many rows."""
    patient_ids = {flag.patient_id for flag in flags}
    today_check_ins = {
        c.patient_id: c for c in CheckIn.objects.filter(patient_id__in=patient_ids, date=today)
    }
    session_ids = {flag.session_id for flag in flags if flag.session_id}
    notes: dict[int, list[OwnWords]] = {}
    for report in (
        RecoveryReport.objects.filter(session_id__in=session_ids, answered_at__isnull=False)
        .exclude(note="")
        .order_by("-asked_for", "-pk")
        .only("session_id", "note")
    ):
        notes.setdefault(report.session_id, []).append(OwnWords(report.note, "recovery"))
    for flag in flags:
        flag.today_check_in = today_check_ins.get(flag.patient_id)
        words = list(notes.get(flag.session_id, [])) if flag.session_id else []
        if flag.session is not None and flag.session.notes:
            words.append(OwnWords(flag.session.notes, "session"))
        flag.own_words = words
    return flags


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
    flags: list[Flag]  # every open flag, and every one created from flags_since on
    flags_since: dt.datetime
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
    flags_since = now - dt.timedelta(weeks=CHART_WEEKS)
    flags = list(
        Flag.objects.filter(patient=patient)
        .filter(Q(acknowledged_at__isnull=True) | Q(created_at__gte=flags_since))
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
        flags_since=flags_since,
        timeline=list(days.values()),
    )
