"""Demo patients and referrals for ``seed_demo``. Safe to run again: everything is looked up
by a natural key before it is created."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.utils import timezone

from demo.people import ensure_user
from patients.models import (
    IntakeConversation,
    PatientProfile,
    PriorInjury,
    Referral,
    Restriction,
    TreatmentPhase,
)
from pusterom.models import User

PATIENT_EMAIL = "pasient@demo.pusterom.no"

# Referrals that have not become patients (yet): one in each state the list can show.
WAITING_REFERRALS = [
    # first, last, birth date, email, phone, status, days ago, reason
    ("Ola", "Hansen", dt.date(1958, 2, 3), "ola.hansen@example.no", "", "received", 1, ""),
    ("Ingrid", "Berg", dt.date(1979, 9, 21), "", "+4791234567", "received", 4, ""),
    ("Per", "Johansen", dt.date(1966, 11, 8), "per.johansen@example.no", "", "invited", 6, ""),
    (
        "Aud",
        "Lie",
        dt.date(1949, 6, 30),
        "aud.lie@example.no",
        "",
        "declined",
        20,
        "Ønsker å trene hjemme på egen hånd.",
    ),
    (
        "Knut",
        "Dahl",
        dt.date(1972, 1, 15),
        "knut.dahl@example.no",
        "",
        "closed",
        60,
        "Flyttet til Bergen, henvist videre.",
    ),
]

# More active patients of the centre, so the physiotherapist's list looks real.
OTHER_PATIENTS = [
    # first, last, email, birth date, phase, diagnosis, days since last activity
    ("Lars", "Olsen", "lars.olsen@example.no", dt.date(1955, 3, 14), "after", "Tykktarmskreft", 1),
    ("Sofie", "Nilsen", "sofie.nilsen@example.no", dt.date(1984, 7, 2), "during", "Lymfom", 3),
    ("Eva", "Haugen", "eva.haugen@example.no", dt.date(1968, 12, 24), "before", "Lungekreft", None),
    ("Nils", "Moen", "nils.moen@example.no", dt.date(1970, 5, 17), "after", "Prostatakreft", 2),
]


def _referral(*, centre, staff, first, last, birth, email, phone, status, days, diagnosis, **extra):
    today = timezone.localdate()
    referral, _ = Referral.objects.get_or_create(
        centre=centre,
        first_name=first,
        last_name=last,
        birth_date=birth,
        defaults={
            "email": email,
            "phone": phone,
            "referring_doctor": "Dr. Lege Legesen",
            "doctor_hpr_number": "1234567",
            "referring_unit": "Oslo universitetssykehus, kreftavdelingen",
            "diagnosis_code": "",
            "diagnosis_text": diagnosis,
            "treatment_phase": extra.pop("phase", TreatmentPhase.DURING),
            "received_on": today - dt.timedelta(days=days),
            "registered_by": staff,
            "status": status,
            **extra,
        },
    )
    return referral


def _patient(*, referral, email, physio, last_activity_at=None) -> PatientProfile:
    user = ensure_user(
        email=email,
        role=User.Role.PATIENT,
        first_name=referral.first_name,
        last_name=referral.last_name,
    )
    profile, _ = PatientProfile.objects.get_or_create(
        user=user,
        defaults={
            "centre": referral.centre,
            "referral": referral,
            "birth_date": referral.birth_date,
            "assigned_physio": physio,
            "treatment_phase": referral.treatment_phase,
            "privacy_accepted_at": timezone.now(),
            "last_activity_at": last_activity_at,
        },
    )
    return profile


def seed_patients(*, centre, staff, physio) -> dict:
    today = timezone.localdate()
    referral = _referral(
        centre=centre,
        staff=staff,
        first="Kari",
        last="Nordmann",
        birth=dt.date(1961, 4, 12),
        email=PATIENT_EMAIL,
        phone="",
        status=Referral.Status.ACTIVE,
        days=30,
        diagnosis="Brystkreft",
        diagnosis_code="C50",
    )
    profile = _patient(referral=referral, email=PATIENT_EMAIL, physio=physio)
    IntakeConversation.objects.get_or_create(
        patient=profile,
        defaults={
            "physio": physio,
            "held_on": today - dt.timedelta(days=25),
            "activity_background": IntakeConversation.Background.OCCASIONALLY,
            "goals": "Orke å gå til jobben igjen, og leke med barnebarna.",
            "notes": "Trener helst om morgenen. Litt redd for å presse seg.",
        },
    )
    Restriction.objects.get_or_create(
        patient=profile,
        kind=Restriction.Kind.CARDIOTOXIC,
        defaults={
            "max_rpe": 14,
            "starts_on": today - dt.timedelta(days=25),
            "note": "Gjelder så lenge du får trastuzumab.",
            "set_by": physio,
        },
    )
    PriorInjury.objects.get_or_create(
        patient=profile,
        body_area="knee_left",
        defaults={"description": "Gammel menisskade", "since_year": 2009},
    )

    referral_at_centre = partial(_referral, centre=centre, staff=staff)
    for first, last, birth, email, phone, status, days, reason in WAITING_REFERRALS:
        referral_at_centre(
            first=first,
            last=last,
            birth=birth,
            email=email,
            phone=phone,
            status=status,
            days=days,
            diagnosis="Prostatakreft",
            status_reason=reason,
        )

    others = []
    for index, (first, last, email, birth, phase, diagnosis, quiet_days) in enumerate(
        OTHER_PATIENTS
    ):
        other_referral = referral_at_centre(
            first=first,
            last=last,
            birth=birth,
            email=email,
            phone="",
            status=Referral.Status.ACTIVE,
            days=40 + 10 * index,
            diagnosis=diagnosis,
            phase=phase,
        )
        last_activity = (
            timezone.now() - dt.timedelta(days=quiet_days) if quiet_days is not None else None
        )
        others.append(
            _patient(
                referral=other_referral,
                email=email,
                # One patient has not had the intake conversation yet.
                physio=physio if quiet_days is not None else None,
                last_activity_at=last_activity,
            )
        )
    return {"patient": profile, "others": others}
