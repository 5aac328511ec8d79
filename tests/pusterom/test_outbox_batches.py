"""The outbox in batches: many messages stored in one INSERT with one delivery task, a flush
that claims in one UPDATE and records what the server took in a few, and nothing lost or
sent twice when the server goes away halfway."""

from __future__ import annotations

import email
import email.policy
import smtplib

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pusterom import outbox
from pusterom.mail import OutboxBackend
from pusterom.models import OutgoingEmail


@pytest.fixture
def outbox_mailers(settings):
    settings.MAILERS = {
        "default": {"BACKEND": "pusterom.mail.OutboxBackend"},
        "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    }
    return settings


def messages(count: int) -> list[EmailMessage]:
    return [EmailMessage("Emne", f"Tekst {n}", None, [f"p{n}@example.no"]) for n in range(count)]


def test_it_stores_many_messages_in_one_insert_with_one_delivery_task(
    db, outbox_mailers, django_capture_on_commit_callbacks
):
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks() as callbacks,
    ):
        assert OutboxBackend().send_messages(messages(5)) == 5

    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["INSERT"]
    assert len(callbacks) == 1
    rows = list(OutgoingEmail.objects.order_by("pk"))
    assert [row.recipients for row in rows] == [[f"p{n}@example.no"] for n in range(5)]
    for n, row in enumerate(rows):
        parsed = email.message_from_bytes(bytes(row.message), policy=email.policy.default)
        assert row.message_id == parsed["Message-ID"]
        assert f"Tekst {n}" in parsed.get_content()
    assert len({row.message_id for row in rows}) == 5


@pytest.mark.parametrize("count", [1, 40])
def test_a_flush_costs_a_claim_and_a_record_per_twenty_messages(db, outbox_mailers, count):
    OutboxBackend().send_messages(messages(count))

    with CaptureQueriesContext(connection) as queries:
        assert outbox.deliver()["sent"] == count

    records = -(-count // outbox.RECORD_EVERY)
    # Give-up check (in a transaction), the due rows, the claim, the rows, the records.
    assert len(queries) == 6 + records, [q["sql"][:60] for q in queries.captured_queries]
    assert len(mail.outbox) == count
    assert OutgoingEmail.objects.filter(sent_at__isnull=False, message=b"").count() == count


def test_what_the_server_took_before_it_went_away_is_recorded_and_the_rest_waits(
    db, outbox_mailers, monkeypatch
):
    from django.core.mail.backends.locmem import EmailBackend

    OutboxBackend().send_messages(messages(5))
    real_send = EmailBackend.send_messages
    sent = []

    def server(self, batch):
        if len(sent) == 2:
            raise smtplib.SMTPServerDisconnected("gone")
        sent.extend(batch)
        return real_send(self, batch)

    monkeypatch.setattr(EmailBackend, "send_messages", server)

    assert outbox.deliver() == {"sent": 2, "deferred": 0, "failed": 0, "unreachable": 1}

    rows = list(OutgoingEmail.objects.order_by("pk"))
    assert [row.sent_at is not None for row in rows] == [True, True, False, False, False]
    assert [row.claimed_at for row in rows[2:]] == [None, None, None]
    assert [row.attempts for row in rows] == [1, 1, 1, 0, 0]  # the last two were not tried
    assert rows[2].error == "SMTPServerDisconnected"
    monkeypatch.setattr(EmailBackend, "send_messages", real_send)
    assert outbox.deliver()["sent"] == 3
    assert sorted(m.to[0] for m in mail.outbox) == [f"p{n}@example.no" for n in range(5)]
