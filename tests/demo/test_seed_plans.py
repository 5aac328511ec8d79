"""seed_demo gives the demo patients training plans in several states (new, progressing,
stepped down) with weeks of planned-vs-done history, such that one patient is ready for more
and one is due a step down by sessions_log.plans.progression; running it again adds nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from demo.patients import PATIENT_EMAIL
from demo.plans import LARS, NILS, SOFIE
from patients.models import PatientProfile
from sessions_log.models import Flag, Programme, RecoveryReport, WorkoutSession
from sessions_log.plans import progression
from sessions_log.plans.review.matching import version_on
from sessions_log.plans.today.week import PENDING, planned_vs_done


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=io.StringIO())
    return {p.user.email: p for p in PatientProfile.objects.select_related("user", "centre")}


def versions(patient) -> list[Programme]:
    return list(Programme.objects.filter(patient=patient).order_by("version"))


def total_minutes(programme) -> int:
    return sum(s.minutes for s in programme.sessions.all())


def proposal_for(patient):
    """What the physiotherapist's page proposes from the last two weeks (the recovery loop):
    the planned sessions that fell due, done or not, with the effort and recovery logged."""
    today = patient.local_today()
    start = today - progression.WINDOW + dt.timedelta(days=1)
    outcomes = [
        progression.Outcome(
            day=o.day,
            done=o.status,
            rpe=o.workout.rpe if o.workout else None,
            target_max=o.session.borg_max,
            recovery_days=o.workout.recovery_days if o.workout else None,
        )
        for day in planned_vs_done(patient=patient, start=start, end=today)
        for o in day.planned
        if o.status != PENDING
    ]
    tz = patient.centre.tzinfo
    flags = Flag.objects.filter(patient=patient)
    current = versions(patient)[-1]
    return progression.propose(
        sessions=[],
        outcomes=outcomes,
        flags=[(f.kind, timezone.localtime(f.created_at, tz).date()) for f in flags],
        open_flags=flags.filter(acknowledged_at__isnull=True).count(),
        today=today,
        programme_since=timezone.localtime(current.created_at, tz).date(),
    )


def test_the_plans_are_in_several_states(seeded):
    kari, lars, sofie, nils = (seeded[e] for e in (PATIENT_EMAIL, LARS, SOFIE, NILS))
    today = kari.local_today()

    stepped_down = versions(kari)
    assert len(stepped_down) == 2
    assert total_minutes(stepped_down[1]) < total_minutes(stepped_down[0])
    assert stepped_down[0].template.name == "Etter brystoperasjon"
    # Kari has a session planned every day, so "Dagens økt" always has something to show.
    assert all(
        s.weekdays == "1234567" for s in stepped_down[1].sessions.all() if s.kind == "mobility"
    )

    progressing = versions(lars)
    assert len(progressing) == 2
    assert total_minutes(progressing[1]) > total_minutes(progressing[0])

    (new,) = versions(sofie)
    assert timezone.localtime(new.created_at, sofie.centre.tzinfo).date() >= today - dt.timedelta(
        days=1
    )
    assert not WorkoutSession.objects.filter(patient=sofie, planned_session__isnull=False).exists()

    assert not Programme.objects.filter(patient__user__email="eva.haugen@example.no").exists()
    assert len(versions(nils)) == 1


def test_the_history_is_planned_vs_done_with_recovery_answers(seeded):
    for email in (PATIENT_EMAIL, LARS, NILS):
        patient = seeded[email]
        linked = WorkoutSession.objects.filter(patient=patient, planned_session__isnull=False)
        assert linked.count() >= 8, email
        tz = patient.centre.tzinfo
        programmes = versions(patient)
        for session in linked.select_related("planned_session"):
            # Linked to the version in force that day, on one of its planned days.
            in_force = version_on(programmes, session.performed_on, tz)
            assert session.planned_session.programme_id == in_force.pk
            assert str(session.performed_on.isoweekday()) in session.planned_session.weekdays
        answered = RecoveryReport.objects.filter(session__in=linked, answered_at__isnull=False)
        assert answered.values("session").distinct().count() >= linked.count() - 2, email
    kinds = set(
        WorkoutSession.objects.exclude(plan_followed="").values_list("plan_followed", flat=True)
    )
    assert kinds >= {"as_planned", "lighter"}
    # Nothing after "now".
    assert not WorkoutSession.objects.filter(started_at__gt=timezone.now()).exists()


def test_one_patient_is_ready_for_more_and_one_is_due_a_step_down(seeded):
    ready = proposal_for(seeded[NILS])
    assert ready is not None and ready.code == "ready_for_more"
    step_down = proposal_for(seeded[LARS])
    assert step_down is not None and step_down.code == "step_down"
    assert proposal_for(seeded[SOFIE]) is None  # a new plan: too early to say
    assert proposal_for(seeded[PATIENT_EMAIL]) is None  # an open flag, and only one


def test_seeding_again_adds_no_plan_and_no_session(seeded):
    counts = (Programme.objects.count(), WorkoutSession.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Programme.objects.count(), WorkoutSession.objects.count()) == counts
