"""The Django admin shows patients' data too: every page of it that shows a patient leaves
an audit row for that patient, like the clinicians' pages (pusterom.admin_audit).

Every model registered in the admin is listed here, either with a record of patient_a (its
list, change and history pages must each audit the read for patient_a) or as holding no
patient data (its pages must not show patient_a's name or email). A model registered later
without being listed fails the suite.
"""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from patients.models import Invitation
from pusterom.models import AccountStatusChange, AuditEvent, User
from tests import factories
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET

FIRST, LAST, EMAIL = "Qwyzelda", "Brxntvik", "qwyzelda.brxntvik@example.no"


def _referral(cast):
    user = cast.patient_a.user
    referral = factories.ReferralFactory(
        centre=cast.centre_a,
        registered_by=cast.staff_a,
        status="active",
        first_name=user.first_name,
        last_name=user.last_name,
    )
    cast.patient_a.referral = referral
    cast.patient_a.save(update_fields=["referral"])
    return referral


def _invitation(cast):
    from patients.services import invite_patient

    referral = _referral(cast)
    invite_patient  # noqa: B018 - the service needs a received referral; write the row directly
    return Invitation.objects.create(
        referral=referral,
        token_hash="x" * 64,
        created_by=cast.staff_a,
        expires_at=referral.created_at,
    )


def _status_change(cast):
    return AccountStatusChange.objects.create(user=cast.patient_a.user, active=True)


def _email_address(cast):
    user = cast.patient_a.user
    return EmailAddress.objects.get_or_create(user=user, email=user.email)[0]


def _authenticator(cast):
    return TOTP.activate(cast.patient_a.user, TEST_TOTP_SECRET).instance


# Model label -> a record of patient_a's.
PATIENT_DATA = {
    "pusterom.user": lambda cast: cast.patient_a.user,
    "pusterom.accountstatuschange": _status_change,
    "patients.referral": _referral,
    "patients.patientprofile": lambda cast: cast.patient_a,
    "patients.invitation": _invitation,
    "patients.intakeconversation": lambda cast: factories.IntakeFactory(
        patient=cast.patient_a, physio=cast.physio_a
    ),
    "patients.restriction": lambda cast: factories.RestrictionFactory(
        patient=cast.patient_a, set_by=cast.physio_a
    ),
    "patients.priorinjury": lambda cast: factories.PriorInjuryFactory(patient=cast.patient_a),
    "account.emailaddress": _email_address,
    "mfa.authenticator": _authenticator,
}
# Model label -> a record, for models whose pages show no patient.
NO_PATIENT_DATA = {
    "auth.group": lambda cast: Group.objects.create(name="Support"),
    "pusterom.centre": lambda cast: cast.centre_a,
    # The audit log names the patient by number only.
    "pusterom.auditevent": lambda cast: AuditEvent.objects.create(
        actor=cast.physio_a, patient=cast.patient_a.user, action="view", object_type="x"
    ),
}


@pytest.fixture
def admin_user(db):
    user = User.objects.create_superuser("support@example.no", TEST_PASSWORD)
    TOTP.activate(user, TEST_TOTP_SECRET)
    return user


def _pages(model, obj) -> list[str]:
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    pages = [
        reverse(f"{name}_changelist"),
        reverse(f"{name}_change", args=[obj.pk]),
        reverse(f"{name}_history", args=[obj.pk]),
    ]
    if model is User:
        pages.append(reverse("admin:auth_user_password_change", args=[obj.pk]))
    return pages


def _model(label):
    return next(m for m in admin.site._registry if m._meta.label_lower == label)


def test_every_model_in_the_admin_says_whether_it_shows_patients():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(PATIENT_DATA) | set(NO_PATIENT_DATA)


@pytest.mark.parametrize("label", sorted(PATIENT_DATA))
def test_each_admin_page_of_a_patients_record_audits_the_read(label, cast, client_for, admin_user):
    model = _model(label)
    obj = PATIENT_DATA[label](cast)
    client = client_for(admin_user)
    for url in _pages(model, obj):
        AuditEvent.objects.all().delete()  # a new read window for each page

        assert client.get(url).status_code == 200, url

        rows = set(AuditEvent.objects.values_list("actor", "patient", "action", "object_type"))
        kind = f"admin_{model._meta.model_name}"
        if url.endswith("/admin/" + "/".join(label.split(".")) + "/"):  # the list
            # Every patient on the page, patient_a among them; no clinician.
            assert (admin_user.pk, cast.patient_a.user_id, "view", f"{kind}_list") in rows, url
            assert {row[1] for row in rows} <= {cast.patient_a.user_id, cast.patient_b.user_id}
        else:
            assert len(rows) == 1, url
            assert rows.pop()[:3] == (admin_user.pk, cast.patient_a.user_id, "view"), url


@pytest.mark.parametrize("label", sorted(NO_PATIENT_DATA))
def test_admin_pages_without_patient_data_show_no_patient(label, cast, client_for, admin_user):
    user = cast.patient_a.user
    user.first_name, user.last_name, user.email = FIRST, LAST, EMAIL
    user.save()
    model = _model(label)
    obj = NO_PATIENT_DATA[label](cast)
    client = client_for(admin_user)
    for url in _pages(model, obj):
        body = client.get(url).content.decode()
        for word in (FIRST, LAST, EMAIL):
            assert word not in body, url


def test_the_admin_lists_show_a_clinician_without_an_audit_row(cast, client_for, admin_user):
    client = client_for(admin_user)
    assert client.get(reverse("admin:pusterom_user_change", args=[cast.physio_a.pk])).status_code
    assert not AuditEvent.objects.filter(patient=cast.physio_a).exists()


def test_a_referral_without_an_account_has_no_one_to_tell(cast, client_for, admin_user):
    referral = factories.ReferralFactory(centre=cast.centre_a, registered_by=cast.staff_a)
    url = reverse("admin:patients_referral_change", args=[referral.pk])
    assert client_for(admin_user).get(url).status_code == 200
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("rows", [3, 40])
def test_a_list_writes_its_rows_in_one_insert(
    rows, cast, client_for, admin_user, django_assert_num_queries
):
    factories.bulk_patients(centre=cast.centre_a, count=rows)
    client = client_for(admin_user)
    url = reverse("admin:patients_patientprofile_changelist")
    client.get(url)
    AuditEvent.objects.all().delete()
    # User, centre, count x2, the page, the patients it shows, the insert (the session is in
    # the cache); the same for any number of patients.
    with django_assert_num_queries(7):
        client.get(url)
    assert AuditEvent.objects.count() == rows + 2


def test_saving_a_patients_record_in_the_admin_is_a_change(cast, client_for, admin_user):
    injury = factories.PriorInjuryFactory(patient=cast.patient_a)
    url = reverse("admin:patients_priorinjury_change", args=[injury.pk])
    response = client_for(admin_user).post(
        url,
        {
            "patient": cast.patient_a.pk,
            "body_area": "knee_right",
            "description": "Operert",
            "since_year": 2010,
        },
    )

    assert response.status_code == 302
    assert AuditEvent.objects.filter(
        actor=admin_user, patient=cast.patient_a.user, action="change"
    ).exists()


def test_the_admin_deletes_no_patients_data(cast, client_for, admin_user):
    url = reverse("admin:patients_patientprofile_delete", args=[cast.patient_a.pk])
    assert client_for(admin_user).get(url).status_code == 403


def test_the_audit_log_is_searched_by_patient_number(cast, client_for, admin_user):
    AuditEvent.objects.create(
        actor=cast.physio_a, patient=cast.patient_a.user, action="view", object_type="seen_a"
    )
    AuditEvent.objects.create(
        actor=cast.physio_a, patient=cast.patient_b.user, action="view", object_type="seen_b"
    )
    url = reverse("admin:pusterom_auditevent_changelist")
    client = client_for(admin_user)

    found = client.get(url, {"q": str(cast.patient_a.user_id)}).context["cl"].result_list
    assert [event.object_type for event in found] == ["seen_a"]
    assert client.get(url, {"q": "Kari"}).status_code == 200
