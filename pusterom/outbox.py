"""The mail outbox: store each email in the database, deliver it from a worker.

``store`` runs in the request (through ``pusterom.mail.OutboxBackend``): one INSERT for the
messages it is given, in the caller's transaction, and one ``pusterom.send_emails`` task for
them queued on commit. It never talks to the mail server, so a password reset or an
invitation answers at once even when SMTP is down, and if the request's transaction rolls
back, no mail goes out. (The reminder sender hands it up to a hundred messages at once.)

``deliver`` runs in the worker: it claims the rows it was given (or every row that is due) in
one conditional UPDATE (rows that are due and not claimed, or whose claim is older than
``CLAIM_TIMEOUT``), hands each one's stored bytes to ``MAILERS["delivery"]`` over one
connection, and records ``sent_at`` for what the server took, one UPDATE for up to
``RECORD_EVERY`` messages or ``RECORD_WITHIN`` seconds, whichever comes first (a commit per
message cost more than sending it); rows it did not get to (the server went away, the time
budget ran out) are released. Beat runs ``flush_outbox`` every minute, which delivers
whatever is due: mail whose task was lost (the broker was down), and retries.

Failures:
- the mail server cannot be reached (connection refused, timeout, disconnect): the row is
  released and tried again by the next flush; a flush stops at the first such failure, so an
  outage costs one connection attempt a minute, not one per message;
- a temporary refusal (4xx) for one message: retried with backoff (30 s doubling to 5 min);
- a permanent refusal (5xx, every recipient refused): ``failed_at``, logged, not retried;
- still not delivered after ``GIVE_UP_AFTER`` (3 days; reset links expire by then): failed.

Duplicate window: a worker killed after the mail server accepted a message and before its
``sent_at`` was written (at most ``RECORD_EVERY`` messages, taken within ``RECORD_WITHIN``
seconds) sends those again when their claim expires (5 minutes). Each message keeps its
Message-ID, so mail systems can recognise the copy. Nothing is lost: an unsent row stays
until it is sent or given up, and every give-up is logged at ERROR.

Logs carry row ids and error classes only, never addresses or contents.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import time

from django.core.mail import mailers
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from pusterom.mail import DELIVERY_MAILER, SMTP_POLICY, StoredEmail
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
# Messages the server took are recorded as sent together, at least this often.
RECORD_EVERY = 20
RECORD_WITHIN = 1.0


# In the request ---------------------------------------------------------------------------------


def store(messages) -> int:
    """Write the messages to the outbox and queue their delivery on commit."""
    from pusterom.tasks import send_emails

    rows = []
    for message in messages:
        recipients = [address for address in message.recipients() if address]
        if not recipients:
            continue
        mime = message.message(policy=SMTP_POLICY)  # the bytes the server will get
        rows.append(
            OutgoingEmail(
                from_email=str(message.from_email),
                recipients=recipients,
                message=mime.as_bytes(),
                message_id=str(mime.get("Message-ID") or "")[:255],
            )
        )
    if not rows:
        return 0
    OutgoingEmail.objects.bulk_create(rows)
    ids = [row.pk for row in rows]
    send_emails.delay_on_commit(ids)
    for pk in ids:
        logger.info("email queued id=%s", pk)
    return len(rows)


# In the worker ----------------------------------------------------------------------------------


class ServerUnreachable(Exception):
    """The mail server could not be reached: stop this flush, try again with the next one."""


def _waiting(now: dt.datetime):
    return OutgoingEmail.objects.filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT),
        sent_at__isnull=True,
        failed_at__isnull=True,
    )


def _claim(ids: list[int], now: dt.datetime) -> list[int]:
    """Claim those of ``ids`` that are due and not claimed by another worker, in one
    conditional UPDATE; returns the ids claimed, in the order given."""
    if not ids:
        return []
    qn = connection.ops.quote_name
    stamp = connection.ops.adapt_datetimefield_value(now)
    expired = connection.ops.adapt_datetimefield_value(now - CLAIM_TIMEOUT)
    sql = (
        f"UPDATE {qn(OutgoingEmail._meta.db_table)} "  # noqa: S608 - names are ours
        f"SET claimed_at = %s, attempts = attempts + 1 "
        f"WHERE id IN ({', '.join(['%s'] * len(ids))}) AND sent_at IS NULL "
        f"AND failed_at IS NULL AND next_attempt_at <= %s "
        f"AND (claimed_at IS NULL OR claimed_at < %s) RETURNING id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [stamp, *ids, stamp, expired])
        claimed = {row[0] for row in cursor.fetchall()}
    return [pk for pk in ids if pk in claimed]


def _release(ids: list[int], now: dt.datetime) -> None:
    """Give back claims taken by ``_claim`` but not tried: as if they had not been taken."""
    if ids:
        OutgoingEmail.objects.filter(pk__in=ids, claimed_at=now, sent_at__isnull=True).update(
            claimed_at=None, attempts=F("attempts") - 1
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
    return "sent"  # recorded by _record_sent


def _record_sent(rows: list[OutgoingEmail]) -> None:
    """The server has them: record it, and forget the contents (they may hold a sign-in
    link)."""
    if not rows:
        return
    OutgoingEmail.objects.filter(pk__in=[row.pk for row in rows]).update(
        sent_at=timezone.now(), message=b"", error=""
    )
    for row in rows:
        logger.info("email sent id=%s attempts=%s", row.pk, row.attempts)


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
    claimed = _claim(candidates, now)
    if not claimed:
        return counts
    rows = OutgoingEmail.objects.in_bulk(claimed)
    started = recorded = time.monotonic()
    mailer = mailers[DELIVERY_MAILER]
    done = 0
    taken: list[OutgoingEmail] = []  # sent, not recorded yet
    try:
        for pk in claimed:
            if time.monotonic() - started > time_budget:
                break
            done += 1
            try:
                outcome = _send_one(mailer, rows[pk], timezone.now())
            except ServerUnreachable:
                counts["unreachable"] += 1
                break
            counts[outcome] += 1
            if outcome == "sent":
                taken.append(rows[pk])
            if len(taken) >= RECORD_EVERY or time.monotonic() - recorded >= RECORD_WITHIN:
                _record_sent(taken)
                taken, recorded = [], time.monotonic()
    finally:
        _record_sent(taken)
        _release(claimed[done:], now)
        try:
            mailer.close()
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
