"""seed_demo gives the demo physiotherapist a realistic queue, and running it again adds
nothing."""

import io

from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from demo.patients import PATIENT_EMAIL
from demo.people import PHYSIO_EMAIL
from pusterom.models import User
from sessions_log.models import CheckIn, Flag, RecoveryReport, WorkoutSession
from sessions_log.recovery import open_recovery_questions
from sessions_log.triage.selectors import inactive_patients, open_flags


def counts():
    return tuple(m.objects.count() for m in (CheckIn, WorkoutSession, RecoveryReport, Flag))


def test_it_seeds_weeks_of_activity_and_a_queue_once(db):
    call_command("seed_demo", stdout=io.StringIO())
    first = counts()
    call_command("seed_demo", stdout=io.StringIO())

    assert counts() == first
    physio = User.objects.get(email=PHYSIO_EMAIL)
    queue = list(open_flags(centre_id=physio.centre_id))
    assert len({f.patient_id for f in queue}) >= 2
    assert len({f.kind for f in queue}) >= 3
    # The serious kinds are in the history, so a new one goes to the top of the queue.
    assert not {f.kind for f in queue} & {"red_checkin", "too_hard"}
    assert Flag.objects.filter(acknowledged_at__isnull=False).exclude(physio_note="").count() >= 2
    assert inactive_patients(centre_id=physio.centre_id).exists()
    # Weeks of data per active patient, all in the past.
    per_patient = WorkoutSession.objects.values("patient").annotate(n=Count("pk"))
    assert len(per_patient) >= 3 and all(row["n"] >= 10 for row in per_patient)
    now = timezone.now()
    assert not WorkoutSession.objects.filter(started_at__gt=now).exists()
    assert not RecoveryReport.objects.filter(answered_at__gt=now).exists()
    assert not Flag.objects.filter(created_at__gt=now).exists()
    # The demo patient has no question waiting, so a test or a demo can open its own.
    kari = WorkoutSession.objects.filter(patient__user__email=PATIENT_EMAIL).first().patient
    assert open_recovery_questions(patient=kari) == []


def test_it_gives_the_demo_centre_its_numbers_and_the_queue_the_new_kinds(db):
    from pusterom.models import Centre

    call_command("seed_demo", stdout=io.StringIO())
    physio = User.objects.get(email=PHYSIO_EMAIL)
    centre = Centre.objects.get(pk=physio.centre_id)
    assert (centre.phone, centre.ward_phone) == ("+4722000000", "+4723000000")
    queue = list(open_flags(centre_id=physio.centre_id))
    kinds = {f.kind for f in queue}
    assert {"fall", "repeated_hard_days"} <= kinds
    # One run, flagged once, on the check-in that has the fall too.
    (run,) = [f for f in queue if f.kind == "repeated_hard_days"]
    (fall,) = [f for f in queue if f.kind == "fall"]
    assert run.check_in == fall.check_in and fall.check_in.fell
    assert fall.check_in.level == "amber"
    # A red day in the history: a fever with chills, a call to the ward.
    red = CheckIn.objects.get(patient__centre=centre, level="red", fever_38=True)
    assert (red.fever_38, red.chills, red.urgency) == (True, True, "call_now")
    # Every stored check-in has the urgency its answers give.
    assert not CheckIn.objects.filter(level="red", urgency="none").exists()
