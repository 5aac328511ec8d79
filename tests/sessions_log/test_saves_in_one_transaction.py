"""A request never reports failure for data it saved: a check-in or a workout and the
patient's last-activity stamp are written in one transaction, all or nothing."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
import zoneinfo

import pytest
import time_machine
from django.db import OperationalError, connection

from patients.models import PatientProfile
from sessions_log.checkins import services
from sessions_log.models import CheckIn, Flag, WorkoutSession

NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Oslo"))
RED_ANSWERS = {
    "sleep": "good",
    "energy": 7,
    "nausea": "none",
    "dizziness": "none",
    "pain": 0,
    "fever_38": True,
    "chest_symptoms": False,
    "breathless": False,
    "sore_from_last": "none",
}


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def connection_dies(monkeypatch, where: str) -> None:
    def lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, where, lost)


# The first write is the activity stamp, the last one the flags.
WRITES = ["_touch_activity", "_flag_session"]


def log(patient, **values):
    return services.log_session(
        patient=patient,
        client_uuid=uuid.uuid4(),
        performed_on=NOW.date(),
        activity="walk",
        setting="self",
        duration_min=30,
        rpe=12,
        **values,
    )


def test_a_check_in_and_its_activity_stamp_are_saved_together(cast):
    services.record_check_in(patient=cast.patient_a, answers=RED_ANSWERS)
    assert CheckIn.objects.filter(patient=cast.patient_a).count() == 1
    assert PatientProfile.objects.get(pk=cast.patient_a.pk).last_activity_at == NOW


@pytest.mark.parametrize("where", ["_touch_activity", "Flag"])
def test_nothing_of_a_check_in_is_saved_when_the_connection_dies_on_the_way(
    cast, monkeypatch, where
):
    if where == "Flag":  # the red check-in's flag, after the check-in itself
        monkeypatch.setattr(
            Flag.objects, "get_or_create", lambda **kw: (_ for _ in ()).throw(OperationalError())
        )
    else:
        connection_dies(monkeypatch, where)
    with pytest.raises(OperationalError):
        services.record_check_in(patient=cast.patient_a, answers=RED_ANSWERS)
    assert not CheckIn.objects.exists()
    assert not Flag.objects.exists()
    assert PatientProfile.objects.get(pk=cast.patient_a.pk).last_activity_at is None


def test_a_workout_and_its_activity_stamp_are_saved_together(cast):
    log(cast.patient_a)
    assert WorkoutSession.objects.filter(patient=cast.patient_a).count() == 1
    assert PatientProfile.objects.get(pk=cast.patient_a.pk).last_activity_at == NOW


@pytest.mark.parametrize("where", WRITES)
def test_nothing_of_a_workout_is_saved_when_the_connection_dies_on_the_way(
    cast, monkeypatch, where
):
    connection_dies(monkeypatch, where)
    with pytest.raises(OperationalError):
        log(cast.patient_a)
    assert not WorkoutSession.objects.exists()
    assert PatientProfile.objects.get(pk=cast.patient_a.pk).last_activity_at is None


def test_a_check_in_and_workouts_at_once_take_turns_without_deadlock(transactional_db, cast):
    """A check-in locks the day's row; a workout's foreign key to it is checked at commit.
    With the activity stamp written first, they queue on the patient instead of deadlocking."""
    if connection.vendor != "postgresql":
        pytest.skip("Row locks between connections: runs on PostgreSQL (DATABASE_URL).")
    services.record_check_in(patient=cast.patient_a, answers=RED_ANSWERS)  # today's row exists
    errors: list[BaseException] = []
    barrier = threading.Barrier(3)

    def run(work):
        try:
            barrier.wait(timeout=10)
            for _ in range(15):
                work()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    workers = [
        lambda: services.record_check_in(patient=cast.patient_a, answers=RED_ANSWERS),
        # Thirty sessions alike on purpose: the question about a repeat is answered "yes".
        lambda: log(cast.patient_a, repeat_confirmed=True),
        lambda: log(cast.patient_a, repeat_confirmed=True),
    ]
    threads = [threading.Thread(target=run, args=(work,)) for work in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert WorkoutSession.objects.filter(patient=cast.patient_a).count() == 30
