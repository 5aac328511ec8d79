"""Support reads health data in the Django admin too: the patient sees that in their log."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse

from pusterom.models import AuditEvent, User
from tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    IntakeFactory,
    PriorInjuryFactory,
    ReferralFactory,
    RestrictionFactory,
)


@pytest.fixture
def admin_user(db):
    user = User.objects.create_superuser("support@example.no", TEST_PASSWORD)
    TOTP.activate(user, TEST_TOTP_SECRET)
    return user


def _rows(cast):
    referral = ReferralFactory(centre=cast.centre_a, registered_by=cast.staff_a, status="active")
    cast.patient_a.referral = referral
    cast.patient_a.save()
    return [
        ("referral", referral),
        ("patientprofile", cast.patient_a),
        ("intakeconversation", IntakeFactory(patient=cast.patient_a, physio=cast.physio_a)),
        ("restriction", RestrictionFactory(patient=cast.patient_a, set_by=cast.physio_a)),
        ("priorinjury", PriorInjuryFactory(patient=cast.patient_a)),
    ]


def test_it_audits_opening_a_patients_record_in_the_admin(cast, client_for, admin_user):
    client = client_for(admin_user)
    for model, row in _rows(cast):
        url = reverse(f"admin:patients_{model}_change", args=[row.pk])

        assert client.get(url).status_code == 200, model

        event = AuditEvent.objects.get(object_type=f"admin_{model}")
        assert (event.actor, event.patient, event.action) == (
            admin_user,
            cast.patient_a.user,
            AuditEvent.Action.VIEW,
        )
        assert event.object_id == str(row.pk)


def test_a_referral_without_an_account_has_no_one_to_tell(cast, client_for, admin_user):
    referral = ReferralFactory(centre=cast.centre_a, registered_by=cast.staff_a)
    url = reverse("admin:patients_referral_change", args=[referral.pk])
    assert client_for(admin_user).get(url).status_code == 200
    assert not AuditEvent.objects.exists()
