"""Closing (deactivating) and opening accounts, ending participation, and clinicians who leave.

A closed account cannot sign in and is told which centre to contact; its sessions end; its
reminders stop; nothing is deleted; each change is kept with who and why, and audited for a
patient. Closing an active referral closes the account."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse

from patients.models import ParticipationEndRequest, PatientProfile, Referral
from pusterom.models import AccountStatusChange, AuditEvent, User
from sessions_log.models import CheckIn, Reminder
from sessions_log.reminders import dispatch as reminders
from tests import factories
from tests.factories import TEST_PASSWORD

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


def sign_in(client, email):
    return client.post(reverse("account_login"), {"login": email, "password": TEST_PASSWORD})


def close(client, patient, reason="Flyttet til Bergen"):
    return client.post(
        reverse("patients:patient_deactivate", args=[patient.pk]), {"reason": reason}
    )


def test_it_closes_a_patients_account_with_a_reason_and_keeps_the_data(
    client_for, staff_a, patient_a
):
    factories.CheckInFactory(patient=patient_a)
    response = close(client_for(staff_a), patient_a)

    assert response.status_code == 302
    patient_a.user.refresh_from_db()
    assert patient_a.user.is_active is False
    change = AccountStatusChange.objects.get(user=patient_a.user)
    assert (change.active, change.reason, change.by) == (False, "Flyttet til Bergen", staff_a)
    assert CheckIn.objects.filter(patient=patient_a).count() == 1
    assert PatientProfile.objects.filter(pk=patient_a.pk).exists()
    assert AuditEvent.objects.filter(
        patient=patient_a.user, actor=staff_a, action="change", object_type="account"
    ).exists()


def test_it_needs_a_reason_and_keeps_what_was_typed(client_for, staff_a, patient_a):
    response = close(client_for(staff_a), patient_a, reason="   ")
    assert response.status_code == 200
    assert "Skriv en kort begrunnelse." in response.content.decode()
    patient_a.user.refresh_from_db()
    assert patient_a.user.is_active is True
    assert not AccountStatusChange.objects.exists()


def test_it_refuses_a_sign_in_to_a_closed_account_naming_the_centre(
    client, client_for, staff_a, patient_a
):
    close(client_for(staff_a), patient_a)

    response = sign_in(client, patient_a.user.email)

    assert response.status_code == 302
    assert response["Location"] == reverse("patients:account_closed")
    page = client.get(response["Location"]).content.decode()
    assert "Kontoen din er stengt" in page
    assert patient_a.centre.name in page
    assert "_auth_user_id" not in client.session


def test_it_names_no_centre_on_the_closed_page_without_the_right_password(
    client, client_for, staff_a, patient_a
):
    close(client_for(staff_a), patient_a)
    response = client.post(
        reverse("account_login"), {"login": patient_a.user.email, "password": "wrong-one-123"}
    )
    assert response.status_code == 200
    page = client.get(reverse("patients:account_closed")).content.decode()
    assert patient_a.centre.name not in page


def test_it_ends_a_closed_accounts_open_session(client_for, staff_a, patient_a):
    patient = client_for(patient_a)
    assert patient.get(reverse("sessions_log:home")).status_code == 200
    close(client_for(staff_a), patient_a)
    response = patient.get(reverse("sessions_log:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_it_sends_no_password_reset_to_a_closed_account(client, client_for, staff_a, patient_a):
    close(client_for(staff_a), patient_a)
    client.post(reverse("account_reset_password"), {"email": patient_a.user.email})
    assert not [m for m in mail.outbox if "passord" in m.subject.lower() and m.to]


def test_it_stops_reminders_for_a_closed_account(client_for, staff_a, centre_a, physio_a):
    at = dt.datetime(2026, 11, 26, 10, 0, tzinfo=OSLO)  # a Thursday, after 09:00
    open_patient = factories.PatientProfileFactory(centre=centre_a, remind_inactivity=False)
    closed_patient = factories.PatientProfileFactory(centre=centre_a, remind_inactivity=False)
    close(client_for(staff_a), closed_patient)

    reminders.dispatch_due(enqueue=lambda ids: None, now=at)

    reminded = set(Reminder.objects.values_list("patient_id", flat=True))
    assert open_patient.pk in reminded
    assert closed_patient.pk not in reminded


def test_it_opens_the_account_again(client, client_for, staff_a, patient_a):
    staff = client_for(staff_a)
    close(staff, patient_a)
    response = staff.post(
        reverse("patients:patient_reactivate", args=[patient_a.pk]), {"reason": "Tilbake"}
    )
    assert response.status_code == 302
    assert sign_in(client, patient_a.user.email)["Location"] == reverse("sessions_log:home")
    assert list(
        AccountStatusChange.objects.filter(user=patient_a.user).values_list("active", flat=True)
    ) == [True, False]


def test_it_records_one_change_for_a_double_submit(client_for, staff_a, patient_a):
    staff = client_for(staff_a)
    close(staff, patient_a)
    close(staff, patient_a)
    assert AccountStatusChange.objects.filter(user=patient_a.user).count() == 1


def test_it_lets_only_staff_of_the_patients_centre_close_the_account(
    client_for, staff_b, physio_a, patient_a, patient_b
):
    for client in (client_for(staff_b), client_for(physio_a), client_for(patient_b)):
        assert close(client, patient_a).status_code == 404
    patient_a.user.refresh_from_db()
    assert patient_a.user.is_active is True
    assert not AccountStatusChange.objects.exists()


def test_it_closes_the_account_when_an_active_referral_is_closed(
    client, client_for, staff_a, patient_a
):
    referral = factories.ReferralFactory(
        centre=patient_a.centre, registered_by=staff_a, status=Referral.Status.ACTIVE
    )
    patient_a.referral = referral
    patient_a.save(update_fields=["referral"])

    response = client_for(staff_a).post(
        reverse("patients:referral_outcome", args=[referral.pk]),
        {"status": "closed", "reason": "Ferdig med programmet"},
    )

    assert response.status_code == 302
    patient_a.user.refresh_from_db()
    assert patient_a.user.is_active is False
    assert AccountStatusChange.objects.get(user=patient_a.user).reason == "Ferdig med programmet"
    assert AuditEvent.objects.filter(patient=patient_a.user, object_type="account").exists()
    assert sign_in(client, patient_a.user.email)["Location"] == reverse("patients:account_closed")


def test_it_makes_a_closed_referral_active_again_when_the_account_opens(
    client_for, staff_a, patient_a
):
    referral = factories.ReferralFactory(
        centre=patient_a.centre, registered_by=staff_a, status=Referral.Status.ACTIVE
    )
    patient_a.referral = referral
    patient_a.save(update_fields=["referral"])
    staff = client_for(staff_a)
    staff.post(
        reverse("patients:referral_outcome", args=[referral.pk]),
        {"status": "closed", "reason": "Pause"},
    )
    staff.post(reverse("patients:patient_reactivate", args=[patient_a.pk]), {"reason": ""})
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACTIVE


# Ending participation -------------------------------------------------------------------------


def test_it_lets_a_patient_ask_to_end_from_their_account_page(client_for, patient_a, staff_a):
    patient = client_for(patient_a)
    assert reverse("patients:end_participation") in patient.get(reverse("account")).content.decode()

    url = reverse("patients:end_participation")
    patient.post(url, {"message": "Orker ikke mer nå"})
    patient.post(url, {"message": "Orker ikke mer nå"})  # a second tap

    request = ParticipationEndRequest.objects.get(patient=patient_a)
    assert request.message == "Orker ikke mer nå"
    assert "kommer til å kontakte deg" in patient.get(url).content.decode()

    staff = client_for(staff_a)
    listing = staff.get(reverse("patients:end_requests")).content.decode()
    assert patient_a.user.get_full_name() in listing
    assert "Orker ikke mer nå" in listing
    assert "ber om å avslutte" in staff.get(reverse("patients:referral_list")).content.decode()


def test_it_lets_a_patient_withdraw_the_request(client_for, patient_a, staff_a):
    patient = client_for(patient_a)
    patient.post(reverse("patients:end_participation"), {"message": ""})
    patient.post(reverse("patients:end_participation_withdraw"))
    assert ParticipationEndRequest.objects.get(patient=patient_a).withdrawn_at is not None
    assert patient_a.user.get_full_name() not in (
        client_for(staff_a).get(reverse("patients:end_requests")).content.decode()
    )


def test_it_settles_the_request_when_staff_close_the_account(client_for, patient_a, staff_a):
    client_for(patient_a).post(reverse("patients:end_participation"), {"message": ""})
    close(client_for(staff_a), patient_a)
    request = ParticipationEndRequest.objects.get(patient=patient_a)
    assert (request.handled_by, request.is_open) == (staff_a, False)


def test_it_lets_staff_keep_the_account_open_and_mark_the_request_handled(
    client_for, patient_a, staff_a
):
    client_for(patient_a).post(reverse("patients:end_participation"), {"message": ""})
    client_for(staff_a).post(reverse("patients:end_request_dismiss", args=[patient_a.pk]))
    patient_a.user.refresh_from_db()
    assert patient_a.user.is_active is True
    assert ParticipationEndRequest.objects.get(patient=patient_a).handled_by == staff_a


def test_it_shows_staff_only_their_own_centres_requests(client_for, patient_a, staff_b):
    client_for(patient_a).post(reverse("patients:end_participation"), {"message": "Hei"})
    assert "Hei" not in client_for(staff_b).get(reverse("patients:end_requests")).content.decode()


# Clinicians who leave -----------------------------------------------------------------------------


def test_it_closes_the_account_of_a_physio_who_leaves(
    client, client_for, staff_a, physio_a, patient_a
):
    response = client_for(staff_a).post(
        reverse("patients:team_member_deactivate", args=[physio_a.pk]),
        {"reason": "Sluttet 1. desember"},
    )
    assert response.status_code == 302
    physio_a.refresh_from_db()
    assert physio_a.is_active is False
    patient_a.refresh_from_db()
    assert patient_a.assigned_physio is None
    assert sign_in(client, physio_a.email)["Location"] == reverse("patients:account_closed")
    page = client.get(reverse("patients:account_closed")).content.decode()
    assert physio_a.centre.name in page


def test_it_does_not_let_staff_close_their_own_account(client_for, staff_a):
    client_for(staff_a).post(
        reverse("patients:team_member_deactivate", args=[staff_a.pk]), {"reason": "Test"}
    )
    staff_a.refresh_from_db()
    assert staff_a.is_active is True


def test_it_keeps_other_centres_team_out_of_reach(client_for, staff_a, physio_b):
    response = client_for(staff_a).post(
        reverse("patients:team_member_deactivate", args=[physio_b.pk]), {"reason": "Test"}
    )
    assert response.status_code == 404
    physio_b.refresh_from_db()
    assert physio_b.is_active is True


def test_it_lists_the_centres_team_with_their_state(client_for, staff_a, physio_a, physio_b):
    page = client_for(staff_a).get(reverse("patients:team")).content.decode()
    assert physio_a.email in page
    assert physio_b.email not in page


def test_it_lets_an_admin_close_clinician_accounts_with_a_reason(client_for, physio_a, patient_a):
    from allauth.mfa.totp.internal.auth import TOTP

    admin = User.objects.create_superuser("boss@example.no", TEST_PASSWORD)
    TOTP.activate(admin, factories.TEST_TOTP_SECRET)
    client = client_for(admin)
    url = reverse("admin:pusterom_user_changelist")
    selected = [physio_a.pk, patient_a.user.pk]
    first = client.post(url, {"action": "deactivate_clinicians", "_selected_action": selected})
    assert first.status_code == 200
    client.post(
        url,
        {"action": "deactivate_clinicians", "_selected_action": selected, "reason": "Sluttet"},
    )
    physio_a.refresh_from_db()
    patient_a.user.refresh_from_db()
    assert physio_a.is_active is False
    assert patient_a.user.is_active is True  # patients are closed by their centre's staff
    assert AccountStatusChange.objects.get(user=physio_a).by == admin


@pytest.mark.parametrize("rows", [1, 20])
def test_it_lists_requests_with_the_same_queries_for_1_and_20(
    client_for, centre_a, staff_a, django_assert_max_num_queries, rows
):
    patients = factories.bulk_patients(centre=centre_a, count=rows)
    ParticipationEndRequest.objects.bulk_create(
        ParticipationEndRequest(patient=p) for p in patients
    )
    client = client_for(staff_a)
    client.get(reverse("patients:end_requests"))
    # Session, user, centre, the list, and one insert for the audit rows of all patients shown.
    with django_assert_max_num_queries(6):
        response = client.get(reverse("patients:end_requests"))
    assert len(response.context["rows"]) == rows
