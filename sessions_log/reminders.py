"""Reminders: what is due, creating ``Reminder`` rows, and rendering and sending one of them.

The database is the source of truth. The dispatcher (``dispatch_due``) runs every minute; for
each time zone in use it walks the patients who may be due for each kind in keyset-paginated
batches (2,000 by primary key; never all patients at once), narrows each batch with a few
indexed queries (reminders already made, today's check-ins, open recovery questions), inserts
one ``Reminder`` row per patient, kind, local date and channel with ``INSERT ... ON CONFLICT DO
NOTHING RETURNING id`` (PostgreSQL, and SQLite from 3.35), and queues one send per row it
actually inserted. The unique constraint makes a second or concurrent dispatcher harmless: it
inserts nothing and so queues nothing.

"Due" is a condition, not a moment: a check-in reminder is due from the chosen time until the
quiet hours start, so a dispatcher that missed some minutes (a worker restart) catches up.

Sending (``send_reminder``) claims the row with a conditional UPDATE (``WHERE sent_at IS NULL``)
before it talks to the mail server or SMS provider, so a send task that runs twice sends
once. The price is at-most-once delivery: a worker killed between the claim and the send
leaves a row marked sent that never left. For a reminder that is the right side to err on.

Messages carry no health data: they say what to do and link to the page behind login.
Logs carry ids, kinds and channels only.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import zoneinfo
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from patients.models import PatientProfile
from patients.sms import SmsError, send_sms
from pusterom.models import Centre
from sessions_log.activity import INACTIVE_AFTER
from sessions_log.models import CheckIn, RecoveryReport, Reminder, WorkoutSession
from sessions_log.recovery import (
    RECOVERY_LOOKBACK,
    RECOVERY_QUESTION_DELAY,
    open_recovery_questions,
    question_state,
)

logger = logging.getLogger(__name__)

Kind = Reminder.Kind
Channel = Reminder.Channel

# Nothing is sent between 21:00 and 08:00 local time; what falls there waits for 08:00.
QUIET_START = dt.time(21, 0)
QUIET_END = dt.time(8, 0)
INACTIVITY_EVERY = dt.timedelta(days=7)

BATCH_SIZE = 2000
INSERT_CHUNK = 1000  # rows per INSERT statement (7 parameters a row; SQLite allows 32,766)
# A row whose send never ran (the broker was down when it was queued) is queued again.
REQUEUE_AFTER = dt.timedelta(minutes=5)
REQUEUE_WINDOW = dt.timedelta(hours=24)
REQUEUE_LIMIT = 1000
# One send and at most 5 retries; a row at this count is not queued again.
MAX_ATTEMPTS = 6

UNSUBSCRIBE_SALT = "pusterom.reminders.unsubscribe"
KIND_FIELDS = {
    Kind.CHECKIN: "remind_checkin",
    Kind.RECOVERY: "remind_recovery",
    Kind.INACTIVITY: "remind_inactivity",
    Kind.WEEKLY: "remind_weekly",
}

Enqueue = Callable[[list[int]], None]


class TransientSendError(Exception):
    """Sending failed in a way a retry may fix (connection refused, timeout, 4xx)."""


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


# What is due ----------------------------------------------------------------------------------

PATIENT_FIELDS = ("pk", "email_opt_in", "sms_opt_in", "phone", "user__email")


def _reachable(queryset):
    """Reminders on, account active, and at least one channel that can reach the patient."""
    return queryset.filter(reminders_enabled=True, user__is_active=True).filter(
        (Q(email_opt_in=True) & ~Q(user__email="")) | (Q(sms_opt_in=True) & ~Q(phone=""))
    )


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


# Each kind is a queryset over patients that needs only the patient's own columns (walked
# by primary key), and a narrowing step per batch that looks up reminders already made,
# check-ins and sessions for the batch's patient range through their indexes. An anti-join
# in SQL would be shorter, but the planner's estimate for today's rows lags behind while a
# run inserts them, and a nested loop over 100,000 patients then turns quadratic.


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


def _batches(queryset, batch_size: int) -> Iterator[list[dict]]:
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


def channels_for(row: dict) -> list[str]:
    channels = []
    if row["email_opt_in"] and row["user__email"]:
        channels.append(Channel.EMAIL)
    if row["sms_opt_in"] and row["phone"]:
        channels.append(Channel.SMS)
    return channels


# Inserting rows ------------------------------------------------------------------------------


def insert_reminders(rows: list[tuple[int, str, dt.date, str]], *, created_at) -> list[int]:
    """Insert (patient_id, kind, for_date, channel) rows; return the ids of those actually
    inserted. Rows that exist already (another dispatcher, a second run) are skipped by the
    unique constraint and are not returned, so nobody queues them twice.

    ``bulk_create(ignore_conflicts=True)`` cannot say which rows it inserted; ON CONFLICT DO
    NOTHING RETURNING can, on PostgreSQL and on SQLite alike.
    """
    if not rows:
        return []
    qn = connection.ops.quote_name
    meta = Reminder._meta
    columns = ", ".join(
        qn(meta.get_field(name).column)
        for name in ("patient", "kind", "for_date", "channel", "created_at", "attempts", "error")
    )
    head = f"INSERT INTO {qn(meta.db_table)} ({columns}) "  # noqa: S608 - names are ours
    tail = f" ON CONFLICT DO NOTHING RETURNING {qn(meta.pk.column)}"
    ids: list[int] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Four array parameters for the whole batch: cheap to send and to parse.
            patient_ids, kinds, dates, channels = (
                list(column) for column in zip(*rows, strict=True)
            )
            select = (
                "SELECT p, k, d, c, %s, 0, '' FROM unnest("
                "%s::bigint[], %s::varchar[], %s::date[], %s::varchar[]) AS t (p, k, d, c)"
            )
            cursor.execute(head + select + tail, [created_at, patient_ids, kinds, dates, channels])
            return [row[0] for row in cursor.fetchall()]
        stamp = connection.ops.adapt_datetimefield_value(created_at)
        for start in range(0, len(rows), INSERT_CHUNK):
            chunk = rows[start : start + INSERT_CHUNK]
            params: list = []
            for patient_id, kind, for_date, channel in chunk:
                params += [
                    patient_id,
                    kind,
                    connection.ops.adapt_datefield_value(for_date),
                    channel,
                    stamp,
                ]
            values = ", ".join(["(%s, %s, %s, %s, %s, 0, '')"] * len(chunk))
            cursor.execute(head + f"VALUES {values}" + tail, params)
            ids.extend(row[0] for row in cursor.fetchall())
    return ids


# The dispatcher ------------------------------------------------------------------------------


@dataclass
class DispatchResult:
    created: int = 0
    queued: int = 0
    requeued: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


def _zones(centre_ids: Iterable[int] | None) -> dict[str, list[int]]:
    centres = Centre.objects.all()
    if centre_ids is not None:
        centres = centres.filter(pk__in=list(centre_ids))
    zones: dict[str, list[int]] = defaultdict(list)
    for pk, tz_name in centres.values_list("pk", "timezone"):
        zones[tz_name].append(pk)
    return zones


def dispatch_due(
    *,
    enqueue: Enqueue,
    now: dt.datetime | None = None,
    batch_size: int = BATCH_SIZE,
    centre_ids: Iterable[int] | None = None,
) -> DispatchResult:
    """Create the reminders that are due now and queue their sends; re-queue lost sends.

    Each batch is one transaction: its rows are committed and its sends queued (through
    ``enqueue``, which should use ``delay_on_commit``) before the next batch is read.
    ``centre_ids`` limits the run to some centres (the benchmark); by default, all.
    """
    now = now or timezone.now()
    result = DispatchResult()
    awake: list[int] = []  # centres outside the quiet hours
    for tz_name, centre_ids_in_zone in _zones(centre_ids).items():
        clock = LocalClock.at(now, tz_name)
        if clock.quiet:
            continue
        awake += centre_ids_in_zone
        base = _reachable(PatientProfile.objects.filter(centre_id__in=centre_ids_in_zone))
        plans = (
            (Kind.CHECKIN, checkin_due(base, clock), checkin_narrow),
            (Kind.RECOVERY, recovery_due(base, clock), recovery_narrow),
            (Kind.INACTIVITY, inactivity_due(base, clock), inactivity_narrow),
            (Kind.WEEKLY, weekly_due(base, clock), weekly_narrow),
        )
        for kind, queryset, narrow in plans:
            for batch in _batches(queryset, batch_size):
                keep = narrow([row["pk"] for row in batch], clock)
                batch = [row for row in batch if row["pk"] in keep]
                if not batch:
                    continue
                rows = [
                    (row["pk"], kind, clock.date, channel)
                    for row in batch
                    for channel in channels_for(row)
                ]
                with transaction.atomic():
                    ids = insert_reminders(rows, created_at=now)
                    if ids:
                        enqueue(ids)
                result.created += len(ids)
                result.queued += len(ids)
                result.by_kind[str(kind)] = result.by_kind.get(str(kind), 0) + len(ids)
    # A send queued in the quiet hours would only be deferred; it waits for the morning here.
    stale = list(
        Reminder.objects.filter(
            patient__centre_id__in=awake,
            sent_at__isnull=True,
            attempts__lt=MAX_ATTEMPTS,
            created_at__lt=now - REQUEUE_AFTER,
            created_at__gte=now - REQUEUE_WINDOW,
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:REQUEUE_LIMIT]
    )
    if stale:
        enqueue(stale)
        result.requeued = len(stale)
    if result.created or result.requeued:
        logger.info(
            "reminders dispatched created=%s requeued=%s by_kind=%s",
            result.created,
            result.requeued,
            result.by_kind,
        )
    return result


# Rendering and sending one reminder ---------------------------------------------------------


def unsubscribe_token(*, patient_id: int, kind: str) -> str:
    return signing.dumps({"p": patient_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=False)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(patient id, kind), or None for a token that was not made by us."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        patient_id, kind = int(data["p"]), str(data["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if kind not in KIND_FIELDS:
        return None
    return patient_id, kind


def _absolute(name: str, *fallbacks: str) -> str:
    for candidate in (name, *fallbacks):
        try:
            return settings.SITE_URL + reverse(candidate)
        except NoReverseMatch:
            continue
    return settings.SITE_URL + "/"


def link_for(kind: str) -> str:
    """Where the message sends the patient: the page that does the thing, behind login."""
    if kind == Kind.CHECKIN:
        return _absolute("sessions_log:check_in", "sessions_log:home")
    if kind == Kind.WEEKLY:
        return _absolute("sessions_log:weekly_summary", "sessions_log:home")
    return _absolute("sessions_log:home")


@dataclass(frozen=True)
class RenderedReminder:
    subject: str
    text: str
    html: str
    sms: str
    unsubscribe_url: str


def render_reminder(*, reminder: Reminder, patient: PatientProfile) -> RenderedReminder:
    """The message in the patient's language. It names no diagnosis, symptom, level or
    number: only what to do, and a link."""
    user = patient.user
    unsubscribe_url = settings.SITE_URL + reverse(
        "sessions_log:reminder_unsubscribe",
        kwargs={"token": unsubscribe_token(patient_id=patient.pk, kind=reminder.kind)},
    )
    context = {
        "kind": reminder.kind,
        "first_name": user.first_name,
        "url": link_for(reminder.kind),
        "unsubscribe_url": unsubscribe_url,
        "settings_url": _absolute("sessions_log:reminder_settings"),
    }
    with translation.override(user.language or settings.LANGUAGE_CODE):
        return RenderedReminder(
            subject=render_to_string("emails/reminder_subject.txt", context).strip(),
            text=render_to_string("emails/reminder_message.txt", context),
            html=render_to_string("emails/reminder_message.html", context),
            sms=" ".join(render_to_string("emails/reminder_sms.txt", context).split()),
            unsubscribe_url=unsubscribe_url,
        )


def _skip_reason(reminder: Reminder, patient: PatientProfile, clock: LocalClock) -> str:
    """Why a queued reminder should no longer go out (settings changed, the patient did it
    already, or it is stale), or "" to send it."""
    if not patient.reminders_enabled or not patient.user.is_active:
        return "paused"
    if not getattr(patient, KIND_FIELDS[reminder.kind]):
        return "kind off"
    if reminder.channel == Channel.EMAIL and not (patient.email_opt_in and patient.user.email):
        return "channel off"
    if reminder.channel == Channel.SMS and not (patient.sms_opt_in and patient.phone):
        return "channel off"
    if reminder.kind in (Kind.CHECKIN, Kind.RECOVERY) and reminder.for_date != clock.date:
        return "stale"
    if (
        reminder.kind == Kind.CHECKIN
        and CheckIn.objects.filter(patient=patient, date=reminder.for_date).exists()
    ):
        return "done"
    if reminder.kind == Kind.RECOVERY and not open_recovery_questions(
        patient=patient, now=clock.now
    ):
        return "done"
    if reminder.kind == Kind.WEEKLY and clock.date - reminder.for_date > dt.timedelta(days=1):
        return "stale"
    if reminder.kind == Kind.INACTIVITY and (
        patient.last_activity_at and patient.last_activity_at >= clock.now - INACTIVE_AFTER
    ):
        return "done"
    return ""


def _is_transient(exc: Exception) -> bool:
    if isinstance(exc, SmsError):
        return exc.transient
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return False
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code < 500
    return isinstance(exc, OSError)  # connection refused, timeouts, other SMTP trouble


def _describe(exc: Exception) -> str:
    """An error for the row: the exception's class and code, never the message (which may
    quote the address)."""
    code = getattr(exc, "smtp_code", None)
    return f"{type(exc).__name__}{f' {code}' if code else ''}"[:200]


def _deliver(reminder: Reminder, patient: PatientProfile) -> None:
    message = render_reminder(reminder=reminder, patient=patient)
    if reminder.channel == Channel.SMS:
        send_sms(to=patient.phone, body=message.sms)
        return
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        to=[patient.user.email],
        headers={
            # RFC 8058 one-click unsubscribe: the mail client POSTs to the link.
            "List-Unsubscribe": f"<{message.unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    email.attach_alternative(message.html, "text/html")
    email.send()


def send_reminder(*, reminder_id: int, now: dt.datetime | None = None) -> str:
    """Send one reminder once. Returns what happened: sent, already_sent, skipped, deferred,
    failed or missing; raises TransientSendError when a retry may help."""
    now = now or timezone.now()
    reminder = (
        Reminder.objects.select_related("patient__user", "patient__centre")
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is None:
        return "missing"
    if reminder.sent_at is not None:
        return "already_sent"
    patient = reminder.patient
    clock = LocalClock.at(now, patient.centre.timezone)
    reason = _skip_reason(reminder, patient, clock)
    if reason:
        Reminder.objects.filter(pk=reminder.pk, sent_at__isnull=True).update(
            error=f"skipped: {reason}", attempts=MAX_ATTEMPTS
        )
        logger.info("reminder skipped id=%s kind=%s reason=%s", reminder.pk, reminder.kind, reason)
        return "skipped"
    if clock.quiet:
        # A send that was held up (the broker was down) waits for the morning; the
        # dispatcher queues it again then.
        return "deferred"
    claimed = Reminder.objects.filter(pk=reminder.pk, sent_at__isnull=True).update(
        sent_at=now, attempts=F("attempts") + 1, error=""
    )
    if claimed != 1:
        return "already_sent"
    try:
        _deliver(reminder, patient)
    except Exception as exc:  # noqa: BLE001 - every failure is recorded; transient ones retry
        transient = _is_transient(exc)
        Reminder.objects.filter(pk=reminder.pk).update(
            sent_at=None,
            error=_describe(exc),
            **({} if transient else {"attempts": MAX_ATTEMPTS}),
        )
        logger.warning(
            "reminder failed id=%s kind=%s channel=%s transient=%s error=%s",
            reminder.pk,
            reminder.kind,
            reminder.channel,
            transient,
            type(exc).__name__,
        )
        if transient:
            raise TransientSendError(_describe(exc)) from exc
        return "failed"
    logger.info(
        "reminder sent id=%s kind=%s channel=%s", reminder.pk, reminder.kind, reminder.channel
    )
    return "sent"


# Settings ------------------------------------------------------------------------------------

SETTINGS_FIELDS = (
    "reminder_time",
    "reminder_days",
    "reminders_enabled",
    "email_opt_in",
    "sms_opt_in",
    "remind_checkin",
    "remind_recovery",
    "remind_inactivity",
    "remind_weekly",
)


def update_reminder_settings(*, patient: PatientProfile, **fields) -> PatientProfile:
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"not reminder settings: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(patient, name, value)
    patient.full_clean()
    patient.save(update_fields=list(fields))
    logger.info("reminder settings changed patient=%s", patient.pk)
    return patient


def unsubscribe(*, patient_id: int, kind: str) -> PatientProfile | None:
    """Turn one kind off for the patient the signed link was made for."""
    patient = PatientProfile.objects.filter(pk=patient_id).first()
    if patient is None:
        return None
    field_name = KIND_FIELDS[kind]
    if getattr(patient, field_name):
        setattr(patient, field_name, False)
        patient.save(update_fields=[field_name])
        logger.info("reminder unsubscribed patient=%s kind=%s", patient.pk, kind)
    return patient


def days_from(value: Iterable[str]) -> str:
    """ISO weekdays as the model keeps them: "135" for Monday, Wednesday and Friday."""
    return "".join(sorted(set(value)))
