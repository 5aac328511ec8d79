"""Fuzzed posts to every sessions_log form, through its URL: the daily check-in, logging a
workout, the recovery answer, acknowledging a flag, the reminder settings and the triage
filters. (Tests only: the sessions_log code itself is not changed here.)"""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo

import time_machine
from django.urls import reverse
from hypothesis import strategies as st

from patients.models import BodyArea
from sessions_log.models import CheckIn, Flag, WorkoutSession
from tests import factories
from tests.fuzz.forms import JUNK, field, form, fuzz

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=OSLO)  # a Wednesday
TODAY = NOW.date()
SCALE = [str(i) for i in range(11)]


def choices(model_choices):
    return [c for c, _ in model_choices]


def test_it_survives_fuzzed_check_ins(cast, client_for):
    client = client_for(cast.patient_a)
    url = reverse("sessions_log:check_in")
    data = form(
        sleep=field(*choices(CheckIn.Sleep.choices)),
        energy=field(*SCALE),
        nausea=field(*choices(CheckIn.Nausea.choices)),
        dizziness=field(*choices(CheckIn.Dizziness.choices)),
        pain=field(*SCALE),
        pain_area=field("", *choices(BodyArea.choices)),
        warning_signs=field("fever_38", "chest_symptoms", "breathless"),
        sore_from_last=field(*choices(CheckIn.Soreness.choices)),
    )
    with time_machine.travel(NOW, tick=False):
        fuzz(data, lambda d: client.post(url, d))


def test_it_survives_fuzzed_workouts(cast, client_for):
    injury = factories.PriorInjuryFactory(patient=cast.patient_a)
    client = client_for(cast.patient_a)
    url = reverse("sessions_log:log_workout")
    days = [(TODAY - dt.timedelta(days=n)).isoformat() for n in range(9)]
    data = form(
        client_uuid=st.one_of(st.uuids().map(str), JUNK),
        activity=field(*choices(WorkoutSession.Activity.choices)),
        setting=field(*choices(WorkoutSession.Setting.choices)),
        duration_pick=field("10", "20", "30", "45", "15"),
        duration_other=field("", "25", "0", "601"),
        rpe=field(*[str(i) for i in range(5, 22)]),
        avg_hr=field("", "110", "29", "231"),
        max_hr=field("", "140", "100"),
        flare_injury=field("", str(injury.pk), "999999"),
        performed_on=field(*days),
        notes=field("", "Gikk fint", "x" * 2001),
        repeat=field("yes", "no"),  # the answer to "you just logged ..."
    )
    with time_machine.travel(NOW, tick=False):
        fuzz(data, lambda d: client.post(url, d))


def test_it_survives_fuzzed_recovery_answers(cast, client_for):
    client = client_for(cast.patient_a)
    yesterday = NOW - dt.timedelta(days=1)

    def setup():
        return factories.WorkoutSessionFactory(
            patient=cast.patient_a,
            started_at=yesterday,
            performed_on=yesterday.date(),
            client_uuid=uuid.uuid4(),
        )

    def post(data, session):
        return client.post(reverse("sessions_log:recovery_answer", args=[session.pk]), data)

    data = form(
        recovered=field("yes", "partly", "no"),
        managed_chores=field("yes", "no"),
        soreness=field("none", "some", "a_lot"),
        note=field("", "Tung i beina", "x" * 1001),
    )
    with time_machine.travel(NOW, tick=False):
        fuzz(data, post, setup=setup)


def test_it_survives_fuzzed_flag_acknowledgements(cast, client_for):
    client = client_for(cast.physio_a)

    def setup():
        session = factories.WorkoutSessionFactory(patient=cast.patient_a, client_uuid=uuid.uuid4())
        return Flag.objects.create(patient=cast.patient_a, session=session, kind="too_hard")

    def post(data, flag):
        return client.post(reverse("sessions_log:flag_acknowledge", args=[flag.pk]), data)

    data = form(note=field("", "Ta det rolig", "x" * 1001), back=field("triage", "patient"))
    fuzz(data, post, setup=setup)


def test_it_survives_fuzzed_reminder_settings(cast, client_for):
    client = client_for(cast.patient_a)
    url = reverse("sessions_log:reminder_settings")
    data = form(
        remind_checkin=field("on"),
        reminder_time=field("09:00", "07:30", "21:00", "25:00", "9"),
        reminder_days=field(*"1234567", "8", "0"),
        remind_recovery=field("on"),
        remind_inactivity=field("on"),
        remind_weekly=field("on"),
        email_opt_in=field("on"),
        sms_opt_in=field("on"),
        paused=field("on"),
    )
    fuzz(data, lambda d: client.post(url, d))


def test_it_survives_fuzzed_triage_filters(cast, client_for):
    client = client_for(cast.physio_a)
    url = reverse("sessions_log:triage")
    data = form(
        kind=field("", *choices(Flag.Kind.choices)),
        physio=field("", str(cast.physio_a.pk), "none"),
        page=field("1", "2"),
    )
    fuzz(data, lambda d: client.get(url, d))


def test_it_survives_fuzzed_planned_session_logs(cast, client_for):
    """The effort of "Dagens økt" (one tap), and the usual form linked to a planned session."""
    from sessions_log.plans.programmes.services import save_programme
    from tests.sessions_log.plans.helpers import load_library, session_input

    lib = load_library()
    programme, _created = save_programme(
        patient=cast.patient_a,
        author=cast.physio_a,
        base_version=0,
        note="",
        sessions=[
            session_input(
                "strength", "1234567", 20, (11, 13), [(lib["sit-to-stand"], 2, 10, None, None)]
            )
        ],
    )
    planned = programme.sessions.get()
    client = client_for(cast.patient_a)
    with time_machine.travel(NOW, tick=False):
        factories.CheckInFactory(patient=cast.patient_a)
        effort = form(
            client_uuid=st.one_of(st.uuids().map(str), JUNK),
            rpe=field(*[str(i) for i in range(5, 22)]),
        )
        for how in ("done", "lighter"):
            url = reverse("sessions_log:log_planned", args=[planned.pk, how])
            fuzz(effort, lambda d, url=url: client.post(url, d))
        workout = form(
            client_uuid=st.one_of(st.uuids().map(str), JUNK),
            planned_session=field(str(planned.pk), "999999", ""),
            activity=field(*choices(WorkoutSession.Activity.choices)),
            setting=field(*choices(WorkoutSession.Setting.choices)),
            duration_pick=field("10", "20"),
            rpe=field(*[str(i) for i in range(5, 22)]),
            performed_on=field(TODAY.isoformat()),
        )
        fuzz(workout, lambda d: client.post(reverse("sessions_log:log_workout"), d))
