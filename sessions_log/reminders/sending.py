"""Sending one reminder: check it is still wanted, claim it, send it, record it.

Claim and send are two steps (``claimed_at``, then ``sent_at``): a claim keeps a second copy
of the task from sending too, and a claim that is older than ``CLAIM_TIMEOUT`` without a send
tells the dispatcher that the worker died mid-send (see the package docstring for the
at-least-once contract and its duplicate window).
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
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


class TransientSendError(Exception):
    """Sending failed in a way a retry may fix (connection refused, timeout, 4xx)."""


class AlreadySent(Exception):
    """Another worker recorded the send first (our claim had expired): undo ours."""


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


def _mark_sent(reminder: Reminder, now: dt.datetime) -> None:
    if not Reminder.objects.filter(pk=reminder.pk, sent_at__isnull=True).update(
        sent_at=now, error=""
    ):
        raise AlreadySent


def _deliver(reminder: Reminder, patient: PatientProfile, now: dt.datetime) -> None:
    message = render_reminder(reminder=reminder, patient=patient)
    if reminder.channel == Channel.SMS:
        send_sms(to=patient.phone, body=message.sms)
        _mark_sent(reminder, now)
        return
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        to=[patient.user.email],
        # RFC 8058 one-click unsubscribe: the mail client POSTs to the link.
        headers=one_click_unsubscribe(message.unsubscribe_url),
    )
    email.attach_alternative(message.html, "text/html")
    # The outbox row and sent_at commit together: never one without the other.
    with transaction.atomic():
        email.send()
        _mark_sent(reminder, now)


def _claim(reminder: Reminder, now: dt.datetime) -> bool:
    return (
        Reminder.objects.filter(pk=reminder.pk, sent_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT))
        .update(claimed_at=now, attempts=F("attempts") + 1, error="")
        == 1
    )


def send_reminder(*, reminder_id: int, now: dt.datetime | None = None) -> str:
    """Send one reminder once. Returns what happened: sent, already_sent, claimed (another
    worker is sending it), skipped, deferred, failed or missing; raises TransientSendError
    when a retry may help."""
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
            error=f"skipped: {reason}", attempts=MAX_ATTEMPTS, claimed_at=None
        )
        logger.info("reminder skipped id=%s kind=%s reason=%s", reminder.pk, reminder.kind, reason)
        return "skipped"
    if clock.quiet:
        # A send that was held up (the broker was down) waits for the morning; the
        # dispatcher queues it again then.
        return "deferred"
    if not _claim(reminder, now):
        return "claimed"
    try:
        _deliver(reminder, patient, now)
    except AlreadySent:
        logger.info("reminder already sent by another worker id=%s", reminder.pk)
        return "already_sent"
    except Exception as exc:  # noqa: BLE001 - every failure is recorded; transient ones retry
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
        if transient:
            raise TransientSendError(_describe(exc)) from exc
        return "failed"
    logger.info(
        "reminder sent id=%s kind=%s channel=%s", reminder.pk, reminder.kind, reminder.channel
    )
    return "sent"
