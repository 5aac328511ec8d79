"""The dispatcher: run twice, or twice at once, it gives one reminder and one email; sends
lost on the way (broker down) are queued again; a web request saves with the broker down."""

from __future__ import annotations

import datetime as dt
import threading
import time
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone

import pusterom.celery as pusterom_celery
from patients.models import PatientProfile
from pusterom.celery import app as celery_app
from sessions_log.models import CheckIn, Reminder
from sessions_log.reminders import dispatch, sending, tasks
from tests import factories

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


def reset_connections():
    """Forget the app's broker connections and result backend, so the next use connects
    to what the configuration says now (and other tests do not get ours)."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app._local.__dict__.pop("backend", None)
    for cached in ("queues", "router", "default_queue", "default_exchange"):
        celery_app.amqp.__dict__.pop(cached, None)


THURSDAY_10 = dt.datetime(2026, 11, 26, 10, 0, tzinfo=OSLO)


@pytest.fixture
def eager():
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield celery_app
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_eager_propagates = False


def patient_at_oslo(**fields):
    fields.setdefault("remind_inactivity", False)
    with time_machine.travel(THURSDAY_10 - dt.timedelta(days=1), tick=False):
        return factories.PatientProfileFactory(
            centre=factories.CentreFactory(name="Pusterom Oslo"), **fields
        )


def test_it_gives_one_reminder_and_one_email_when_run_twice(
    db, eager, django_capture_on_commit_callbacks
):
    patient = patient_at_oslo(sms_opt_in=True, phone="+4791234567")
    with time_machine.travel(THURSDAY_10, tick=False):
        for _ in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                tasks.dispatch_reminders()
    assert list(Reminder.objects.values_list("patient_id", "kind", "channel")) == [
        (patient.pk, "checkin", "email"),
        (patient.pk, "checkin", "sms"),
    ]
    assert [m.to for m in mail.outbox] == [[patient.user.email]]
    assert not Reminder.objects.filter(sent_at__isnull=True).exists()


def test_it_gives_one_reminder_and_one_email_when_run_twice_at_once(
    transactional_db, eager, sms_outbox
):
    if connection.vendor != "postgresql":
        pytest.skip(
            "Concurrent dispatchers need a database with row locks between connections; "
            "SQLite in memory is one connection. Runs on PostgreSQL (DATABASE_URL)."
        )
    with time_machine.travel(THURSDAY_10 - dt.timedelta(days=1), tick=False):
        centre = factories.CentreFactory(name="Pusterom Oslo")
        patients = factories.bulk_patients(centre=centre, count=300)
    queues: list[list[int]] = [[], []]
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def run(queue):
        try:
            barrier.wait(timeout=10)
            dispatch.dispatch_due(enqueue=queue.extend, now=timezone.now(), batch_size=25)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    with time_machine.travel(THURSDAY_10, tick=False):
        threads = [threading.Thread(target=run, args=(q,)) for q in queues]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not errors, errors
        queued = queues[0] + queues[1]
        assert len(queued) == len(set(queued)) == len(patients)
        assert Reminder.objects.count() == len(patients)
        # Every queued send runs twice (a redelivery): still one email each.
        for reminder_id in queued + queued:
            tasks.send_reminder.delay(reminder_id)
    assert len(mail.outbox) == len(patients)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.user.email for p in patients)


def test_it_queues_again_a_send_that_never_ran(db):
    patient = patient_at_oslo()
    now = THURSDAY_10

    def row(kind, minutes_ago, **fields):
        return Reminder.objects.create(
            patient=patient,
            kind=kind,
            for_date=now.date() - dt.timedelta(days=minutes_ago // 1440),
            channel="email",
            created_at=now - dt.timedelta(minutes=minutes_ago),
            **fields,
        )

    lost = row("recovery", 10)
    row("weekly", 2)  # its send may still be on the way
    row("inactivity", 10, attempts=sending.MAX_ATTEMPTS)  # given up
    row("checkin", 2 * 1440)  # too old to matter
    queued: list[int] = []
    with time_machine.travel(now, tick=False):
        result = dispatch.dispatch_due(enqueue=queued.extend, now=now)
    assert lost.pk in queued
    assert result.requeued == 1
    assert set(queued) - {lost.pk} == set(
        Reminder.objects.filter(created_at=now).values_list("pk", flat=True)
    )


def test_it_leaves_a_lost_send_alone_in_the_quiet_hours_and_queues_it_at_eight(db):
    # A send queued again at night would only be deferred: once a minute, all night.
    patient = patient_at_oslo(remind_checkin=False, remind_recovery=False, remind_weekly=False)
    evening = dt.datetime(2026, 11, 26, 20, 50, tzinfo=OSLO)
    lost = Reminder.objects.create(
        patient=patient,
        kind="inactivity",
        for_date=evening.date(),
        channel="email",
        created_at=evening,
    )
    for hour, minute, expected in ((22, 0, []), (7, 59, []), (8, 0, [lost.pk])):
        day = 26 if hour >= 21 else 27
        now = dt.datetime(2026, 11, day, hour, minute, tzinfo=OSLO)
        queued: list[int] = []
        with time_machine.travel(now, tick=False):
            dispatch.dispatch_due(enqueue=queued.extend, now=now)
        assert queued == expected, now


def test_it_sends_a_lost_reminder_once_when_the_dispatcher_finds_it(
    db, eager, django_capture_on_commit_callbacks
):
    patient = patient_at_oslo(remind_checkin=False)
    with time_machine.travel(THURSDAY_10 - dt.timedelta(minutes=10), tick=False):
        # The row was made but its send was never queued (the broker was down).
        Reminder.objects.create(
            patient=patient, kind="weekly", for_date=dt.date(2026, 11, 26), channel="email"
        )
    with time_machine.travel(THURSDAY_10, tick=False):
        for _ in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                tasks.dispatch_reminders()
    assert len(mail.outbox) == 1
    assert Reminder.objects.get().sent_at == THURSDAY_10


# A worker killed between claiming a reminder and sending it -----------------------------------


def claimed_row(patient, *, claimed_minutes_ago: int, kind="weekly") -> Reminder:
    """A row a worker claimed and never sent (it was killed mid-send)."""
    with time_machine.travel(THURSDAY_10 - dt.timedelta(minutes=10), tick=False):
        return Reminder.objects.create(
            patient=patient,
            kind=kind,
            for_date=dt.date(2026, 11, 26),
            channel="email",
            claimed_at=THURSDAY_10 - dt.timedelta(minutes=claimed_minutes_ago),
            attempts=1,
        )


def test_it_sends_a_claimed_but_unsent_row_once_when_the_claim_is_old(
    db, eager, django_capture_on_commit_callbacks, caplog
):
    patient = patient_at_oslo(remind_checkin=False)
    row = claimed_row(patient, claimed_minutes_ago=6)
    with time_machine.travel(THURSDAY_10, tick=False):
        for _ in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                tasks.dispatch_reminders()
    assert [m.to for m in mail.outbox] == [[patient.user.email]]
    row.refresh_from_db()
    assert (row.sent_at, row.claimed_at, row.attempts) == (THURSDAY_10, THURSDAY_10, 2)
    expired = [r for r in caplog.records if "reminder claim expired" in r.getMessage()]
    assert len(expired) == 1
    assert expired[0].levelname == "WARNING" and f"id={row.pk} " in expired[0].getMessage()


def test_it_does_not_steal_a_fresh_claim(db, eager, django_capture_on_commit_callbacks):
    patient = patient_at_oslo(remind_checkin=False)
    row = claimed_row(patient, claimed_minutes_ago=1)  # its worker may still be sending
    queued: list[int] = []
    with time_machine.travel(THURSDAY_10, tick=False):
        result = dispatch.dispatch_due(enqueue=queued.extend, now=THURSDAY_10)
        # A second copy of its send task (a redelivery) does not take it either.
        assert sending.send_reminder(reminder_id=row.pk) == "claimed"
    assert queued == [] and result.requeued == 0
    assert mail.outbox == []
    row.refresh_from_db()
    assert row.sent_at is None and row.attempts == 1


def test_it_sends_once_when_two_dispatchers_requeue_at_once(transactional_db, sms_outbox):
    if connection.vendor != "postgresql":
        pytest.skip(
            "Concurrent dispatchers need a database with row locks between connections; "
            "SQLite in memory is one connection. Runs on PostgreSQL (DATABASE_URL)."
        )
    with time_machine.travel(THURSDAY_10 - dt.timedelta(days=1), tick=False):
        centre = factories.CentreFactory(name="Pusterom Oslo")
        patients = factories.bulk_patients(centre=centre, count=40)
    # Nothing new is due: the dispatchers only find the lost rows.
    PatientProfile.objects.filter(centre=centre).update(
        remind_checkin=False, remind_recovery=False, remind_inactivity=False
    )
    for patient in patients:
        claimed_row(patient, claimed_minutes_ago=30)
    queues: list[list[int]] = [[], []]
    results: list[list[str]] = [[], []]
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def run(index):
        try:
            barrier.wait(timeout=10)
            dispatch.dispatch_due(enqueue=queues[index].extend, now=THURSDAY_10)
            barrier.wait(timeout=10)
            for reminder_id in queues[index]:
                results[index].append(sending.send_reminder(reminder_id=reminder_id))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    with time_machine.travel(THURSDAY_10, tick=False):
        threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert not errors, errors
    # Both dispatchers found every lost row, and every row went out exactly once.
    assert sorted(queues[0]) == sorted(queues[1])
    assert len(queues[0]) == len(patients)
    assert (results[0] + results[1]).count("sent") == len(patients)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.user.email for p in patients)
    assert not Reminder.objects.filter(sent_at__isnull=True).exists()


def test_an_email_reminder_is_not_sent_twice_when_a_slow_worker_loses_its_claim(db, settings):
    from pusterom.models import OutgoingEmail

    settings.MAILERS = {
        "default": {"BACKEND": "pusterom.mail.OutboxBackend"},
        "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    }
    patient = patient_at_oslo(remind_checkin=False)
    row = claimed_row(patient, claimed_minutes_ago=0)
    with time_machine.travel(THURSDAY_10 + dt.timedelta(minutes=6), tick=False):
        # The claim expired: another worker sends the row ...
        assert sending.send_reminder(reminder_id=row.pk) == "sent"
    with time_machine.travel(THURSDAY_10 + dt.timedelta(minutes=7), tick=False):
        # ... and the slow first worker finally gets to its send: nothing more goes out.
        row.refresh_from_db()
        with pytest.raises(sending.AlreadySent):
            sending._deliver(row, row.patient, timezone.now())
    assert OutgoingEmail.objects.count() == 1


@pytest.fixture
def broker_down():
    """The broker URL points at a closed port, as when Redis is down."""
    conf = celery_app.conf
    saved = conf.broker_url
    conf.broker_url = "redis://127.0.0.1:9/0"
    reset_connections()
    pusterom_celery.broker_down_until = 0.0
    yield
    conf.broker_url = saved
    reset_connections()
    pusterom_celery.broker_down_until = 0.0


def test_it_saves_a_check_in_and_answers_quickly_with_the_broker_down(
    transactional_db, broker_down, client_for
):
    patient = patient_at_oslo()
    queued = []

    def queue_a_task(sender, instance, created, **kwargs):
        # Whatever a request queues, it queues on commit; here a reminder send.
        queued.append(instance.pk)
        tasks.send_reminder.delay_on_commit(0)

    post_save.connect(queue_a_task, sender=CheckIn, dispatch_uid="broker-down-test")
    try:
        started = time.monotonic()
        response = client_for(patient).post(
            reverse("sessions_log:check_in"),
            {
                "signs": "none",
                "sleep": "good",
                "energy": "7",
                "nausea": "none",
                "dizziness": "none",
                "pain": "0",
                "sore_from_last": "none",
            },
        )
        elapsed = time.monotonic() - started
    finally:
        post_save.disconnect(dispatch_uid="broker-down-test", sender=CheckIn)
    assert response.status_code == 302
    check_in = CheckIn.objects.get(patient=patient)
    assert response["Location"] == reverse(
        "sessions_log:check_in_result", kwargs={"pk": check_in.pk}
    )
    assert queued == [check_in.pk]
    assert elapsed < 2.0
    # The publish was tried, failed fast, and was left to the dispatcher.
    assert pusterom_celery.broker_down_until > 0
