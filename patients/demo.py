"""Demo patients and referrals for ``seed_demo``."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from patients.models import PatientProfile, Referral, TreatmentPhase
from pusterom.demo import ensure_user
from pusterom.models import User

PATIENT_EMAIL = "pasient@demo.pusterom.no"


def seed_patients(*, centre, staff, physio) -> dict:
    today = timezone.localdate()
    referral, _ = Referral.objects.get_or_create(
        centre=centre,
        email=PATIENT_EMAIL,
        defaults={
            "first_name": "Kari",
            "last_name": "Nordmann",
            "birth_date": dt.date(1961, 4, 12),
            "referring_doctor": "Dr. Lege Legesen",
            "doctor_hpr_number": "1234567",
            "referring_unit": "Oslo universitetssykehus, kreftavdelingen",
            "diagnosis_code": "C50",
            "diagnosis_text": "Brystkreft",
            "treatment_phase": TreatmentPhase.DURING,
            "received_on": today - dt.timedelta(days=30),
            "registered_by": staff,
            "status": Referral.Status.ACTIVE,
        },
    )
    user = ensure_user(
        email=PATIENT_EMAIL, role=User.Role.PATIENT, first_name="Kari", last_name="Nordmann"
    )
    profile, _ = PatientProfile.objects.get_or_create(
        user=user,
        defaults={
            "centre": centre,
            "referral": referral,
            "birth_date": referral.birth_date,
            "assigned_physio": physio,
            "treatment_phase": referral.treatment_phase,
            "privacy_accepted_at": timezone.now(),
        },
    )
    return {"patient": profile}
