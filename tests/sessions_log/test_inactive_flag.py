"""The inactive flag (sessions_log.triage.services.flag_inactive_patients): raised for a
patient quiet for 7 days, once per quiet spell, by the reminder dispatcher's task. Time frozen;
the limit is activity.INACTIVE_AFTER."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from patients.models import PatientProfile
from pusterom.models import User
from sessions_log.models import Flag
from sessions_log.reminders import tasks
from sessions_log.triage.services import flag_inactive_patients

NOW = dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def set_quiet(patient, *, last_activity=None, created=NOW - 60 * DAY):
    PatientProfile.objects.filter(pk=patient.pk).update(
        last_activity_at=last_activity, created_at=created
    )


def inactive_flags(patient):
    return list(Flag.objects.filter(patient=patient, kind=Flag.Kind.INACTIVE).order_by("pk"))


# (last activity, account made, an inactive flag raised before: (when, acknowledged)) -> raised?
CASES = [
    pytest.param(NOW - 7 * DAY, NOW - 60 * DAY, None, True, id="quiet-7-days"),
    pytest.param(NOW - 7 * DAY + dt.timedelta(minutes=1), NOW - 60 * DAY, None, False, id="6d23h"),
    pytest.param(None, NOW - 7 * DAY, None, True, id="never-active-account-7-days"),
    pytest.param(None, NOW - 6 * DAY, None, False, id="never-active-account-6-days"),
    pytest.param(
        NOW - 9 * DAY, NOW - 60 * DAY, (NOW - 2 * DAY, True), False, id="flagged-this-spell"
    ),
    pytest.param(
        NOW - 9 * DAY, NOW - 60 * DAY, (NOW - 2 * DAY, False), False, id="open-this-spell"
    ),
    pytest.param(
        NOW - 9 * DAY, NOW - 60 * DAY, (NOW - 20 * DAY, True), True, id="flagged-last-spell"
    ),
]


@pytest.mark.parametrize(("last_activity", "created", "earlier", "raised"), CASES)
def test_it_flags_a_quiet_patient_once_per_spell(
    patient_a, last_activity, created, earlier, raised
):
    set_quiet(patient_a, last_activity=last_activity, created=created)
    if earlier is not None:
        when, acknowledged = earlier
        Flag.objects.create(
            patient=patient_a,
            kind=Flag.Kind.INACTIVE,
            created_at=when,
            acknowledged_at=when + DAY if acknowledged else None,
        )
    before = len(inactive_flags(patient_a))

    flag_inactive_patients()

    new = inactive_flags(patient_a)[before:]
    assert [f.created_at for f in new] == ([NOW] if raised else [])


def test_it_leaves_an_open_flag_of_an_earlier_spell_alone(patient_a):
    set_quiet(patient_a, last_activity=NOW - 8 * DAY)
    Flag.objects.create(patient=patient_a, kind=Flag.Kind.INACTIVE, created_at=NOW - 30 * DAY)
    flag_inactive_patients()
    assert len(inactive_flags(patient_a)) == 1


def test_it_raises_nothing_for_a_closed_account(patient_a):
    set_quiet(patient_a, last_activity=NOW - 30 * DAY)
    User.objects.filter(pk=patient_a.user_id).update(is_active=False)
    flag_inactive_patients()
    assert inactive_flags(patient_a) == []


def test_it_flags_each_quiet_spell_once_as_time_goes_by(patient_a, patient_b, frozen):
    set_quiet(patient_a, last_activity=NOW - 7 * DAY)
    set_quiet(patient_b, last_activity=NOW - DAY)
    flag_inactive_patients()
    flag_inactive_patients()  # a second run, or a second dispatcher
    frozen.shift(3 * DAY)
    flag_inactive_patients()
    first = inactive_flags(patient_a)
    assert [f.created_at for f in first] == [NOW]
    assert inactive_flags(patient_b) == []

    # The physiotherapist acknowledges it; the patient stays quiet: no new flag.
    Flag.objects.filter(pk=first[0].pk).update(acknowledged_at=NOW + 3 * DAY)
    frozen.shift(DAY)
    flag_inactive_patients()
    assert len(inactive_flags(patient_a)) == 1

    # A check-in ends the spell; seven quiet days later a new one is flagged.
    PatientProfile.objects.filter(pk=patient_a.pk).update(last_activity_at=NOW + 4 * DAY)
    frozen.shift(6 * DAY)  # NOW + 10 days: 6 quiet days
    flag_inactive_patients()
    assert len(inactive_flags(patient_a)) == 1
    frozen.shift(DAY)  # 7 quiet days
    flag_inactive_patients()
    assert [f.created_at for f in inactive_flags(patient_a)] == [NOW, NOW + 11 * DAY]
    # patient_b went quiet at NOW - 1 day: 7 days later, flagged too.
    assert [f.created_at for f in inactive_flags(patient_b)] == [NOW + 10 * DAY]


def test_it_is_raised_by_the_reminder_dispatchers_task(patient_a):
    set_quiet(patient_a, last_activity=NOW - 8 * DAY)
    tasks.dispatch_reminders()
    assert len(inactive_flags(patient_a)) == 1
