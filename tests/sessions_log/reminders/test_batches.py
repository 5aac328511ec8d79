"""Reminders sent in batches: the dispatcher queues a task per batch of ids, a batch costs
the same queries for 1 reminder or 30, and claims, retries and the outbox keep their
guarantees per reminder."""

from __future__ import annotations

import datetime as dt
import threading
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from patients.sms import SmsError
from pusterom.celery import app as celery_app
from pusterom.models import OutgoingEmail
from sessions_log.models import Reminder
from sessions_log.reminders import sending, tasks
from tests import factories

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
NOON = dt.datetime(2026, 11, 26, 12, 0, tzinfo=OSLO)


@pytest.fixture
def frozen():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def eager():
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield celery_app
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_eager_propagates = False


@pytest.fixture
def outbox_mailers(settings):
    settings.MAILERS = {
        "default": {"BACKEND": "pusterom.mail.OutboxBackend"},
        "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    }


def due_reminders(count: int, *, channel="email", prefix="p") -> list[Reminder]:
    centre = factories.CentreFactory(name=f"Pusterom {prefix}")
    patients = factories.bulk_patients(centre=centre, count=count, prefix=prefix)
    return Reminder.objects.bulk_create(
        Reminder(patient=p, kind="checkin", for_date=NOON.date(), channel=channel) for p in patients
    )


def test_the_dispatcher_queues_one_task_per_batch(db, frozen, monkeypatch):
    monkeypatch.setattr(tasks, "SEND_BATCH", 10)
    queued = []
    monkeypatch.setattr(tasks.send_reminders, "delay_on_commit", queued.append)

    tasks.queue_sends(list(range(1, 26)))

    assert queued == [list(range(1, 11)), list(range(11, 21)), list(range(21, 26))]


@pytest.mark.parametrize("count", [1, 30])
def test_a_batch_costs_the_same_queries_for_1_or_30_emails(
    db, frozen, outbox_mailers, django_capture_on_commit_callbacks, count
):
    ids = [r.pk for r in due_reminders(count)]

    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks() as callbacks,
    ):
        result = sending.send_reminders(reminder_ids=ids)

    assert result.counts() == {"sent": count}
    # The rows and patients, the check-ins asked for, the claim, then one transaction: the
    # sends recorded and the messages written to the outbox.
    assert len(queries) == 7, [q["sql"][:80] for q in queries.captured_queries]
    assert OutgoingEmail.objects.count() == count
    assert len(callbacks) == 1  # one delivery task for the batch's emails
    assert Reminder.objects.filter(sent_at=NOON, attempts=1, claimed_at=NOON).count() == count


def test_a_batch_sent_twice_sends_each_email_once(db, frozen, eager):
    reminders = due_reminders(5)
    ids = [r.pk for r in reminders]

    tasks.send_reminders.delay(ids)
    tasks.send_reminders.delay(ids + ids[:2])  # a redelivery, with duplicates

    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.patient.user.email for r in reminders)
    assert sending.send_reminders(reminder_ids=ids).counts() == {"already_sent": 5}


def test_a_batch_leaves_fresh_claims_to_their_worker(db, frozen):
    first, second = due_reminders(2)
    Reminder.objects.filter(pk=first.pk).update(claimed_at=NOON - dt.timedelta(minutes=1))

    result = sending.send_reminders(reminder_ids=[first.pk, second.pk])

    assert result.outcomes == {first.pk: "claimed", second.pk: "sent"}
    assert [m.to for m in mail.outbox] == [[second.patient.user.email]]


def test_a_batch_retries_only_the_reminders_that_may_go_out_later(
    db, frozen, sms_outbox, monkeypatch
):
    emails = due_reminders(3, prefix="e")
    texts = due_reminders(2, channel="sms", prefix="s")
    for reminder, phone in zip(texts, ("+4791111111", "+4792222222"), strict=True):
        reminder.patient.phone = phone
        reminder.patient.sms_opt_in = True
        reminder.patient.save()
    busy = iter([True, True])  # the provider refuses the first number twice, for now
    real_send_sms = sending.send_sms

    def provider(*, to, body):
        if to == "+4791111111" and next(busy, False):
            raise SmsError("provider busy", transient=True)
        return real_send_sms(to=to, body=body)

    monkeypatch.setattr(sending, "send_sms", provider)
    runs: list[list[int]] = []
    real_send_reminders = sending.send_reminders

    def spy(*, reminder_ids, now=None):
        runs.append(list(reminder_ids))
        return real_send_reminders(reminder_ids=reminder_ids, now=now)

    monkeypatch.setattr(sending, "send_reminders", spy)

    # Eager retries run at once (the countdown is for a real worker).
    tasks.send_reminders.apply(args=[[r.pk for r in emails + texts]], throw=False)

    # The first run sent all but one text message; only that one was tried again.
    assert runs[1:] == [[texts[0].pk], [texts[0].pk]]
    assert len(mail.outbox) == 3 and len(sms_outbox) == 2
    assert not Reminder.objects.filter(sent_at__isnull=True).exists()
    assert Reminder.objects.get(pk=texts[0].pk).attempts == 3


def test_text_messages_past_the_time_budget_are_queued_again_unclaimed(
    db, frozen, eager, sms_outbox, monkeypatch
):
    texts = due_reminders(2, channel="sms")
    for reminder in texts:
        reminder.patient.phone = "+4791234567"
        reminder.patient.sms_opt_in = True
        reminder.patient.save()
    monkeypatch.setattr(sending, "SMS_TIME_BUDGET", -1.0)
    queued = []
    monkeypatch.setattr(tasks.send_reminders, "delay_quietly", queued.append)

    assert tasks.send_reminders.delay([r.pk for r in texts]).get() == {"requeue": 2}

    assert queued == [[r.pk for r in texts]]
    assert sms_outbox == []
    assert list(Reminder.objects.values_list("claimed_at", "attempts")) == [(None, 0)] * 2


def test_two_workers_sending_the_same_batch_at_once_send_each_email_once(
    transactional_db, outbox_mailers
):
    if connection.vendor != "postgresql":
        pytest.skip(
            "Two workers at once need a database with row locks between connections; "
            "SQLite in memory is one connection. Runs on PostgreSQL (DATABASE_URL)."
        )
    with time_machine.travel(NOON, tick=False):
        ids = [r.pk for r in due_reminders(60)]
    results: list[sending.SendResult] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(sending.send_reminders(reminder_ids=ids))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    with time_machine.travel(NOON, tick=False):
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert not errors, errors
    sent = [pk for result in results for pk in result.ids("sent")]
    assert sorted(sent) == sorted(ids)  # each once, by one worker or the other
    assert OutgoingEmail.objects.count() == len(ids)
    assert sorted(r for e in OutgoingEmail.objects.all() for r in e.recipients) == sorted(
        Reminder.objects.filter(pk__in=ids).values_list("patient__user__email", flat=True)
    )
