"""What is due, when: each kind in the patient's time zone, across daylight-saving changes,
quiet hours, opt-out and pause. Time is frozen; the dispatcher's sends are only counted."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from sessions_log import recovery
from sessions_log.models import Reminder
from sessions_log.reminders.dispatch import dispatch_due
from tests import factories

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def at(year, month, day, hour, minute=0, tz=OSLO) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=tz)


class Queue(list):
    def __call__(self, ids):
        self.extend(ids)


def dispatch(when: dt.datetime, **kwargs) -> list[tuple[int, str, dt.date, str]]:
    """Run the dispatcher at ``when``; return the rows it created (and queued), as tuples."""
    queue = Queue()
    with time_machine.travel(when, tick=False):
        dispatch_due(enqueue=queue, now=timezone.now(), **kwargs)
    return sorted(
        Reminder.objects.filter(pk__in=queue, created_at=when).values_list(
            "patient_id", "kind", "for_date", "channel"
        )
    )


def kinds(rows, kind):
    return [row for row in rows if row[1] == kind]


ACCOUNT_MADE = dt.datetime(2026, 11, 1, 12, tzinfo=OSLO)


def make_patient(*, centre, created=ACCOUNT_MADE, **fields):
    """A patient with only the check-in and recovery reminders on, unless asked."""
    fields.setdefault("last_activity_at", created)
    fields.setdefault("remind_inactivity", False)
    fields.setdefault("remind_weekly", False)
    with time_machine.travel(created, tick=False):
        return factories.PatientProfileFactory(centre=centre, **fields)


@pytest.fixture
def oslo(db):
    return factories.CentreFactory(name="Pusterom Oslo", timezone="Europe/Oslo")


@pytest.fixture
def new_york(db):
    return factories.CentreFactory(name="Pusterom New York", timezone="America/New_York")


# Check-in -------------------------------------------------------------------------------------


def test_it_reminds_of_the_check_in_at_the_patients_local_time(oslo):
    # Thursday 26 November 2026: 09:00 in Oslo is 08:00 UTC.
    patient = make_patient(centre=oslo, last_activity_at=at(2026, 11, 25, 12))
    assert kinds(dispatch(at(2026, 11, 26, 8, 59)), "checkin") == []
    rows = kinds(dispatch(at(2026, 11, 26, 9, 0)), "checkin")
    assert rows == [(patient.pk, "checkin", dt.date(2026, 11, 26), "email")]


def test_it_uses_the_centres_time_zone(oslo, new_york):
    oslo_patient = make_patient(centre=oslo)
    ny_patient = make_patient(centre=new_york)
    # 09:00 in New York is 15:00 in Oslo: the Oslo patient got theirs at 09:00 Oslo time.
    assert [r[0] for r in kinds(dispatch(at(2026, 11, 26, 9, 0)), "checkin")] == [oslo_patient.pk]
    assert kinds(dispatch(at(2026, 11, 26, 8, 59, tz=NEW_YORK)), "checkin") == []
    assert [r[0] for r in kinds(dispatch(at(2026, 11, 26, 9, 0, tz=NEW_YORK)), "checkin")] == [
        ny_patient.pk
    ]


@pytest.mark.parametrize(
    ("day", "before_utc", "due_utc"),
    [
        # Spring forward on Sunday 29 March 2026: 09:00 CEST is 07:00 UTC (08:00 the day before).
        (dt.date(2026, 3, 28), (7, 59), (8, 0)),
        (dt.date(2026, 3, 29), (6, 59), (7, 0)),
        # Fall back on Sunday 25 October 2026: 09:00 CET is 08:00 UTC (07:00 the day before).
        (dt.date(2026, 10, 24), (6, 59), (7, 0)),
        (dt.date(2026, 10, 25), (7, 59), (8, 0)),
    ],
)
def test_it_keeps_the_local_time_across_daylight_saving_changes(oslo, day, before_utc, due_utc):
    patient = make_patient(centre=oslo, created=at(2026, 3, 1, 12))
    utc = dt.UTC
    before = dt.datetime.combine(day, dt.time(*before_utc), tzinfo=utc)
    due = dt.datetime.combine(day, dt.time(*due_utc), tzinfo=utc)
    assert before.astimezone(OSLO).time() == dt.time(8, 59)
    assert kinds(dispatch(before), "checkin") == []
    assert kinds(dispatch(due), "checkin") == [(patient.pk, "checkin", day, "email")]


def test_it_reminds_only_on_the_chosen_weekdays(oslo):
    patient = make_patient(centre=oslo, reminder_days="135")  # Mon, Wed, Fri
    assert kinds(dispatch(at(2026, 11, 26, 10)), "checkin") == []  # Thursday
    assert kinds(dispatch(at(2026, 11, 27, 10)), "checkin") == [
        (patient.pk, "checkin", dt.date(2026, 11, 27), "email")
    ]


def test_it_skips_the_check_in_reminder_after_a_check_in_that_day(oslo):
    patient = make_patient(centre=oslo)
    factories.CheckInFactory(patient=patient, date=dt.date(2026, 11, 26))
    assert kinds(dispatch(at(2026, 11, 26, 10)), "checkin") == []
    assert len(kinds(dispatch(at(2026, 11, 27, 10)), "checkin")) == 1


def test_it_catches_up_later_the_same_day_but_not_in_the_evening(oslo):
    make_patient(centre=oslo, reminder_time=dt.time(9, 0))
    assert len(kinds(dispatch(at(2026, 11, 26, 14, 30)), "checkin")) == 1
    make_patient(centre=oslo, reminder_time=dt.time(9, 0))
    assert kinds(dispatch(at(2026, 11, 26, 21, 0)), "checkin") == []


# Quiet hours ----------------------------------------------------------------------------------


def test_it_sends_nothing_in_quiet_hours_and_catches_up_at_eight(oslo):
    early = make_patient(centre=oslo, reminder_time=dt.time(6, 30))
    assert dispatch(at(2026, 11, 26, 6, 30)) == []
    assert dispatch(at(2026, 11, 26, 7, 59)) == []
    assert kinds(dispatch(at(2026, 11, 26, 8, 0)), "checkin") == [
        (early.pk, "checkin", dt.date(2026, 11, 26), "email")
    ]


def test_it_sends_nothing_from_21_oclock(oslo):
    make_patient(centre=oslo, reminder_time=dt.time(20, 59))
    assert dispatch(at(2026, 11, 26, 21, 0)) == []
    assert dispatch(at(2026, 11, 26, 23, 30)) == []
    assert len(dispatch(at(2026, 11, 26, 20, 59))) == 1


# Opt-out, pause, channels --------------------------------------------------------------------


def test_it_sends_nothing_while_reminders_are_paused(oslo):
    make_patient(
        centre=oslo,
        reminders_enabled=False,
        last_activity_at=None,
        remind_inactivity=True,
        remind_weekly=True,
    )
    assert dispatch(at(2026, 11, 30, 10)) == []  # a Monday: weekly and inactivity too


def test_it_leaves_out_a_kind_the_patient_turned_off(oslo):
    make_patient(centre=oslo, remind_checkin=False)
    assert kinds(dispatch(at(2026, 11, 26, 10)), "checkin") == []


def test_it_makes_one_row_per_channel_the_patient_chose(oslo):
    both = make_patient(centre=oslo, sms_opt_in=True, phone="+4791234567")
    sms_only = make_patient(centre=oslo, email_opt_in=False, sms_opt_in=True, phone="+4791234568")
    make_patient(centre=oslo, email_opt_in=False, sms_opt_in=True, phone="")  # unreachable
    make_patient(centre=oslo, email_opt_in=False, sms_opt_in=False)
    rows = kinds(dispatch(at(2026, 11, 26, 10)), "checkin")
    day = dt.date(2026, 11, 26)
    assert rows == [
        (both.pk, "checkin", day, "email"),
        (both.pk, "checkin", day, "sms"),
        (sms_only.pk, "checkin", day, "sms"),
    ]


def test_it_sends_nothing_to_a_deactivated_account(oslo):
    patient = make_patient(centre=oslo)
    patient.user.is_active = False
    patient.user.save()
    assert dispatch(at(2026, 11, 26, 10)) == []


# Recovery question ---------------------------------------------------------------------------


def _session(patient, started):
    return factories.WorkoutSessionFactory(
        patient=patient,
        started_at=started,
        performed_on=started.astimezone(OSLO).date(),
        duration_min=30,
    )


def test_it_asks_the_recovery_question_20_hours_after_the_session(oslo):
    patient = make_patient(centre=oslo, remind_checkin=False)
    _session(patient, at(2026, 11, 25, 14, 0))  # ends 14:30; question opens 10:30 next day
    assert kinds(dispatch(at(2026, 11, 26, 10, 29)), "recovery") == []
    assert kinds(dispatch(at(2026, 11, 26, 10, 30)), "recovery") == [
        (patient.pk, "recovery", dt.date(2026, 11, 26), "email")
    ]
    # One a day: later the same day nothing more.
    assert kinds(dispatch(at(2026, 11, 26, 18, 0)), "recovery") == []


def test_it_waits_for_eight_oclock_when_the_question_opens_at_night(oslo):
    patient = make_patient(centre=oslo, remind_checkin=False)
    _session(patient, at(2026, 11, 25, 6, 0))  # opens 02:30 on the 26th
    assert dispatch(at(2026, 11, 26, 2, 30)) == []
    assert kinds(dispatch(at(2026, 11, 26, 8, 0)), "recovery") == [
        (patient.pk, "recovery", dt.date(2026, 11, 26), "email")
    ]


def test_it_asks_again_each_day_until_recovered(oslo):
    patient = make_patient(centre=oslo, remind_checkin=False)
    session = _session(patient, at(2026, 11, 24, 14, 0))
    assert len(kinds(dispatch(at(2026, 11, 25, 11)), "recovery")) == 1
    recovery.answer_recovery_question(
        session=session,
        recovered="partly",
        managed_chores=True,
        soreness="some",
        now=at(2026, 11, 25, 12),
    )
    assert kinds(dispatch(at(2026, 11, 25, 13)), "recovery") == []  # answered today
    assert len(kinds(dispatch(at(2026, 11, 26, 8)), "recovery")) == 1  # asked again
    recovery.answer_recovery_question(
        session=session,
        recovered="yes",
        managed_chores=True,
        soreness="none",
        now=at(2026, 11, 26, 9),
    )
    assert kinds(dispatch(at(2026, 11, 27, 8)), "recovery") == []


def test_it_stops_asking_after_three_unanswered_days(oslo):
    patient = make_patient(centre=oslo, remind_checkin=False, remind_inactivity=False)
    _session(patient, at(2026, 11, 24, 14, 0))
    asked = [
        day for day in (25, 26, 27, 28, 29) if kinds(dispatch(at(2026, 11, day, 11)), "recovery")
    ]
    assert asked == [25, 26, 27]


def test_it_agrees_with_the_patients_open_questions(oslo):
    patient = make_patient(centre=oslo, remind_checkin=False, remind_inactivity=False)
    _session(patient, at(2026, 11, 20, 14, 0))  # past the 3 days
    _session(patient, at(2026, 11, 25, 17, 0))  # opens 13:30 on the 26th
    for hour in (9, 13, 14):
        when = at(2026, 11, 26, hour, 30)
        expected = bool(recovery.open_recovery_questions(patient=patient, now=when))
        Reminder.objects.all().delete()
        assert bool(kinds(dispatch(when), "recovery")) is expected, hour


# Inactivity nudge and weekly summary --------------------------------------------------------


def test_it_nudges_after_seven_quiet_days_at_most_once_a_week(oslo):
    patient = make_patient(
        centre=oslo,
        remind_checkin=False,
        remind_inactivity=True,
        last_activity_at=at(2026, 11, 19, 9, 30),
    )
    assert kinds(dispatch(at(2026, 11, 26, 9, 15)), "inactivity") == []  # 6 days 23:45
    assert kinds(dispatch(at(2026, 11, 26, 9, 30)), "inactivity") == [
        (patient.pk, "inactivity", dt.date(2026, 11, 26), "email")
    ]
    for day in (27, 28, 29, 30):
        assert kinds(dispatch(at(2026, 11, day, 10)), "inactivity") == []
    assert len(kinds(dispatch(at(2026, 12, 3, 10)), "inactivity")) == 1


def test_it_does_not_nudge_an_active_patient(oslo):
    make_patient(
        centre=oslo,
        remind_checkin=False,
        remind_inactivity=True,
        last_activity_at=at(2026, 11, 25, 9),
    )
    assert kinds(dispatch(at(2026, 11, 26, 10)), "inactivity") == []


def test_it_sends_the_weekly_summary_on_monday_morning(oslo):
    patient = make_patient(centre=oslo, remind_checkin=False, remind_weekly=True)
    assert kinds(dispatch(at(2026, 11, 29, 12)), "weekly") == []  # Sunday
    assert kinds(dispatch(at(2026, 11, 30, 7, 59)), "weekly") == []  # quiet hours
    assert kinds(dispatch(at(2026, 11, 30, 8, 0)), "weekly") == [
        (patient.pk, "weekly", dt.date(2026, 11, 30), "email")
    ]
    assert kinds(dispatch(at(2026, 11, 30, 12)), "weekly") == []
    assert kinds(dispatch(at(2026, 12, 1, 8)), "weekly") == []


# Batches --------------------------------------------------------------------------------------


def test_it_walks_the_patients_in_batches(oslo):
    with time_machine.travel(at(2026, 11, 25, 12), tick=False):
        patients = factories.bulk_patients(centre=oslo, count=7)
    rows = kinds(dispatch(at(2026, 11, 26, 10), batch_size=3), "checkin")
    assert [r[0] for r in rows] == sorted(p.pk for p in patients)
