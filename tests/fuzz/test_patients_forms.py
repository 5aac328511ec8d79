"""Fuzzed posts to every form of the patients app (and the account pages), through its URL."""

from __future__ import annotations

import uuid

from django.urls import reverse
from hypothesis import strategies as st

from patients.models import BodyArea, IntakeConversation, Restriction, TreatmentPhase
from tests import factories
from tests.fuzz.forms import JUNK, field, form, fuzz

AREAS = [c for c, _ in BodyArea.choices]


def test_it_survives_fuzzed_referrals(cast, client_for):
    client = client_for(cast.staff_a)
    url = reverse("patients:referral_create")
    names = st.sampled_from(["Kari", "Ola", "Åse", "Bjørn-Erik"])
    data = form(
        first_name=st.one_of(names, JUNK),
        last_name=st.one_of(st.uuids().map(lambda u: f"Nordmann{u.hex[:6]}"), JUNK),
        birth_date=field("1960-05-17", "1990-01-01", "2020-01-01"),
        email=st.one_of(st.uuids().map(lambda u: f"{u.hex[:8]}@example.no"), JUNK),
        phone=field("91234567", "+4791234567", "+46 70 123 45 67"),
        referring_doctor=field("Dr. Lege"),
        doctor_hpr_number=field("1234567", "123 456 789"),
        referring_unit=field("Kreftavdelingen"),
        diagnosis_code=field("C50", "c34.1"),
        diagnosis_text=field("Brystkreft"),
        treatment_phase=field(*[c for c, _ in TreatmentPhase.choices]),
        received_on=field("2026-11-01"),
        notes=field("", "Ønsker gruppetrening", "x" * 2001),
    )
    fuzz(data, lambda d: client.post(url, d))


def test_it_survives_fuzzed_referral_searches(cast, client_for):
    client = client_for(cast.staff_a)
    url = reverse("patients:referral_list")
    data = form(q=field("Kari", ""), status=field("received", "closed"), page=field("1", "2"))
    fuzz(data, lambda d: client.get(url, d))


def test_it_survives_fuzzed_referral_outcomes(cast, client_for):
    client = client_for(cast.staff_a)

    def setup():
        return factories.ReferralFactory(centre=cast.centre_a, registered_by=cast.staff_a)

    def post(data, referral):
        return client.post(reverse("patients:referral_outcome", args=[referral.pk]), data)

    data = form(status=field("declined", "closed"), reason=field("Flyttet", "x" * 1001))
    fuzz(data, post, setup=setup)


def test_it_survives_fuzzed_invitation_answers(cast, client):
    from patients.services import invite_patient

    def setup():
        referral = factories.ReferralFactory(
            centre=cast.centre_a, registered_by=cast.staff_a, email=st_email()
        )
        return invite_patient(referral=referral, by=cast.staff_a)

    def post(data, token):
        return client.post(reverse("patients:invitation", args=[token]), data)

    password = "en-lang-setning-2026"
    data = form(
        email_confirmed=field("on"),
        password1=field(password, "kort"),
        password2=field(password),
        privacy_accepted=field("on"),
    )
    fuzz(data, post, setup=setup)


def st_email() -> str:
    return f"{uuid.uuid4().hex[:10]}@example.no"


def test_it_survives_fuzzed_intakes(cast, client_for):
    client = client_for(cast.physio_a)
    url = reverse("patients:intake_create", args=[cast.patient_a.pk])
    data = form(
        held_on=field("2026-11-01"),
        activity_background=field(*[c for c, _ in IntakeConversation.Background.choices]),
        goals=field("Gå tur", "x" * 1001),
        notes=field("", "x" * 4001),
    )
    fuzz(data, lambda d: client.post(url, d))


RESTRICTION = {
    "kind": field(*[c for c, _ in Restriction.Kind.choices]),
    "body_area": field("", *AREAS),
    "max_rpe": field("", "13", "5", "21"),
    "max_heart_rate": field("", "120", "59"),
    "starts_on": field("2026-11-01"),
    "ends_on": field("", "2026-12-01", "2026-10-01"),
    "note": field("", "Unngå tunge løft", "x" * 501),
}


def test_it_survives_fuzzed_new_restrictions(cast, client_for):
    client = client_for(cast.physio_a)
    url = reverse("patients:restriction_create", args=[cast.patient_a.pk])
    fuzz(form(**RESTRICTION), lambda d: client.post(url, d))


def test_it_survives_fuzzed_restriction_changes(cast, client_for):
    client = client_for(cast.physio_a)
    restriction = factories.RestrictionFactory(patient=cast.patient_a, set_by=cast.physio_a)
    url = reverse("patients:restriction_edit", args=[restriction.pk])
    fuzz(form(**RESTRICTION), lambda d: client.post(url, d))


INJURY = {
    "body_area": field(*AREAS),
    "description": field("Gammel menisskade", "x" * 201),
    "since_year": field("", "2009", "1900", "3000"),
}


def test_it_survives_fuzzed_prior_injuries(cast, client_for):
    client = client_for(cast.physio_a)
    url = reverse("patients:injury_create", args=[cast.patient_a.pk])
    fuzz(form(**INJURY), lambda d: client.post(url, d))


def test_it_survives_fuzzed_prior_injury_changes(cast, client_for):
    client = client_for(cast.physio_a)
    injury = factories.PriorInjuryFactory(patient=cast.patient_a)
    url = reverse("patients:injury_edit", args=[injury.pk])
    fuzz(form(**INJURY), lambda d: client.post(url, d))


def test_it_survives_fuzzed_account_closing_and_opening(cast, client_for):
    client = client_for(cast.staff_a)
    names = ["patient_deactivate", "patient_reactivate"]

    def post(data):
        name = names[len(data) % 2]
        return client.post(reverse(f"patients:{name}", args=[cast.patient_a.pk]), data)

    fuzz(form(reason=field("", "Flyttet", "x" * 1001)), post)


def test_it_survives_fuzzed_team_account_closing(cast, client_for):
    client = client_for(cast.staff_a)

    def setup():
        return factories.PhysioFactory(centre=cast.centre_a, totp=False)

    def post(data, physio):
        return client.post(reverse("patients:team_member_deactivate", args=[physio.pk]), data)

    fuzz(form(reason=field("Sluttet", "x" * 1001)), post, setup=setup)


def test_it_survives_fuzzed_requests_to_end(cast, client_for):
    client = client_for(cast.patient_a)
    url = reverse("patients:end_participation")
    withdraw = reverse("patients:end_participation_withdraw")

    fuzz(
        form(message=field("", "Orker ikke mer", "x" * 1001)),
        lambda data, _: client.post(url, data),
        setup=lambda: client.post(withdraw),
    )
