"""The recovery follow-up rules, with time frozen (sessions_log.recovery)."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import IntegrityError

from sessions_log import recovery
from sessions_log.models import Flag, RecoveryReport, WorkoutSession
from tests import factories

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment in March 2026, Oslo time (no daylight-saving change in the days used)."""
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=OSLO)


@pytest.fixture
def session(patient_a):
    # Monday 2 March, 17:00-17:30: the question opens Tuesday 3 March 13:30.
    return factories.WorkoutSessionFactory(
        patient=patient_a, started_at=at(2, 17), performed_on=dt.date(2026, 3, 2), duration_min=30
    )


def open_ids(patient, now):
    return [q.session.pk for q in recovery.open_recovery_questions(patient=patient, now=now)]


def answer(session, now, recovered="yes", chores=True, soreness="none", note=""):
    with time_machine.travel(now, tick=False):
        return recovery.answer_recovery_question(
            session=WorkoutSession.objects.select_related("patient__centre").get(pk=session.pk),
            recovered=recovered,
            managed_chores=chores,
            soreness=soreness,
            note=note,
        )


def flag_kinds(session):
    return sorted(Flag.objects.filter(session=session).values_list("kind", flat=True))


def test_it_opens_the_question_20_hours_after_the_session_ended(patient_a, session):
    assert recovery.question_opens_at(session) == at(3, 13, 30)
    assert open_ids(patient_a, at(3, 13, 29)) == []
    questions = recovery.open_recovery_questions(patient=patient_a, now=at(3, 13, 30))
    assert [q.session.pk for q in questions] == [session.pk]
    assert questions[0].asked_for == dt.date(2026, 3, 3)
    assert questions[0].day_number == 1
    assert questions[0].is_follow_up is False


def test_it_asks_for_answers_only_when_a_session_waits_for_one(
    patient_a, session, django_assert_num_queries
):
    with django_assert_num_queries(1):  # nothing in the window yet: no answers to read
        assert open_ids(patient_a, at(3, 12)) == []
    with django_assert_num_queries(2):
        assert open_ids(patient_a, at(3, 13, 30)) == [session.pk]


def test_it_records_one_day_and_no_flag_when_recovered_the_next_day(patient_a, session):
    report = answer(session, at(3, 14), recovered="yes", chores=True, soreness="some")

    session.refresh_from_db()
    assert session.recovery_days == 1
    assert report.asked_for == dt.date(2026, 3, 3)
    assert flag_kinds(session) == []
    assert open_ids(patient_a, at(3, 20)) == []
    assert open_ids(patient_a, at(4, 12)) == []


def test_it_flags_slow_recovery_after_partly_then_records_two_days(patient_a, session):
    answer(session, at(3, 13, 30), recovered="partly")

    assert flag_kinds(session) == ["slow_recovery"]
    session.refresh_from_db()
    assert session.recovery_days is None
    # Answered for today: not asked again the same day, but the next day it comes back.
    assert open_ids(patient_a, at(3, 23)) == []
    questions = recovery.open_recovery_questions(patient=patient_a, now=at(4, 8))
    assert [q.session.pk for q in questions] == [session.pk]
    assert questions[0].is_follow_up is True
    assert questions[0].day_number == 2

    answer(session, at(4, 9), recovered="yes")

    session.refresh_from_db()
    assert session.recovery_days == 2
    assert flag_kinds(session) == ["slow_recovery"]
    assert RecoveryReport.objects.filter(session=session).count() == 2
    assert open_ids(patient_a, at(5, 9)) == []


def test_it_flags_too_hard_when_daily_chores_were_not_managed(patient_a, session):
    answer(session, at(3, 15), recovered="yes", chores=False)

    assert flag_kinds(session) == ["too_hard"]
    session.refresh_from_db()
    assert session.recovery_days == 1


def test_it_flags_prolonged_soreness_only_from_day_5(patient_a, session):
    for day in (3, 4, 5, 6):  # days 1-4 after the session
        answer(session, at(day, 14), recovered="partly", soreness="a_lot")
    assert flag_kinds(session) == ["slow_recovery"]

    answer(session, at(7, 14), recovered="partly", soreness="some")  # day 5

    assert flag_kinds(session) == ["prolonged_soreness", "slow_recovery"]


def test_it_stops_asking_after_3_unanswered_days(patient_a, session):
    assert open_ids(patient_a, at(3, 14)) == [session.pk]
    assert open_ids(patient_a, at(4, 14)) == [session.pk]
    assert open_ids(patient_a, at(5, 23, 59)) == [session.pk]

    assert open_ids(patient_a, at(6, 0, 1)) == []
    state = recovery.question_state(session, answered_days=[], now=at(6, 9), tz=OSLO)
    assert state == "no_answer"


def test_it_counts_the_3_days_from_the_last_not_yet(patient_a, session):
    answer(session, at(3, 14), recovered="no")

    for day in (4, 5, 6):
        assert open_ids(patient_a, at(day, 10)) == [session.pk]
    assert open_ids(patient_a, at(7, 10)) == []


def test_it_does_not_duplicate_a_flag_on_a_second_answer(patient_a, session):
    answer(session, at(3, 14), recovered="no", chores=False)
    answer(session, at(4, 14), recovered="no", chores=False)

    assert flag_kinds(session) == ["slow_recovery", "too_hard"]
    assert RecoveryReport.objects.filter(session=session).count() == 2


def test_it_keeps_one_report_when_the_same_day_is_answered_twice(patient_a, session):
    answer(session, at(3, 14), recovered="no")
    answer(session, at(3, 14, 1), recovered="partly", note="  Litt bedre  ")

    reports = list(RecoveryReport.objects.filter(session=session))
    assert len(reports) == 1
    assert reports[0].recovered == "partly"
    assert reports[0].note == "Litt bedre"
    assert flag_kinds(session) == ["slow_recovery"]


def test_it_fills_a_report_row_written_when_the_question_was_sent(patient_a, session):
    RecoveryReport.objects.create(session=session, asked_for=dt.date(2026, 3, 3))
    # An unanswered row does not close the question.
    assert open_ids(patient_a, at(3, 15)) == [session.pk]

    answer(session, at(3, 16), recovered="yes")

    report = RecoveryReport.objects.get(session=session)
    assert report.recovered == "yes"
    assert report.answered_at == at(3, 16)


def test_it_treats_a_flag_created_by_a_concurrent_request_as_existing(
    patient_a, session, monkeypatch
):
    existing = Flag.objects.create(patient=patient_a, session=session, kind="slow_recovery")

    def racing_get_or_create(**kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(Flag.objects, "get_or_create", racing_get_or_create)
    flag, created = recovery.raise_flag(session=session, kind="slow_recovery")

    assert (flag.pk, created) == (existing.pk, False)
    assert Flag.objects.filter(session=session).count() == 1


def test_it_asks_about_each_session_oldest_first_and_not_about_other_patients(
    patient_a, patient_b, session
):
    later = factories.WorkoutSessionFactory(
        patient=patient_a, started_at=at(3, 8), performed_on=dt.date(2026, 3, 3), duration_min=20
    )
    factories.WorkoutSessionFactory(
        patient=patient_b, started_at=at(2, 10), performed_on=dt.date(2026, 3, 2)
    )

    assert open_ids(patient_a, at(4, 9)) == [session.pk, later.pk]


def test_it_shows_unseen_physio_notes_until_dismissed(patient_a, physio_a, session):
    flag = Flag.objects.create(
        patient=patient_a,
        session=session,
        kind="slow_recovery",
        acknowledged_at=at(4, 10),
        acknowledged_by=physio_a,
        physio_note="Ta det litt roligere denne uka.",
    )
    Flag.objects.create(  # acknowledged without a note: nothing to show
        patient=patient_a, session=session, kind="too_hard", acknowledged_at=at(4, 10)
    )

    followup = recovery.home_followup(patient=patient_a, now=at(4, 11))
    assert [n.pk for n in followup.notes] == [flag.pk]

    recovery.mark_note_seen(flag=flag, now=at(4, 12))
    recovery.mark_note_seen(flag=flag, now=at(4, 13))

    flag.refresh_from_db()
    assert flag.note_seen_at == at(4, 12)
    assert recovery.home_followup(patient=patient_a, now=at(4, 14)).notes == []
