"""Sending reminders: check each is still wanted, claim it, send it, record it.

Claim and send are two steps (``claimed_at``, then ``sent_at``): a claim keeps a second copy
of the task from sending too, and a claim that is older than ``CLAIM_TIMEOUT`` without a send
tells the dispatcher that the worker died mid-send (see the package docstring for the
at-least-once contract and its duplicate window).

``send_reminders`` takes a batch (the dispatcher queues up to ``tasks.SEND_BATCH`` ids a
task) and does per batch what one reminder used to cost per row: one query loads the rows
with their patients, one finds who has checked in already, one conditional UPDATE claims the
email reminders, and one transaction records their ``sent_at`` and writes their messages to
the mail outbox together. Text messages are claimed, sent and recorded one at a time, as
before: a provider is slow, and a worker stopped between two of them leaves nothing claimed
that was not tried.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import time
from dataclasses import dataclass, field

from django.core.mail import EmailMultiAlternatives, mailers
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from patients.models import PatientProfile
from patients.sms import SmsError, send_sms
from pusterom.mail import one_click_unsubscribe
from sessions_log.models import CheckIn, Reminder
from sessions_log.recovery import open_recovery_questions
from sessions_log.reminders.due import INACTIVE_AFTER, KIND_FIELDS, LocalClock
from sessions_log.reminders.rendering import render_reminder

logger = logging.getLogger(__name__)

Kind = Reminder.Kind
Channel = Reminder.Channel

# A claim this old without a send is taken to be lost and the row is queued again. Longer
# than the slowest send (an SMS provider's timeout, 30 s) by a wide margin.
CLAIM_TIMEOUT = dt.timedelta(minutes=5)
# One send and at most 5 retries; a row at this count is not queued again.
MAX_ATTEMPTS = 6
# A batch stops starting text messages after this long (each may wait for the provider's
# timeout), so a worker's warm shutdown stays within its grace period; the rest are queued
# again, unclaimed.
SMS_TIME_BUDGET = 20.0


class TransientSendError(Exception):
    """Sending failed in a way a retry may fix (connection refused, timeout, 4xx)."""


class AlreadySent(Exception):
    """Another worker recorded the send first (our claim had expired): undo ours."""


def _skip_reason(
    reminder: Reminder, patient: PatientProfile, clock: LocalClock, *, checked_in: bool
) -> str:
    """Why a queued reminder should no longer go out (settings changed, the patient did it
    already, or it is stale), or "" to send it. ``checked_in``: the patient has a check-in
    on the reminder's date."""
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
    if reminder.kind == Kind.CHECKIN and checked_in:
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


def _update_returning(
    ids: list[int], *, set_sql: str, set_params: list, where_sql: str, where_params: list
) -> set[int]:
    """``UPDATE reminder SET <set_sql> WHERE id IN ids AND <where_sql> RETURNING id``: a
    conditional update of many rows in one statement that says which rows it changed
    (PostgreSQL, and SQLite from 3.35, as the dispatcher's insert)."""
    if not ids:
        return set()
    qn = connection.ops.quote_name
    sql = (
        f"UPDATE {qn(Reminder._meta.db_table)} SET {set_sql} "  # noqa: S608 - names are ours
        f"WHERE {qn('id')} IN ({', '.join(['%s'] * len(ids))}) AND {where_sql} "
        f"RETURNING {qn('id')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*set_params, *ids, *where_params])
        return {row[0] for row in cursor.fetchall()}


def _stamp(moment: dt.datetime):
    return connection.ops.adapt_datetimefield_value(moment)


def _claim_many(ids: list[int], now: dt.datetime) -> set[int]:
    """Claim the unsent rows among ``ids`` whose claim is missing or expired, in one
    conditional UPDATE; returns the ids claimed (another worker holds the rest)."""
    return _update_returning(
        ids,
        set_sql="claimed_at = %s, attempts = attempts + 1, error = ''",
        set_params=[_stamp(now)],
        where_sql="sent_at IS NULL AND (claimed_at IS NULL OR claimed_at < %s)",
        where_params=[_stamp(now - CLAIM_TIMEOUT)],
    )


def _mark_sent_many(ids: list[int], now: dt.datetime) -> set[int]:
    """Record the sends; returns the ids recorded (another worker whose claim outlived ours
    may have recorded some first)."""
    return _update_returning(
        ids,
        set_sql="sent_at = %s, error = ''",
        set_params=[_stamp(now)],
        where_sql="sent_at IS NULL",
        where_params=[],
    )


def _mark_sent(reminder: Reminder, now: dt.datetime) -> None:
    if not _mark_sent_many([reminder.pk], now):
        raise AlreadySent


def _email(reminder: Reminder, patient: PatientProfile, message) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        to=[patient.user.email],
        # RFC 8058 one-click unsubscribe: the mail client POSTs to the link.
        headers=one_click_unsubscribe(message.unsubscribe_url),
    )
    email.attach_alternative(message.html, "text/html")
    return email


def _send_emails(emails: dict[int, EmailMultiAlternatives], now: dt.datetime) -> set[int]:
    """Record the sends and hand the messages to the mail outbox in one transaction: never
    one without the other. Returns the ids sent by this call."""
    with transaction.atomic():
        sent = _mark_sent_many(list(emails), now)
        messages = [message for pk, message in emails.items() if pk in sent]
        if messages:
            mailers["default"].send_messages(messages)
    return sent


def _deliver(reminder: Reminder, patient: PatientProfile, now: dt.datetime) -> None:
    """Send one claimed reminder; raises AlreadySent if another worker recorded it first."""
    message = render_reminder(reminder=reminder, patient=patient)
    if reminder.channel == Channel.SMS:
        send_sms(to=patient.phone, body=message.sms)
        _mark_sent(reminder, now)
        return
    if not _send_emails({reminder.pk: _email(reminder, patient, message)}, now):
        raise AlreadySent


def _claim(reminder: Reminder, now: dt.datetime) -> bool:
    return (
        Reminder.objects.filter(pk=reminder.pk, sent_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT))
        .update(claimed_at=now, attempts=F("attempts") + 1, error="")
        == 1
    )


@dataclass
class SendResult:
    """What happened to each reminder of a batch: sent, already_sent, claimed (another worker
    is sending it), skipped, deferred, failed, missing, retry (a transient failure: queue it
    again later) or requeue (not tried: queue it again now)."""

    outcomes: dict[int, str] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)

    def ids(self, outcome: str) -> list[int]:
        return [pk for pk, what in self.outcomes.items() if what == outcome]

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for what in self.outcomes.values():
            counts[what] = counts.get(what, 0) + 1
        return counts


def _failed(reminder: Reminder, exc: Exception, result: SendResult) -> None:
    """Record a failed send on its row: released for a retry when a retry may help."""
    transient = _is_transient(exc)
    Reminder.objects.filter(pk=reminder.pk, sent_at__isnull=True).update(
        claimed_at=None,
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
    result.outcomes[reminder.pk] = "retry" if transient else "failed"
    result.errors[reminder.pk] = _describe(exc)


def _sent(reminder: Reminder, result: SendResult) -> None:
    logger.info(
        "reminder sent id=%s kind=%s channel=%s", reminder.pk, reminder.kind, reminder.channel
    )
    result.outcomes[reminder.pk] = "sent"


def _checked_in(reminders: list[Reminder]) -> set[tuple[int, dt.date]]:
    """(patient id, date) of the check-ins the check-in reminders among ``reminders`` ask
    for, in one query."""
    wanted = [r for r in reminders if r.kind == Kind.CHECKIN]
    if not wanted:
        return set()
    return set(
        CheckIn.objects.filter(
            patient_id__in={r.patient_id for r in wanted}, date__in={r.for_date for r in wanted}
        ).values_list("patient_id", "date")
    )


def _due_now(reminders: list[Reminder], now: dt.datetime, result: SendResult) -> list[Reminder]:
    """The reminders that should go out now; the others are recorded as skipped (no longer
    wanted) or deferred (quiet hours)."""
    checked_in = _checked_in(reminders)
    clocks: dict[str, LocalClock] = {}
    due = []
    for reminder in reminders:
        patient = reminder.patient
        tz_name = patient.centre.timezone
        clock = clocks.get(tz_name) or clocks.setdefault(tz_name, LocalClock.at(now, tz_name))
        reason = _skip_reason(
            reminder,
            patient,
            clock,
            checked_in=(reminder.patient_id, reminder.for_date) in checked_in,
        )
        if reason:
            Reminder.objects.filter(pk=reminder.pk, sent_at__isnull=True).update(
                error=f"skipped: {reason}", attempts=MAX_ATTEMPTS, claimed_at=None
            )
            logger.info(
                "reminder skipped id=%s kind=%s reason=%s", reminder.pk, reminder.kind, reason
            )
            result.outcomes[reminder.pk] = "skipped"
        elif clock.quiet:
            # A send that was held up (the broker was down) waits for the morning; the
            # dispatcher queues it again then.
            result.outcomes[reminder.pk] = "deferred"
        else:
            due.append(reminder)
    return due


def _send_email_batch(reminders: list[Reminder], now: dt.datetime, result: SendResult) -> None:
    claimed = _claim_many([r.pk for r in reminders], now)
    emails: dict[int, EmailMultiAlternatives] = {}
    for reminder in reminders:
        if reminder.pk not in claimed:
            result.outcomes[reminder.pk] = "claimed"
            continue
        try:
            message = render_reminder(reminder=reminder, patient=reminder.patient)
            emails[reminder.pk] = _email(reminder, reminder.patient, message)
        except Exception as exc:  # noqa: BLE001 - recorded on the row
            _failed(reminder, exc, result)
    if not emails:
        return
    batch = [r for r in reminders if r.pk in emails]
    try:
        sent = _send_emails(emails, now)
    except Exception as exc:  # noqa: BLE001 - nothing was recorded: each row says why
        for reminder in batch:
            _failed(reminder, exc, result)
        return
    for reminder in batch:
        if reminder.pk in sent:
            _sent(reminder, result)
        else:
            logger.info("reminder already sent by another worker id=%s", reminder.pk)
            result.outcomes[reminder.pk] = "already_sent"


def _send_sms_one_by_one(reminders: list[Reminder], now: dt.datetime, result: SendResult) -> None:
    started = time.monotonic()
    for index, reminder in enumerate(reminders):
        if time.monotonic() - started > SMS_TIME_BUDGET:
            for rest in reminders[index:]:
                result.outcomes[rest.pk] = "requeue"
            return
        if not _claim(reminder, now):
            result.outcomes[reminder.pk] = "claimed"
            continue
        try:
            _deliver(reminder, reminder.patient, now)
        except AlreadySent:
            logger.info("reminder already sent by another worker id=%s", reminder.pk)
            result.outcomes[reminder.pk] = "already_sent"
        except Exception as exc:  # noqa: BLE001 - every failure is recorded; transient ones retry
            _failed(reminder, exc, result)
        else:
            _sent(reminder, result)


def send_reminders(*, reminder_ids: list[int], now: dt.datetime | None = None) -> SendResult:
    """Send each of these reminders once (see the module docstring)."""
    now = now or timezone.now()
    result = SendResult()
    rows = (
        Reminder.objects.select_related("patient__user", "patient__centre")
        .filter(pk__in=reminder_ids)
        .in_bulk()
    )
    unsent = []
    for pk in dict.fromkeys(reminder_ids):
        reminder = rows.get(pk)
        if reminder is None:
            result.outcomes[pk] = "missing"
        elif reminder.sent_at is not None:
            result.outcomes[pk] = "already_sent"
        else:
            unsent.append(reminder)
    due = _due_now(unsent, now, result)
    _send_email_batch([r for r in due if r.channel == Channel.EMAIL], now, result)
    _send_sms_one_by_one([r for r in due if r.channel == Channel.SMS], now, result)
    return result


def send_reminder(*, reminder_id: int, now: dt.datetime | None = None) -> str:
    """Send one reminder once. Returns what happened: sent, already_sent, claimed (another
    worker is sending it), skipped, deferred, failed or missing; raises TransientSendError
    when a retry may help."""
    result = send_reminders(reminder_ids=[reminder_id], now=now)
    outcome = result.outcomes[reminder_id]
    if outcome == "retry":
        raise TransientSendError(result.errors[reminder_id])
    return outcome
