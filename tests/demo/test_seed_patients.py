"""seed_demo: referrals in every state, a demo patient with a restriction and an old injury."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from demo.patients import PATIENT_EMAIL, seed_patients
from demo.people import seed_people
from patients.models import PatientProfile, Referral
from patients.selectors import active_restrictions


def test_seed_demo_runs_twice_without_duplicates(db):
    call_command("seed_demo", stdout=io.StringIO())
    counts = (Referral.objects.count(), PatientProfile.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Referral.objects.count(), PatientProfile.objects.count()) == counts


def test_seed_patients_gives_referrals_in_every_state_and_a_real_looking_list(db):
    people = seed_people()
    result = seed_patients(centre=people["centre"], staff=people["staff"], physio=people["physio"])

    statuses = set(Referral.objects.values_list("status", flat=True))
    assert statuses == {"received", "invited", "active", "declined", "closed"}
    assert Referral.objects.filter(status="active").count() >= 3
    assert 2 <= len(result["others"]) <= 4
    assert all(p.centre == people["centre"] for p in result["others"])

    kari = result["patient"]
    assert kari.user.email == PATIENT_EMAIL
    assert kari.user.get_full_name() == "Kari Nordmann"
    restrictions = active_restrictions(patient=kari, day=kari.local_today())
    assert [(r.kind, r.max_rpe) for r in restrictions] == [("cardiotoxic", 14)]
    assert kari.prior_injuries.filter(body_area="knee_left").exists()


@pytest.mark.parametrize("email", [PATIENT_EMAIL])
def test_the_demo_patient_can_sign_in(db, client, email):
    from demo.people import DEMO_PASSWORD

    call_command("seed_demo", stdout=io.StringIO())
    assert client.login(email=email, password=DEMO_PASSWORD)
