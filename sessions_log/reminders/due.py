"""Which patients each kind of reminder is due for, at a moment in one time zone.

"Due" is a condition, not a moment: a check-in reminder is due from the chosen time until the
quiet hours start, so a dispatcher that missed some minutes (a worker restart) catches up.

Each kind is a queryset over patients that needs only the patient's own columns (walked by
primary key in batches), and a narrowing step per batch that looks up reminders already made,
check-ins and sessions for the batch's patient range through their indexes. An anti-join in
SQL would be shorter, but the planner's estimate for today's rows lags behind while a run
inserts them, and a nested loop over 100,000 patients then turns quadratic.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q

from sessions_log.activity import INACTIVE_AFTER
from sessions_log.models import CheckIn, RecoveryReport, Reminder, WorkoutSession
from sessions_log.recovery import RECOVERY_LOOKBACK, RECOVERY_QUESTION_DELAY, question_state

Kind = Reminder.Kind
Channel = Reminder.Channel

# Nothing is sent between 21:00 and 08:00 local time; what falls there waits for 08:00.
QUIET_START = dt.time(21, 0)
QUIET_END = dt.time(8, 0)
INACTIVITY_EVERY = dt.timedelta(days=7)

# The patient's switch for each kind.
KIND_FIELDS = {
    Kind.CHECKIN: "remind_checkin",
    Kind.RECOVERY: "remind_recovery",
    Kind.INACTIVITY: "remind_inactivity",
    Kind.WEEKLY: "remind_weekly",
}

PATIENT_FIELDS = ("pk", "email_opt_in", "sms_opt_in", "phone", "user__email")


# Local time ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LocalClock:
    """``now`` as it is on the wall in one time zone."""

    now: dt.datetime
    local: dt.datetime

    @classmethod
    def at(cls, now: dt.datetime, tz_name: str) -> LocalClock:
        return cls(now=now, local=now.astimezone(zoneinfo.ZoneInfo(tz_name)))

    @property
    def date(self) -> dt.date:
        return self.local.date()

    @property
    def time(self) -> dt.time:
        return self.local.time().replace(tzinfo=None)

    @property
    def weekday(self) -> int:
        return self.local.isoweekday()

    @property
    def quiet(self) -> bool:
        return in_quiet_hours(self.time)


def in_quiet_hours(local_time: dt.time) -> bool:
    return local_time >= QUIET_START or local_time < QUIET_END


def _time_reached(clock: LocalClock) -> Q:
    """The patient's reminder time has come today. Outside quiet hours, a time before 08:00
    has always come; a time from 21:00 (not offered by the form) waits for 08:00 too."""
    return Q(reminder_time__lte=clock.time) | Q(reminder_time__gte=QUIET_START)


# Who can be reached ---------------------------------------------------------------------------


def reachable(queryset):
    """Reminders on, account active, and at least one channel that can reach the patient."""
    return queryset.filter(reminders_enabled=True, user__is_active=True).filter(
        (Q(email_opt_in=True) & ~Q(user__email="")) | (Q(sms_opt_in=True) & ~Q(phone=""))
    )


def channels_for(row: dict) -> list[str]:
    channels = []
    if row["email_opt_in"] and row["user__email"]:
        channels.append(Channel.EMAIL)
    if row["sms_opt_in"] and row["phone"]:
        channels.append(Channel.SMS)
    return channels


def batches(queryset, batch_size: int) -> Iterator[list[dict]]:
    """Keyset pagination by primary key: each batch is one query; no OFFSET, no full list."""
    last = 0
    while True:
        rows = list(
            queryset.filter(pk__gt=last).order_by("pk").values(*PATIENT_FIELDS)[:batch_size]
        )
        if not rows:
            return
        yield rows
        if len(rows) < batch_size:
            return
        last = rows[-1]["pk"]


def _in_batch(ids: list[int]) -> Q:
    """The batch's patients as a primary-key range (two parameters, one index range scan);
    callers intersect with the batch. A long IN list costs more to send than to run."""
    return Q(patient_id__gte=min(ids), patient_id__lte=max(ids))


def _reminded(ids: list[int], kind: str, **dates) -> set[int]:
    return set(
        Reminder.objects.filter(_in_batch(ids), kind=kind, **dates).values_list(
            "patient_id", flat=True
        )
    )


# Each kind: ``*_due`` narrows the patients' queryset, ``*_narrow`` a batch of their ids. ------


def checkin_due(base, clock: LocalClock):
    """On a chosen weekday, from the chosen time ..."""
    return base.filter(
        _time_reached(clock), remind_checkin=True, reminder_days__contains=str(clock.weekday)
    )


def checkin_narrow(ids: list[int], clock: LocalClock) -> set[int]:
    """... unless the patient checked in today or has today's reminder."""
    checked_in = set(
        CheckIn.objects.filter(_in_batch(ids), date=clock.date).values_list("patient_id", flat=True)
    )
    return set(ids) - checked_in - _reminded(ids, Kind.CHECKIN, for_date=clock.date)


def inactivity_due(base, clock: LocalClock):
    """Seven days without a check-in or a session (or since the account was made), at the
    patient's reminder time ..."""
    since = clock.now - INACTIVE_AFTER
    return base.filter(_time_reached(clock), remind_inactivity=True).filter(
        Q(last_activity_at__lte=since) | Q(last_activity_at__isnull=True, created_at__lte=since)
    )


def inactivity_narrow(ids: list[int], clock: LocalClock) -> set[int]:
    """... at most once in seven days."""
    return set(ids) - _reminded(ids, Kind.INACTIVITY, for_date__gt=clock.date - INACTIVITY_EVERY)


def weekly_due(base, clock: LocalClock):
    """Monday morning, from the end of the quiet hours."""
    if clock.weekday != 1:
        return base.none()
    return base.filter(remind_weekly=True)


def weekly_narrow(ids: list[int], clock: LocalClock) -> set[int]:
    return set(ids) - _reminded(ids, Kind.WEEKLY, for_date=clock.date)


def _open_sessions(now: dt.datetime):
    """Sessions that may still have a recovery question open (sessions_log.recovery rules
    0-2 in SQL): started within the look-back, at least 20 hours ago, not answered "yes"."""
    return WorkoutSession.objects.filter(
        recovery_days__isnull=True,
        started_at__gte=now - RECOVERY_LOOKBACK,
        started_at__lte=now - RECOVERY_QUESTION_DELAY,
    )


def recovery_due(base, clock: LocalClock):
    return base.filter(remind_recovery=True)


def recovery_narrow(ids: list[int], clock: LocalClock) -> set[int]:
    """Patients without today's reminder who have an open question."""
    ids = list(set(ids) - _reminded(ids, Kind.RECOVERY, for_date=clock.date))
    return recovery_filter(ids, clock) if ids else set()


def recovery_filter(patient_ids: list[int], clock: LocalClock) -> set[int]:
    """Of ``patient_ids``, those with at least one open recovery question now: two queries
    for the whole batch, then ``sessions_log.recovery.question_state`` for each session, so
    the reminder and the patient's page always agree. One reminder a day is enough: the
    page lists every open question."""
    wanted = set(patient_ids)
    open_sessions = _open_sessions(clock.now).filter(_in_batch(patient_ids))
    sessions = [
        session
        for session in open_sessions.only(
            "pk", "patient_id", "started_at", "duration_min", "recovery_days"
        )
        if session.patient_id in wanted
    ]
    if not sessions:
        return set()
    answered: dict[int, list[dt.date]] = defaultdict(list)
    for session_id, asked_for in RecoveryReport.objects.filter(
        session__in=open_sessions.values("pk"), answered_at__isnull=False
    ).values_list("session_id", "asked_for"):
        answered[session_id].append(asked_for)
    tz = clock.local.tzinfo
    return {
        session.patient_id
        for session in sessions
        if question_state(session, answered_days=answered[session.pk], now=clock.now, tz=tz)
        == "open"
    }


def plans(base, clock: LocalClock):
    """(kind, patients who may be due, narrowing step) for every kind."""
    return (
        (Kind.CHECKIN, checkin_due(base, clock), checkin_narrow),
        (Kind.RECOVERY, recovery_due(base, clock), recovery_narrow),
        (Kind.INACTIVITY, inactivity_due(base, clock), inactivity_narrow),
        (Kind.WEEKLY, weekly_due(base, clock), weekly_narrow),
    )
