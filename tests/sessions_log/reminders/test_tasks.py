"""The send task: once, retried when it may help, nothing about health in the message; and
the whole path through a real worker on a real Redis."""

from __future__ import annotations

import datetime as dt
import smtplib
import time
import uuid
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone, translation

import pusterom.celery as pusterom_celery
from patients.sms import SmsError
from pusterom.celery import app as celery_app
from sessions_log.checkins import services
from sessions_log.models import Reminder
from sessions_log.reminders import rendering, sending, tasks
from tests import factories
from tests.services import require_redis
from tests.services import reset_celery_caches as reset_connections

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


NOON = dt.datetime(2026, 11, 26, 12, 0, tzinfo=OSLO)


@pytest.fixture
def eager():
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield celery_app
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_eager_propagates = False


@pytest.fixture
def frozen():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def make_reminder(patient, kind="checkin", channel="email", **fields) -> Reminder:
    fields.setdefault("for_date", NOON.date())
    return Reminder.objects.create(patient=patient, kind=kind, channel=channel, **fields)


@pytest.fixture
def patient(db, frozen, centre_a):
    profile = factories.PatientProfileFactory(
        centre=centre_a,
        user__email="kari@example.no",
        user__first_name="Kari",
        phone="+4791234567",
        sms_opt_in=True,
    )
    # What must never leave the site in a message: the diagnosis, the day's level, numbers.
    factories.WorkoutSessionFactory(patient=profile, duration_min=47, rpe=17)
    return profile


def test_it_sends_once_when_the_task_runs_twice(patient, eager):
    reminder = make_reminder(patient)
    tasks.send_reminder.delay(reminder.pk)
    tasks.send_reminder.delay(reminder.pk)
    assert len(mail.outbox) == 1
    reminder.refresh_from_db()
    assert reminder.sent_at == timezone.now()
    assert reminder.attempts == 1
    assert reminder.error == ""


def test_it_sends_one_sms_for_an_sms_row(patient, sms_outbox):
    reminder = make_reminder(patient, channel="sms")
    assert sending.send_reminder(reminder_id=reminder.pk) == "sent"
    assert sending.send_reminder(reminder_id=reminder.pk) == "already_sent"
    assert [m.to for m in sms_outbox] == ["+4791234567"]
    assert mail.outbox == []


# The reminders hand their messages to the default mailer (the outbox in production, the
# test outbox here); these tests make it fail.


def test_it_retries_a_transient_failure_and_then_sends(patient, monkeypatch):
    real_send = LocmemBackend.send_messages
    failures = iter([smtplib.SMTPServerDisconnected("gone"), ConnectionRefusedError()])

    def flaky(self, *args, **kwargs):
        for exc in failures:
            raise exc
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(LocmemBackend, "send_messages", flaky)
    reminder = make_reminder(patient)
    # Eager retries run at once (the countdown is for a real worker).
    assert tasks.send_reminder.apply(args=[reminder.pk], throw=False).get() == "sent"
    assert len(mail.outbox) == 1
    reminder.refresh_from_db()
    assert (reminder.attempts, reminder.error, reminder.sent_at) == (3, "", timezone.now())


def test_it_gives_up_after_five_retries_and_keeps_the_error(patient, monkeypatch):
    def down(self, *args, **kwargs):
        raise TimeoutError

    monkeypatch.setattr(LocmemBackend, "send_messages", down)
    reminder = make_reminder(patient)
    result = tasks.send_reminder.apply(args=[reminder.pk], throw=False)
    assert isinstance(result.result, sending.TransientSendError)
    reminder.refresh_from_db()
    assert reminder.sent_at is None
    assert reminder.attempts == 1 + tasks.SEND_MAX_RETRIES == sending.MAX_ATTEMPTS
    assert reminder.error == "TimeoutError"


def test_it_does_not_retry_a_refused_address(patient, eager, monkeypatch):
    def refused(self, *args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"kari@example.no": (550, b"no such user")})

    monkeypatch.setattr(LocmemBackend, "send_messages", refused)
    reminder = make_reminder(patient)
    assert tasks.send_reminder.delay(reminder.pk).get() == "failed"
    reminder.refresh_from_db()
    assert (reminder.sent_at, reminder.attempts) == (None, sending.MAX_ATTEMPTS)
    assert reminder.error == "SMTPRecipientsRefused"


def test_it_retries_a_transient_sms_failure_only(patient, monkeypatch):
    errors = [SmsError("busy", transient=True), SmsError("bad number", transient=False)]

    def failing(*, to, body):
        raise errors.pop(0)

    monkeypatch.setattr(sending, "send_sms", failing)
    reminder = make_reminder(patient, channel="sms")
    with pytest.raises(sending.TransientSendError):
        sending.send_reminder(reminder_id=reminder.pk)
    assert sending.send_reminder(reminder_id=reminder.pk) == "failed"
    reminder.refresh_from_db()
    assert reminder.attempts == sending.MAX_ATTEMPTS
    assert reminder.sent_at is None


def test_it_never_waits_longer_than_a_minute_between_retries():
    assert [tasks.backoff(n) for n in range(6)] == [5, 10, 20, 40, 60, 60]
    assert tasks.send_reminder.max_retries == 5
    assert tasks.send_reminder.acks_late is True


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"reminders_enabled": False}, "paused"),
        ({"remind_checkin": False}, "kind off"),
        ({"email_opt_in": False}, "channel off"),
    ],
)
def test_it_skips_a_queued_reminder_the_patient_no_longer_wants(patient, change, reason):
    reminder = make_reminder(patient)
    for name, value in change.items():
        setattr(patient, name, value)
    patient.save()
    assert sending.send_reminder(reminder_id=reminder.pk) == "skipped"
    reminder.refresh_from_db()
    assert reminder.error == f"skipped: {reason}"
    assert mail.outbox == []


def test_it_skips_the_check_in_reminder_when_the_patient_checked_in_meanwhile(patient):
    reminder = make_reminder(patient)
    factories.CheckInFactory(patient=patient, date=NOON.date())
    assert sending.send_reminder(reminder_id=reminder.pk) == "skipped"
    assert mail.outbox == []


def test_it_holds_a_late_send_until_the_morning(patient, frozen):
    reminder = make_reminder(patient, kind="weekly")
    frozen.move_to(dt.datetime(2026, 11, 26, 22, 0, tzinfo=OSLO))
    assert sending.send_reminder(reminder_id=reminder.pk) == "deferred"
    frozen.move_to(dt.datetime(2026, 11, 27, 8, 0, tzinfo=OSLO))
    assert sending.send_reminder(reminder_id=reminder.pk) == "sent"
    assert len(mail.outbox) == 1


# The message --------------------------------------------------------------------------------

HEALTH_WORDS = ("Brystkreft", "C50", "47", "17", "RPE", "green", "amber", "red", "pain", "smerte")


@pytest.mark.parametrize("kind", ["checkin", "recovery", "inactivity", "weekly"])
def test_it_says_what_to_do_and_nothing_about_health(patient, kind, sms_outbox):
    patient.user.language = "en"
    patient.user.save()
    factories.CheckInFactory(patient=patient, date=NOON.date() - dt.timedelta(days=1), level="red")
    email_row = make_reminder(patient, kind=kind)
    sms_row = make_reminder(patient, kind=kind, channel="sms")
    message = rendering.render_reminder(reminder=email_row, patient=patient)
    for text in (message.subject, message.text, message.html, message.sms):
        for word in HEALTH_WORDS:
            assert word not in text.replace(message.unsubscribe_url, ""), (kind, word)
    assert message.unsubscribe_url in message.text
    assert message.unsubscribe_url in message.html
    assert rendering.link_for(kind) in message.text
    assert rendering.link_for(kind) in message.sms
    assert len(message.sms) <= 160
    # Sent as rendered, with the one-click unsubscribe headers (RFC 8058). (Today's
    # check-in and recovery question are not open here, so those two are not sent.)
    if kind in ("inactivity", "weekly"):
        assert sending.send_reminder(reminder_id=email_row.pk) == "sent"
        assert sending.send_reminder(reminder_id=sms_row.pk) == "sent"
        sent = mail.outbox[0]
        assert sent.subject == message.subject
        assert sent.extra_headers["List-Unsubscribe"] == f"<{message.unsubscribe_url}>"
        assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert sms_outbox[0].body == message.sms


def test_it_writes_in_the_patients_language(patient):
    reminder = make_reminder(patient)
    patient.user.language = "en"
    subject_en = rendering.render_reminder(reminder=reminder, patient=patient).subject
    patient.user.language = "nb"
    with translation.override("en"):
        subject_nb = rendering.render_reminder(reminder=reminder, patient=patient).subject
    assert subject_en == "Time for today's check-in"
    assert subject_nb == "Tid for dagens innsjekk"


# A real worker on a real Redis -----------------------------------------------------------------


@pytest.fixture
def redis_worker(transactional_db):
    url = require_redis()
    from celery.contrib.testing.worker import start_worker

    conf = celery_app.conf
    saved = conf.broker_url, conf.task_default_queue, conf.task_always_eager
    conf.broker_url = url
    # A queue of its own, so no other worker on the same Redis takes these tasks.
    conf.task_default_queue = f"pusterom-test-reminders-{uuid.uuid4().hex}"
    conf.task_always_eager = False
    reset_connections()
    pusterom_celery.broker_down_until = 0.0
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False):
            yield
    finally:
        with celery_app.connection_for_write() as conn:
            conn.default_channel.queue_delete(conf.task_default_queue)
        conf.broker_url, conf.task_default_queue, conf.task_always_eager = saved
        reset_connections()


def _wait_for(condition, seconds=15.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.redis
def test_it_delivers_the_recovery_email_through_a_real_worker(redis_worker, centre_a):
    logged_at = dt.datetime(2026, 11, 25, 14, 0, tzinfo=OSLO)
    with time_machine.travel(logged_at, tick=False):
        patient = factories.PatientProfileFactory(
            centre=centre_a, remind_checkin=False, user__language="en"
        )
        services.log_session(
            patient=patient,
            client_uuid=uuid.uuid4(),
            performed_on=logged_at.date(),
            activity="walk",
            setting="self",
            duration_min=30,
            rpe=12,
        )
    with time_machine.travel(logged_at + dt.timedelta(hours=20, minutes=1), tick=True):
        tasks.dispatch_reminders.delay()
        assert _wait_for(lambda: len(mail.outbox) >= 1), "no email arrived"
        # A second dispatcher (here in the test's thread) finds nothing new to send.
        assert tasks.dispatch_reminders() == {"created": 0, "requeued": 0}
        time.sleep(1.0)  # room for a second email, if there were one
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [patient.user.email]
    assert mail.outbox[0].subject == "You have a question waiting in Pusterom"
    reminder = Reminder.objects.get()
    assert (reminder.kind, reminder.channel, reminder.attempts) == ("recovery", "email", 1)
