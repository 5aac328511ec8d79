"""The next-day recovery follow-up: which questions are open, answering them, and the flags
an answer raises.

The clinical message behind it (DESIGN.md, "Recovery"): you should recover within about one
day. Soreness for a couple of days is normal; not recovering within a day means the next
sessions should be lighter or shorter, and the physiotherapist should see it.

All days here are local days in the patient's centre's time zone. Day 0 is the session's own
local date (``WorkoutSession.performed_on``), day 1 the next local day, and so on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from patients.models import PatientProfile
from sessions_log.models import Flag, RecoveryReport, WorkoutSession

# The question opens this long after a session has ended (started_at + duration).
RECOVERY_QUESTION_DELAY = dt.timedelta(hours=20)
# A question nobody answers on this many local days in a row stops being asked.
UNANSWERED_DAYS_LIMIT = 3
# "Still sore on day 5 or later" (DESIGN.md) raises prolonged_soreness.
PROLONGED_SORENESS_DAY = 5
# Sessions older than this cannot have an open question (first day + 3 days of asking, and
# at most one re-ask a day while the patient keeps answering "not yet"); it only bounds
# the query. A patient who keeps answering "not yet" for a month is still asked.
_LOOKBACK = dt.timedelta(days=60)

NOT_RECOVERED = (RecoveryReport.Recovered.PARTLY, RecoveryReport.Recovered.NO)
STILL_SORE = (RecoveryReport.Soreness.SOME, RecoveryReport.Soreness.A_LOT)


def question_opens_at(session: WorkoutSession) -> dt.datetime:
    """When the first recovery question for ``session`` opens."""
    return session.started_at + dt.timedelta(minutes=session.duration_min) + RECOVERY_QUESTION_DELAY


def _local_date(moment: dt.datetime, tz) -> dt.date:
    return timezone.localtime(moment, tz).date()


@dataclass(frozen=True)
class OpenQuestion:
    """One recovery question the patient can answer today (``asked_for``)."""

    session: WorkoutSession
    asked_for: dt.date
    day_number: int  # local days since the session; 1 = the next day
    # The day the patient last said "not yet", or None for the first ask.
    previous_answer_on: dt.date | None = None

    @property
    def is_follow_up(self) -> bool:
        return self.previous_answer_on is not None


def question_state(
    session: WorkoutSession, *, answered_days: list[dt.date], now: dt.datetime, tz
) -> str:
    """The state of one session's recovery question at ``now``.

    ``answered_days`` are the ``asked_for`` dates of the session's *answered* reports
    (``answered_at`` set). Returns one of:

    - ``"not_yet"``: the question has not opened (now < started_at + duration + 20 h);
    - ``"recovered"``: the patient answered "yes" (``recovery_days`` is set);
    - ``"answered_today"``: answered "not yet" today, asked again tomorrow;
    - ``"open"``: the patient can answer it today;
    - ``"no_answer"``: left unanswered for 3 local days, no longer asked.
    """
    if session.recovery_days is not None:
        return "recovered"
    opens_at = question_opens_at(session)
    if now < opens_at:
        return "not_yet"
    today = _local_date(now, tz)
    last = max(answered_days) if answered_days else None
    if last is not None and last >= today:
        return "answered_today"
    # The first ask is on the day the question opens; after a "not yet" the question comes
    # back the next local day. It is asked on 3 local days at most without an answer.
    first_ask = _local_date(opens_at, tz) if last is None else last + dt.timedelta(days=1)
    if (today - first_ask).days >= UNANSWERED_DAYS_LIMIT:
        return "no_answer"
    return "open"


def open_recovery_questions(*, patient: PatientProfile, now: dt.datetime | None = None):
    """The recovery questions ``patient`` can answer at ``now``, oldest session first.

    The rules (a set-based version for reminders must agree with them). With ``today`` the
    local date of ``now`` in the patient's centre's time zone, a session's question is open
    when all of these hold:

    0. the session started within the last 60 days (a bound for the query only);
    1. ``now >= session.started_at + duration_min minutes + 20 hours`` (opens_at);
    2. ``session.recovery_days IS NULL`` (the patient has not yet answered "yes");
    3. no *answered* report (``answered_at IS NOT NULL``) has ``asked_for >= today``;
    4. ``today - first_ask < 3 days``, where ``first_ask`` is the local date of opens_at when
       the session has no answered report, else the day after the latest answered
       ``asked_for``. So a question is asked on at most 3 local days in a row without an
       answer; then it stops and the physiotherapist sees "no answer".

    Unanswered report rows (``answered_at IS NULL``, e.g. written when a reminder was sent)
    do not change anything above. The answer is stored for ``asked_for = today``.
    """
    now = now or timezone.now()
    tz = patient.centre.tzinfo
    today = _local_date(now, tz)
    candidates = {
        "recovery_days__isnull": True,
        "started_at__gte": now - _LOOKBACK,
        "started_at__lte": now - RECOVERY_QUESTION_DELAY,
    }
    sessions = list(
        WorkoutSession.objects.filter(patient=patient, **candidates).order_by("started_at", "pk")
    )
    # Two queries whatever the number of sessions (the home page has a query budget).
    answered: dict[int, list[dt.date]] = {}
    for session_id, asked_for in RecoveryReport.objects.filter(
        session__patient=patient,
        answered_at__isnull=False,
        **{f"session__{key}": value for key, value in candidates.items()},
    ).values_list("session_id", "asked_for"):
        answered.setdefault(session_id, []).append(asked_for)
    questions = []
    for session in sessions:
        days = answered.get(session.pk, [])
        if question_state(session, answered_days=days, now=now, tz=tz) == "open":
            questions.append(
                OpenQuestion(
                    session=session,
                    asked_for=today,
                    day_number=(today - session.performed_on).days,
                    previous_answer_on=max(days) if days else None,
                )
            )
    return questions


def open_question_for(*, session: WorkoutSession, now: dt.datetime | None = None):
    """The open question for this one session, or None."""
    for question in open_recovery_questions(patient=session.patient, now=now):
        if question.session.pk == session.pk:
            return question
    return None


def raise_flag(*, session: WorkoutSession, kind: str) -> tuple[Flag, bool]:
    """Create the session's flag of ``kind`` unless it exists. Returns (flag, created).

    The database allows one flag per session and kind; a concurrent request that wins the
    race makes ours fail, and that counts as "exists".
    """
    defaults = {"patient_id": session.patient_id, "created_at": timezone.now()}
    try:
        with transaction.atomic():
            return Flag.objects.get_or_create(session=session, kind=kind, defaults=defaults)
    except IntegrityError:
        return Flag.objects.get(session=session, kind=kind), False


@transaction.atomic
def answer_recovery_question(
    *,
    session: WorkoutSession,
    recovered: str,
    managed_chores: bool,
    soreness: str,
    note: str = "",
    now: dt.datetime | None = None,
) -> RecoveryReport:
    """Store today's answer for ``session`` and raise the flags it calls for.

    - recovered "partly" or "no" -> slow_recovery (and the question comes back tomorrow);
    - recovered "yes" -> ``session.recovery_days`` = local days from the session to today;
    - chores not managed -> too_hard;
    - still sore ("some" or "a lot") on day 5 or later -> prolonged_soreness.

    One report per session and local day: a second answer the same day (a double submit,
    or a corrected tap) updates it. Flags are only ever added, never twice.
    """
    now = now or timezone.now()
    tz = session.patient.centre.tzinfo
    today = _local_date(now, tz)
    report = (
        RecoveryReport.objects.select_for_update().filter(session=session, asked_for=today).first()
    ) or RecoveryReport(session=session, asked_for=today, created_at=now)
    report.answered_at = now
    report.recovered = recovered
    report.managed_chores = managed_chores
    report.soreness = soreness
    report.note = note.strip()
    report.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        # Another request stored today's answer between our read and our insert.
        report.pk = RecoveryReport.objects.get(session=session, asked_for=today).pk
        report._state.adding = False
        report.save()

    day_number = (today - session.performed_on).days
    if recovered == RecoveryReport.Recovered.YES:
        WorkoutSession.objects.filter(pk=session.pk).update(recovery_days=max(day_number, 0))
        session.recovery_days = max(day_number, 0)
    else:
        raise_flag(session=session, kind=Flag.Kind.SLOW_RECOVERY)
    if managed_chores is False:
        raise_flag(session=session, kind=Flag.Kind.TOO_HARD)
    if soreness in STILL_SORE and day_number >= PROLONGED_SORENESS_DAY:
        raise_flag(session=session, kind=Flag.Kind.PROLONGED_SORENESS)
    return report


def latest_answer(*, session: WorkoutSession) -> RecoveryReport | None:
    return (
        session.recovery_reports.filter(answered_at__isnull=False)
        .order_by("-asked_for", "-pk")
        .first()
    )


# --- The patient's home page ---------------------------------------------------------------


@dataclass
class HomeFollowup:
    """What the home page shows from the follow-up: open questions and physio notes."""

    questions: list[OpenQuestion]
    notes: list[Flag]

    def __bool__(self) -> bool:
        return bool(self.questions or self.notes)


def unseen_physio_notes(*, patient: PatientProfile) -> list[Flag]:
    """Notes the physiotherapist left when acknowledging a flag, not yet dismissed."""
    return list(
        Flag.objects.filter(
            patient=patient, acknowledged_at__isnull=False, note_seen_at__isnull=True
        )
        .exclude(physio_note="")
        .select_related("acknowledged_by")
        .order_by("-acknowledged_at", "-pk")[:5]
    )


def home_followup(*, patient: PatientProfile, now: dt.datetime | None = None) -> HomeFollowup:
    return HomeFollowup(
        questions=open_recovery_questions(patient=patient, now=now),
        notes=unseen_physio_notes(patient=patient),
    )


def mark_note_seen(*, flag: Flag, now: dt.datetime | None = None) -> None:
    """The patient dismissed the note; a second tap changes nothing."""
    Flag.objects.filter(pk=flag.pk, note_seen_at__isnull=True).update(
        note_seen_at=now or timezone.now()
    )
