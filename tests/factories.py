"""Factories for the fixed cast of users and their data (see tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
import uuid

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from patients.models import (
    IntakeConversation,
    PatientProfile,
    PriorInjury,
    Referral,
    Restriction,
    TreatmentPhase,
)
from pusterom.models import Centre, User

TEST_PASSWORD = "correct-horse-battery-staple"
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"


class CentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Centre
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Pusterom Centre {n}")
    region = "Helse Sør-Øst"
    city = "Oslo"
    timezone = "Europe/Oslo"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.no")
    first_name = factory.Faker("first_name", locale="no_NO")
    last_name = factory.Faker("last_name", locale="no_NO")
    role = User.Role.PATIENT
    language = "nb"

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or TEST_PASSWORD)
        if create:
            obj.save(update_fields=["password"])
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class ClinicianFactory(UserFactory):
    """A physio or staff member with TOTP set up (required for them)."""

    role = User.Role.PHYSIO
    centre = factory.SubFactory(CentreFactory)

    @factory.post_generation
    def totp(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            TOTP.activate(obj, TEST_TOTP_SECRET)


class PhysioFactory(ClinicianFactory):
    role = User.Role.PHYSIO


class StaffFactory(ClinicianFactory):
    role = User.Role.STAFF


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    centre = factory.SubFactory(CentreFactory)
    first_name = factory.Faker("first_name", locale="no_NO")
    last_name = factory.Sequence(lambda n: f"Hansen{n}")
    birth_date = dt.date(1960, 5, 17)
    email = factory.Sequence(lambda n: f"referral{n}@example.no")
    phone = ""
    referring_doctor = "Dr. Ola Lege"
    doctor_hpr_number = "1234567"
    referring_unit = "Kreftavdelingen"
    diagnosis_code = "C50"
    diagnosis_text = "Brystkreft"
    treatment_phase = TreatmentPhase.DURING
    received_on = factory.LazyFunction(timezone.localdate)
    registered_by = factory.SubFactory(StaffFactory, centre=factory.SelfAttribute("..centre"))
    status = Referral.Status.RECEIVED


class PatientUserFactory(UserFactory):
    role = User.Role.PATIENT


class PatientProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PatientProfile

    user = factory.SubFactory(PatientUserFactory)
    centre = factory.SubFactory(CentreFactory)
    birth_date = dt.date(1960, 5, 17)
    treatment_phase = TreatmentPhase.DURING
    privacy_accepted_at = factory.LazyFunction(timezone.now)


class IntakeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntakeConversation

    patient = factory.SubFactory(PatientProfileFactory)
    physio = factory.SubFactory(PhysioFactory, centre=factory.SelfAttribute("..patient.centre"))
    held_on = factory.LazyFunction(timezone.localdate)
    activity_background = IntakeConversation.Background.OCCASIONALLY
    goals = "Klare å gå tur med hunden hver dag"
    notes = ""


class RestrictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Restriction

    patient = factory.SubFactory(PatientProfileFactory)
    kind = Restriction.Kind.CARDIOTOXIC
    max_rpe = 13
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=7))
    ends_on = None
    set_by = factory.SubFactory(PhysioFactory, centre=factory.SelfAttribute("..patient.centre"))


class PriorInjuryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorInjury

    patient = factory.SubFactory(PatientProfileFactory)
    body_area = "knee_left"
    description = "Gammel menisskade"
    since_year = 2009


# sessions_log ------------------------------------------------------------------------------


class CheckInFactory(factory.django.DjangoModelFactory):
    """A green check-in (all answers good) for the patient's local today."""

    class Meta:
        model = "sessions_log.CheckIn"

    patient = factory.SubFactory(PatientProfileFactory)
    date = factory.LazyAttribute(lambda o: o.patient.local_today())
    sleep = "good"
    energy = 7
    nausea = "none"
    dizziness = "none"
    pain = 0
    pain_area = ""
    fever_38 = False
    chest_symptoms = False
    breathless = False
    sore_from_last = "none"
    level = "green"
    reasons = factory.LazyFunction(list)


class WorkoutSessionFactory(factory.django.DjangoModelFactory):
    """A 20-minute walk at a moderate effort (RPE 12), on the patient's local today."""

    class Meta:
        model = "sessions_log.WorkoutSession"

    patient = factory.SubFactory(PatientProfileFactory)
    performed_on = factory.LazyAttribute(lambda o: o.patient.local_today())
    started_at = factory.LazyAttribute(
        lambda o: dt.datetime.combine(
            o.performed_on, dt.time(12, 0), tzinfo=o.patient.centre.tzinfo
        )
    )
    duration_min = 20
    activity = "walk"
    setting = "self"
    rpe = 12
    client_uuid = factory.LazyFunction(uuid.uuid4)


# Recovery follow-up and triage -------------------------------------------------------------


def bulk_patients(*, centre, count: int, physio=None, prefix: str = "bulk") -> list:
    """``count`` patients of ``centre`` in two queries (query-budget tests with big centres)."""
    users = User.objects.bulk_create(
        [
            User(
                email=f"{prefix}{i}@example.no",
                first_name="Pasient",
                last_name=f"{prefix.title()}{i}",
                role=User.Role.PATIENT,
            )
            for i in range(count)
        ]
    )
    return PatientProfile.objects.bulk_create(
        [
            PatientProfile(
                user=user,
                centre=centre,
                assigned_physio=physio,
                birth_date=dt.date(1960, 5, 17),
                treatment_phase=TreatmentPhase.DURING,
            )
            for user in users
        ]
    )
