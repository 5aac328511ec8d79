"""Factories for the fixed cast of users and their data (see tests/conftest.py)."""

from __future__ import annotations

import datetime as dt

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from patients.models import PatientProfile, Referral, TreatmentPhase
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
