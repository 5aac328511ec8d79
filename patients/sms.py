"""A small SMS interface. The backend is a setting (SMS_BACKEND); development prints to the
console, production without a provider refuses to send, tests collect messages in ``outbox``.
A real provider implements ``send``."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SmsMessage:
    to: str  # E.164, e.g. +4791234567
    body: str


class SmsError(Exception):
    """Sending failed; ``transient`` says whether a retry may help."""

    def __init__(self, message: str, *, transient: bool = True):
        super().__init__(message)
        self.transient = transient


class BaseSmsBackend:
    def send(self, message: SmsMessage) -> None:
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    def send(self, message: SmsMessage) -> None:
        sys.stdout.write(f"--- SMS to {message.to} ---\n{message.body}\n---\n")
        sys.stdout.flush()


class DisabledSmsBackend(BaseSmsBackend):
    """Production without an SMS provider (the default there): every send fails for good, so
    staff are told an invitation did not go out, and reminders are recorded as failed."""

    def send(self, message: SmsMessage) -> None:
        raise SmsError("no SMS provider is configured", transient=False)


outbox: list[SmsMessage] = []


class LocmemSmsBackend(BaseSmsBackend):
    """Keeps messages in ``patients.sms.outbox`` (tests)."""

    def send(self, message: SmsMessage) -> None:
        outbox.append(message)


def send_sms(*, to: str, body: str) -> None:
    backend = import_string(settings.SMS_BACKEND)()
    backend.send(SmsMessage(to=to, body=body))
