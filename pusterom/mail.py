"""Email: every message goes through a database outbox, so no request waits for the mail
server and nothing is lost while it is down.

``MAILERS["default"]`` is ``OutboxBackend``: Django, allauth (password reset, email
confirmation), invitations and reminders all send through it, and it only writes the finished
message to ``OutgoingEmail`` in the caller's transaction and queues a send on commit. A Celery
worker delivers it through ``MAILERS["delivery"]`` (SMTP in production, the readable console
backend below in development); see ``pusterom.outbox`` for retries and the duplicate window.

Why a database outbox rather than a Celery task per email: a task's message lives in Redis,
which may be down exactly when the mail is written (the request would then lose it, or
fail), and a task's arguments would carry the reset link through the broker. A row commits
with the data that caused it, survives a Redis or SMTP outage, is retried from the database
like the reminders, and can be counted on ``/health/``.
"""

from __future__ import annotations

import email
import email.headerregistry
import email.policy
import logging
import sys
import threading

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger(__name__)

DELIVERY_MAILER = "delivery"
# RFC 5322 allows 998 characters on a line; a header is written on one line up to that.
MAX_LINE = 998


class _HeaderClasses(email.headerregistry.HeaderRegistry):
    """The standard header registry, remembering the class it makes for each header name.

    The email package builds a new class for every header of every message it writes
    (``HeaderRegistry.__getitem__``); for a reminder that was a fifth of the worker's time.
    The classes are the same each time, so making each once changes nothing in the output.
    """

    def __init__(self):
        super().__init__()
        self._made: dict[str, type] = {}

    def __getitem__(self, name):
        key = name.lower()
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = super().__getitem__(name)
        return made


# The policy messages are written with for the outbox: the SMTP policy (CRLF line ends).
SMTP_POLICY = email.policy.SMTP.clone(header_factory=_HeaderClasses())


class UnfoldedHeader(str):
    """A header value written as it is, on one line, never RFC 2047 encoded.

    Python's email package folds a long value without spaces (a List-Unsubscribe URL) into
    ``=?utf-8?q?...?=`` encoded words, which mail clients do not read as a URL: RFC 2369 and
    RFC 8058 want ``<https://...>`` as it is. The email package keeps a value that has a
    ``name`` and a ``fold()`` as it is and asks it to write itself.
    """

    def __new__(cls, name: str, value: str):
        if not value.isascii() or "\r" in value or "\n" in value:
            raise ValueError(f"{name} must be one line of ASCII")
        if len(name) + 2 + len(value) > MAX_LINE:
            raise ValueError(f"{name} is longer than one line may be ({MAX_LINE})")
        header = super().__new__(cls, value)
        header.name = name
        return header

    def fold(self, *, policy) -> str:
        return f"{self.name}: {self}{policy.linesep}"

    def __reduce__(self):
        return (UnfoldedHeader, (self.name, str(self)))


def one_click_unsubscribe(url: str) -> dict[str, str]:
    """The headers that let a mail client offer "Unsubscribe" (RFC 2369, RFC 8058)."""
    return {
        "List-Unsubscribe": UnfoldedHeader("List-Unsubscribe", f"<{url}>"),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


class OutboxBackend(BaseEmailBackend):
    """Writes each message to the outbox; a worker sends it (``pusterom.outbox``)."""

    def send_messages(self, email_messages) -> int:
        from pusterom import outbox

        return outbox.store(list(email_messages))


class StoredEmail(EmailMessage):
    """A message from the outbox, for a Django mail backend to send as it was written."""

    # Keep the stored header lines as they are (no re-folding, no re-encoding).
    _policy_changes = {"refold_source": "none"}

    def __init__(self, *, raw: bytes, from_email: str, recipients: list[str]):
        # The subject and body live in ``raw``; a backend reads them through ``message()``
        # (parsing the bytes here too would double the worker's work for each email).
        super().__init__(from_email=from_email)
        self.raw = raw
        self.stored_recipients = list(recipients)
        self.to = list(recipients)

    def message(self, *, policy=email.policy.default):
        return StoredMessage(self.raw, policy=policy.clone(**self._policy_changes))

    def recipients(self) -> list[str]:
        return list(self.stored_recipients)


class StoredMessage:
    """What ``StoredEmail.message()`` gives a mail backend: ``as_bytes()`` is the stored
    message itself (already in the SMTP form: CRLF line ends, headers folded as they go
    out), so the SMTP backend sends it without parsing and writing it out again, which took
    most of a worker's time per email. A backend that looks inside (the development console,
    header checks) gets the parsed message, parsed when first asked."""

    def __init__(self, raw: bytes, *, policy):
        self._raw = raw
        self._policy = policy
        self._parsed = None

    def parsed(self):
        if self._parsed is None:
            self._parsed = email.message_from_bytes(self._raw, policy=self._policy)
        return self._parsed

    def as_bytes(self, *args, **kwargs) -> bytes:
        if args or kwargs:
            return self.parsed().as_bytes(*args, **kwargs)
        return self._raw

    def __getitem__(self, name):
        return self.parsed()[name]

    def __getattr__(self, name):
        if name.startswith("_"):  # not set up (a copy): nothing to hand on
            raise AttributeError(name)
        return getattr(self.parsed(), name)


class ReadableConsoleBackend(BaseEmailBackend):
    """Development: prints who, the subject and the plain-text part as a person reads it
    (decoded, links whole), instead of the quoted-printable message source."""

    def __init__(self, *, stream=None, **kwargs):
        super().__init__(**kwargs)
        self.stream = stream or sys.stdout
        self._lock = threading.RLock()

    def send_messages(self, email_messages) -> int:
        count = 0
        with self._lock:
            for message in email_messages:
                self.stream.write(self.format(message))
                self.stream.flush()
                count += 1
        return count

    @staticmethod
    def format(message: EmailMessage) -> str:
        parsed = message.message(policy=email.policy.default)
        lines = ["-" * 72]
        lines.append(f"Email to: {', '.join(message.recipients())}")
        for name in ("From", "Subject", "List-Unsubscribe"):
            if parsed.get(name):
                lines.append(f"{name}: {parsed[name]}")
        text = parsed.get_body(preferencelist=("plain",))
        html = parsed.get_body(preferencelist=("html",))
        lines.append("")
        lines.append(text.get_content().rstrip() if text is not None else "(no plain text part)")
        if html is not None:
            lines.append("")
            lines.append("(An HTML version is attached too.)")
        lines.append("-" * 72)
        return "\n".join(lines) + "\n"
