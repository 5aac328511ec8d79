"""The mail outbox: store each email in the database, deliver it from a worker.

``store`` runs in the request (through ``pusterom.mail.OutboxBackend``): one INSERT per
message in the caller's transaction, and a ``pusterom.send_email`` task queued on commit. It
never talks to the mail server, so a password reset or an invitation answers at once even
when SMTP is down, and if the request's transaction rolls back, no mail goes out.

``deliver`` runs in the worker: it claims a row (conditional UPDATE on a row that is due and
not claimed, or whose claim is older than ``CLAIM_TIMEOUT``), hands the stored bytes to
``MAILERS["delivery"]``, and records ``sent_at``. Beat runs ``flush_outbox`` every minute,
which delivers whatever is due: mail whose task was lost (the broker was down), and retries.

Failures:
- the mail server cannot be reached (connection refused, timeout, disconnect): the row is
  released and tried again by the next flush; a flush stops at the first such failure, so an
  outage costs one connection attempt a minute, not one per message;
- a temporary refusal (4xx) for one message: retried with backoff (30 s doubling to 5 min);
- a permanent refusal (5xx, every recipient refused): ``failed_at``, logged, not retried;
- still not delivered after ``GIVE_UP_AFTER`` (3 days; reset links expire by then): failed.

Duplicate window: a worker killed after the mail server accepted a message and before
``sent_at`` was written sends it again when its claim expires (5 minutes). The message keeps
its Message-ID, so mail systems can recognise the copy. Nothing is lost: an unsent row stays
until it is sent or given up, and every give-up is logged at ERROR.

Logs carry row ids and error classes only, never addresses or contents.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import logging
import smtplib
import time

from django.core.mail import mailers
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from pusterom.mail import DELIVERY_MAILER, StoredEmail, message_bytes
from pusterom.models import OutgoingEmail

logger = logging.getLogger(__name__)

CLAIM_TIMEOUT = dt.timedelta(minutes=5)
GIVE_UP_AFTER = dt.timedelta(days=3)
BACKOFF_START = dt.timedelta(seconds=30)
BACKOFF_MAX = dt.timedelta(minutes=5)
KEEP_SENT_FOR = dt.timedelta(days=7)
FLUSH_BATCH = 100
# A flush stops taking new messages after this long, so a worker's warm shutdown waits at
# most this plus one SMTP timeout (10 s) for it (docker-compose.yml's stop_grace_period).
FLUSH_TIME_BUDGET = 20.0


# In the request ---------------------------------------------------------------------------------


def store(messages) -> int:
    """Write the messages to the outbox and queue their delivery on commit."""
    from pusterom.tasks import send_email

    stored = 0
    for message in messages:
        recipients = [address for address in message.recipients() if address]
        if not recipients:
            continue
        raw = message_bytes(message)
        parsed_id = email.message_from_bytes(raw, policy=email.policy.default).get("Message-ID")
        row = OutgoingEmail.objects.create(
            from_email=str(message.from_email),
            recipients=recipients,
            message=raw,
            message_id=str(parsed_id or "")[:255],
        )
        send_email.delay_on_commit(row.pk)
        logger.info("email queued id=%s", row.pk)
        stored += 1
    return stored


# In the worker ----------------------------------------------------------------------------------


class ServerUnreachable(Exception):
    """The mail server could not be reached: stop this flush, try again with the next one."""


def _waiting(now: dt.datetime):
    return OutgoingEmail.objects.filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT),
        sent_at__isnull=True,
        failed_at__isnull=True,
    )


def _claim(pk: int, now: dt.datetime) -> bool:
    return (
        _waiting(now)
        .filter(pk=pk, next_attempt_at__lte=now)
        .update(claimed_at=now, attempts=F("attempts") + 1)
        == 1
    )


def _server_unreachable(exc: Exception) -> bool:
    if isinstance(exc, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)):
        return True
    if isinstance(exc, smtplib.SMTPException):  # an answer about this message (also an OSError)
        return False
    return isinstance(exc, OSError)  # refused, timed out, no route


def _permanent(exc: Exception) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    # Not a mail server's answer (a malformed stored message, a bug): retrying will not help.
    return not _server_unreachable(exc)


def _describe(exc: Exception) -> str:
    """The class and code only: an SMTP refusal quotes the address."""
    code = getattr(exc, "smtp_code", None)
    return f"{type(exc).__name__}{f' {code}' if code else ''}"[:200]


def _backoff(attempts: int) -> dt.timedelta:
    return min(BACKOFF_MAX, BACKOFF_START * 2 ** max(0, attempts - 1))


def _send_one(connection, row: OutgoingEmail, now: dt.datetime) -> str:
    message = StoredEmail(
        raw=bytes(row.message), from_email=row.from_email, recipients=row.recipients
    )
    try:
        connection.open()  # once per flush: later calls find the connection open
        connection.send_messages([message])
    except Exception as exc:  # noqa: BLE001 - every failure is recorded on the row
        error = _describe(exc)
        if _server_unreachable(exc):
            # Not this message's fault: the next flush tries again.
            OutgoingEmail.objects.filter(pk=row.pk).update(
                claimed_at=None, next_attempt_at=now, error=error
            )
            logger.warning("email not sent id=%s: mail server unreachable (%s)", row.pk, error)
            raise ServerUnreachable(error) from exc
        if _permanent(exc):
            OutgoingEmail.objects.filter(pk=row.pk).update(
                claimed_at=None, failed_at=now, error=error
            )
            logger.error("email refused for good id=%s error=%s", row.pk, error)
            return "failed"
        OutgoingEmail.objects.filter(pk=row.pk).update(
            claimed_at=None, next_attempt_at=now + _backoff(row.attempts), error=error
        )
        logger.warning("email deferred id=%s error=%s attempts=%s", row.pk, error, row.attempts)
        return "deferred"
    # The server has it: forget the contents (they may hold a sign-in link).
    OutgoingEmail.objects.filter(pk=row.pk).update(sent_at=now, message=b"", error="")
    logger.info("email sent id=%s attempts=%s", row.pk, row.attempts)
    return "sent"


def deliver(ids: list[int] | None = None, *, now=None, time_budget=FLUSH_TIME_BUDGET) -> dict:
    """Send the given rows (or, without ids, every row that is due), one connection for all.
    Returns counts of what happened."""
    now = now or timezone.now()
    counts = {"sent": 0, "deferred": 0, "failed": 0, "unreachable": 0}
    _give_up_old(now)
    waiting = _waiting(now).filter(next_attempt_at__lte=now)
    if ids is not None:
        waiting = waiting.filter(pk__in=ids)
    candidates = list(waiting.order_by("next_attempt_at", "pk").values_list("pk", flat=True))[
        :FLUSH_BATCH
    ]
    if not candidates:
        return counts
    started = time.monotonic()
    connection = mailers[DELIVERY_MAILER]
    try:
        for pk in candidates:
            if time.monotonic() - started > time_budget:
                break
            if not _claim(pk, now):
                continue  # another worker has it, or it was sent meanwhile
            row = OutgoingEmail.objects.get(pk=pk)
            try:
                counts[_send_one(connection, row, timezone.now())] += 1
            except ServerUnreachable:
                counts["unreachable"] += 1
                break
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - closing a broken connection may fail too
            logger.debug("closing the mail connection failed", exc_info=True)
    return counts


def _give_up_old(now: dt.datetime) -> None:
    with transaction.atomic():
        old = list(
            _waiting(now)
            .filter(created_at__lt=now - GIVE_UP_AFTER)
            .values_list("pk", flat=True)[:FLUSH_BATCH]
        )
        if old:
            OutgoingEmail.objects.filter(pk__in=old, sent_at__isnull=True).update(
                failed_at=now, claimed_at=None, error="not delivered within 3 days"
            )
            for pk in old:
                logger.error("email given up id=%s: not delivered within 3 days", pk)


def purge_sent(*, now=None) -> int:
    """Delete rows sent or given up more than a week ago (their contents are gone already)."""
    now = now or timezone.now()
    deleted, _ = OutgoingEmail.objects.filter(
        Q(sent_at__lt=now - KEEP_SENT_FOR) | Q(failed_at__lt=now - KEEP_SENT_FOR)
    ).delete()
    return deleted


def backlog() -> dict:
    """Waiting and given-up counts for ``/health/``."""
    return {
        "waiting": OutgoingEmail.objects.filter(
            sent_at__isnull=True, failed_at__isnull=True
        ).count(),
        "failed_last_day": OutgoingEmail.objects.filter(
            failed_at__gte=timezone.now() - dt.timedelta(days=1)
        ).count(),
    }
