"""A request never reports failure for data it saved: a check-in or a workout and the
patient's last-activity stamp are written in one transaction, all or nothing."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo

import pytest
import time_machine
from django.db import OperationalError

from patients.models import PatientProfile
from sessions_log import services
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


@pytest.fixture
def connection_dies_at_the_last_write(monkeypatch):
    def lost(patient):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "_touch_activity", lost)


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


def test_a_check_in_is_not_saved_when_the_connection_dies_before_the_last_write(
    cast, connection_dies_at_the_last_write
):
    with pytest.raises(OperationalError):
        services.record_check_in(patient=cast.patient_a, answers=RED_ANSWERS)
    assert not CheckIn.objects.exists()
    assert not Flag.objects.exists()


def test_a_workout_and_its_activity_stamp_are_saved_together(cast):
    log(cast.patient_a)
    assert WorkoutSession.objects.filter(patient=cast.patient_a).count() == 1
    assert PatientProfile.objects.get(pk=cast.patient_a.pk).last_activity_at == NOW


def test_a_workout_is_not_saved_when_the_connection_dies_before_the_last_write(
    cast, connection_dies_at_the_last_write
):
    with pytest.raises(OperationalError):
        log(cast.patient_a)
    assert not WorkoutSession.objects.exists()
