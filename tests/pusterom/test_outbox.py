"""The mail outbox: every email is stored in the request and sent by a worker, so a mail
server outage never fails a request and never loses mail; List-Unsubscribe goes out plain."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import io
import re

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pusterom import outbox
from pusterom.celery import app as celery_app
from pusterom.mail import ReadableConsoleBackend, StoredEmail, one_click_unsubscribe
from pusterom.models import OutgoingEmail
from tests import factories
from tests.smtp import SmtpSink

LONG_URL = "https://pusterom.helse-sor-ost.example.no/reminders/unsubscribe/" + "a1B2c3D4e5" * 12
CLOSED_PORT = 9  # nothing listens on the discard port here: connection refused at once


def smtp_mailer(port: int) -> dict:
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 2},
    }


@pytest.fixture
def outbox_mailers(settings):
    """As in production: the outbox in the request, delivery to the locmem outbox."""
    settings.MAILERS = {
        "default": {"BACKEND": "pusterom.mail.OutboxBackend"},
        "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    }
    return settings


@pytest.fixture
def sink():
    server = SmtpSink().start()
    yield server
    server.stop()


@pytest.fixture
def eager():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def reminder_like_email(url=LONG_URL, to="kari@example.no") -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject="Tid for dagens innsjekk",
        body=f"Hei, Kari! Så fint.\n\nStopp: {url}\n",
        to=[to],
        headers=one_click_unsubscribe(url),
    )
    message.attach_alternative(f"<p>Hei, Kari! <a href='{url}'>Stopp</a></p>", "text/html")
    return message


def header_lines(raw: bytes) -> list[bytes]:
    head = raw.split(b"\r\n\r\n", 1)[0]
    return head.split(b"\r\n")


# Stored in the request ------------------------------------------------------------------------


def test_it_stores_the_message_and_sends_nothing_during_the_request(db, outbox_mailers):
    assert send_mail("Emne", "Tekst", None, ["kari@example.no"]) == 1
    assert mail.outbox == []
    row = OutgoingEmail.objects.get()
    assert row.recipients == ["kari@example.no"]
    assert row.sent_at is None and row.claimed_at is None
    parsed = email.message_from_bytes(bytes(row.message), policy=email.policy.default)
    assert parsed["Subject"] == "Emne"
    assert row.message_id == parsed["Message-ID"]


def test_it_stores_nothing_when_the_request_rolls_back(db, outbox_mailers):
    with pytest.raises(RuntimeError), transaction.atomic():
        send_mail("Emne", "Tekst", None, ["kari@example.no"])
        raise RuntimeError
    assert not OutgoingEmail.objects.exists()


def test_a_password_reset_succeeds_while_the_mail_server_is_down_and_goes_out_later(
    db, client, outbox_mailers, sink, django_capture_on_commit_callbacks
):
    user = factories.PatientProfileFactory(user__email="kari@example.no").user
    outbox_mailers.MAILERS["delivery"] = smtp_mailer(CLOSED_PORT)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    row = OutgoingEmail.objects.get()

    # The worker tries while the server is down: nothing lost, tried again later.
    assert outbox.deliver() == {"sent": 0, "deferred": 0, "failed": 0, "unreachable": 1}
    row.refresh_from_db()
    assert (row.sent_at, row.failed_at, row.claimed_at) == (None, None, None)
    assert row.error == "ConnectionRefusedError"

    # The server is back.
    outbox_mailers.MAILERS["delivery"] = smtp_mailer(sink.port)
    assert outbox.deliver()["sent"] == 1
    (received,) = sink.messages
    assert received.recipients == ["kari@example.no"]
    assert b"/accounts/password/reset/key/" in received.data
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 2
    assert bytes(row.message) == b""  # the reset link is not kept once sent


def test_an_outage_costs_one_connection_attempt_per_flush_not_one_per_message(db, outbox_mailers):
    outbox_mailers.MAILERS["delivery"] = smtp_mailer(CLOSED_PORT)
    for n in range(5):
        send_mail("Emne", "Tekst", None, [f"p{n}@example.no"])
    assert outbox.deliver()["unreachable"] == 1
    assert list(OutgoingEmail.objects.order_by("pk").values_list("attempts", flat=True)) == [
        1,
        0,
        0,
        0,
        0,
    ]


# Sent by the worker ----------------------------------------------------------------------------


def test_it_sends_on_commit_through_the_worker_task(
    db, outbox_mailers, eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Emne", "Tekst", None, ["kari@example.no"])
    (sent,) = mail.outbox
    assert sent.to == ["kari@example.no"]
    assert OutgoingEmail.objects.get().sent_at is not None


def test_it_sends_the_stored_bytes_unchanged(db, outbox_mailers, sink):
    outbox_mailers.MAILERS["delivery"] = smtp_mailer(sink.port)
    reminder_like_email().send()
    stored = bytes(OutgoingEmail.objects.get().message)
    outbox.deliver()
    (received,) = sink.messages
    assert received.data.rstrip(b"\r\n") == stored.rstrip(b"\r\n")


def test_the_list_unsubscribe_header_is_plain_on_the_wire_even_for_a_long_url(
    db, outbox_mailers, sink
):
    outbox_mailers.MAILERS["delivery"] = smtp_mailer(sink.port)
    assert len(f"List-Unsubscribe: <{LONG_URL}>") > 78  # longer than a folded line
    reminder_like_email().send()
    outbox.deliver()
    (received,) = sink.messages
    lines = header_lines(received.data)
    assert f"List-Unsubscribe: <{LONG_URL}>".encode() in lines
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in lines
    assert b"=?utf-8?" not in b"\r\n".join(
        line for line in lines if line.lower().startswith(b"list-")
    )


def test_the_list_unsubscribe_header_is_plain_when_sent_directly_too():
    raw = reminder_like_email().message(policy=email.policy.SMTP).as_bytes()
    assert f"List-Unsubscribe: <{LONG_URL}>".encode() in header_lines(raw)


def test_a_permanent_refusal_is_recorded_and_not_retried(db, outbox_mailers, sink):
    outbox_mailers.MAILERS["delivery"] = smtp_mailer(sink.port)
    sink.refuse["gone"] = 550
    send_mail("Emne", "Tekst", None, ["gone@example.no"])
    assert outbox.deliver()["failed"] == 1
    row = OutgoingEmail.objects.get()
    assert row.failed_at is not None and row.error == "SMTPRecipientsRefused"
    assert outbox.deliver() == {"sent": 0, "deferred": 0, "failed": 0, "unreachable": 0}


def test_a_temporary_refusal_is_retried_after_a_pause(db, outbox_mailers, sink):
    outbox_mailers.MAILERS["delivery"] = smtp_mailer(sink.port)
    sink.refuse["busy"] = 451
    send_mail("Emne", "Tekst", None, ["busy@example.no"])
    now = timezone.now()
    assert outbox.deliver(now=now)["deferred"] == 1
    row = OutgoingEmail.objects.get()
    assert row.next_attempt_at > now and row.failed_at is None
    assert outbox.deliver(now=now)["deferred"] == 0  # not before its time
    sink.refuse.clear()
    assert outbox.deliver(now=now + dt.timedelta(minutes=1))["sent"] == 1


def test_a_fresh_claim_is_not_taken_and_an_old_one_is(db, outbox_mailers):
    send_mail("Emne", "Tekst", None, ["kari@example.no"])
    now = timezone.now()
    OutgoingEmail.objects.update(claimed_at=now - dt.timedelta(minutes=1))
    assert outbox.deliver(now=now)["sent"] == 0
    OutgoingEmail.objects.update(claimed_at=now - outbox.CLAIM_TIMEOUT - dt.timedelta(seconds=1))
    assert outbox.deliver(now=now)["sent"] == 1
    assert len(mail.outbox) == 1


def test_it_gives_up_after_three_days_and_says_so(db, outbox_mailers, caplog):
    with time_machine.travel(timezone.now() - dt.timedelta(days=4)):
        send_mail("Emne", "Tekst", None, ["kari@example.no"])
    outbox.deliver()
    row = OutgoingEmail.objects.get()
    assert row.failed_at is not None and row.sent_at is None
    assert mail.outbox == []
    assert any(r.levelname == "ERROR" and "given up" in r.getMessage() for r in caplog.records)


def test_sent_mail_is_deleted_after_a_week(db, outbox_mailers):
    send_mail("Emne", "Tekst", None, ["kari@example.no"])
    outbox.deliver()
    assert outbox.purge_sent() == 0
    assert outbox.purge_sent(now=timezone.now() + dt.timedelta(days=8)) == 1


def test_the_backlog_counts_waiting_and_given_up_mail(db, outbox_mailers):
    send_mail("Emne", "Tekst", None, ["kari@example.no"])
    assert outbox.backlog() == {"waiting": 1, "failed_last_day": 0}


# All mail goes this way ------------------------------------------------------------------------


def test_invitations_and_reminders_go_through_the_outbox(
    db, cast, client_for, outbox_mailers, django_capture_on_commit_callbacks
):
    from sessions_log.models import Reminder
    from sessions_log.reminders import sending

    referral = factories.ReferralFactory(centre=cast.centre_a, registered_by=cast.staff_a)
    with django_capture_on_commit_callbacks(execute=False):
        client_for(cast.staff_a).post(reverse("patients:referral_invite", args=[referral.pk]))
    assert OutgoingEmail.objects.filter(recipients=[referral.email]).count() == 1

    with time_machine.travel(timezone.now().replace(hour=12), tick=False):
        reminder = Reminder.objects.create(
            patient=cast.patient_a, kind="weekly", for_date=timezone.localdate(), channel="email"
        )
        assert sending.send_reminder(reminder_id=reminder.pk) == "sent"
    row = OutgoingEmail.objects.get(recipients=[cast.patient_a.user.email])
    assert b"List-Unsubscribe: <http" in bytes(row.message)
    assert mail.outbox == []


# Development output ----------------------------------------------------------------------------


def test_the_development_console_shows_the_email_as_a_person_reads_it():
    stream = io.StringIO()
    message = reminder_like_email()
    stored = StoredEmail(
        raw=message.message(policy=email.policy.SMTP).as_bytes(),
        from_email="Pusterom <noreply@pusterom.localhost>",
        recipients=["kari@example.no"],
    )
    ReadableConsoleBackend(stream=stream).send_messages([stored])
    shown = stream.getvalue()
    assert "Email to: kari@example.no" in shown
    assert "Subject: Tid for dagens innsjekk" in shown
    assert "Hei, Kari! Så fint." in shown
    assert LONG_URL in shown
    assert not re.search(r"=[0-9A-F]{2}", shown)  # no quoted-printable
    assert "<p>" not in shown
