"""Signing in through allauth: where each role lands, MFA for clinicians, closed signup."""

import time

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from pusterom.models import User
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET, ClinicianFactory, UserFactory


def current_code():
    return format_hotp_value(hotp_value(TEST_TOTP_SECRET, int(time.time()) // 30))


def sign_in(client, email, password=TEST_PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_it_lands_a_patient_on_their_home_page(client, patient_a):
    response = sign_in(client, patient_a.user.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("sessions_log:home")


@pytest.mark.parametrize(
    ("role", "home"),
    [("physio_a", "sessions_log:triage"), ("staff_a", "patients:referral_list")],
)
def test_it_asks_a_clinician_for_a_code_then_lands_on_their_home_page(client, cast, role, home):
    user = cast.user(role)
    response = sign_in(client, user.email)
    assert response["Location"] == reverse("mfa_authenticate")
    # Not signed in yet: the home page still asks for a login.
    assert client.get(reverse(home))["Location"].startswith(reverse("account_login"))

    response = client.post(reverse("mfa_authenticate"), {"code": current_code()})
    assert response.status_code == 302
    assert response["Location"] == reverse(home)
    assert client.get(reverse(home)).status_code == 200


def test_it_refuses_a_wrong_password_without_signing_in(client, patient_a):
    response = sign_in(client, patient_a.user.email, "wrong-password")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_it_sends_a_clinician_without_an_authenticator_to_set_one_up(client_for, centre_a):
    physio = ClinicianFactory(centre=centre_a, totp=False)
    response = client_for(physio).get(reverse("sessions_log:triage"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_it_has_no_open_signup(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.no",
            "password1": "a-long-password-1",
            "password2": "a-long-password-1",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="new@example.no").exists()


def test_it_sends_the_admin_login_through_allauth(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_it_lets_an_admin_with_mfa_into_the_admin(client_for, db):
    from allauth.mfa.totp.internal.auth import TOTP

    admin = User.objects.create_superuser("boss@example.no", TEST_PASSWORD)
    TOTP.activate(admin, TEST_TOTP_SECRET)
    assert client_for(admin).get("/admin/").status_code == 200


def test_it_signs_a_clinician_out_after_30_idle_minutes(client_for, physio_a):
    client = client_for(physio_a)
    with time_machine.travel("2026-11-18 10:00 +0100", tick=False):
        assert client.get(reverse("sessions_log:triage")).status_code == 200
    with time_machine.travel("2026-11-18 10:29 +0100", tick=False):
        assert client.get(reverse("sessions_log:triage")).status_code == 200
    with time_machine.travel("2026-11-18 11:00 +0100", tick=False):
        response = client.get(reverse("sessions_log:triage"))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert "_auth_user_id" not in client.session


def test_it_signs_a_clinician_out_after_12_hours_even_when_busy(client_for, physio_a):
    client = client_for(physio_a)
    start = 1_795_000_000  # 2026-11-18: before "now", so the session itself has not expired
    for minutes in range(0, 12 * 60, 25):
        with time_machine.travel(start + minutes * 60, tick=False):
            assert client.get(reverse("sessions_log:triage")).status_code == 200
    with time_machine.travel(start + 12 * 3600 + 60, tick=False):
        assert client.get(reverse("sessions_log:triage")).status_code == 302


def test_it_keeps_a_patient_signed_in_when_idle(client_for, patient_a):
    client = client_for(patient_a)
    with time_machine.travel("2026-11-18 10:00 +0100", tick=False):
        client.get(reverse("sessions_log:home"))
    with time_machine.travel("2026-11-18 14:00 +0100", tick=False):
        assert client.get(reverse("sessions_log:home")).status_code == 200


def test_it_shows_a_wrong_role_a_404_not_a_hint(client_for, patient_a, staff_a):
    assert client_for(patient_a).get(reverse("sessions_log:triage")).status_code == 404
    assert client_for(staff_a).get(reverse("sessions_log:home")).status_code == 404


def test_it_stores_emails_in_lower_case(db):
    user = UserFactory(email="Kari.Nordmann@Example.NO")
    user.full_clean()
    assert (
        User.objects.create_user("Ola@Example.no", "x" * 12, role="patient").email
        == "ola@example.no"
    )


def test_it_does_not_let_a_clinician_switch_two_factor_off(physio_a, patient_a):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.forms import DeactivateTOTPForm
    from allauth.mfa.totp.internal.auth import TOTP

    clinician_totp = Authenticator.objects.get(user=physio_a, type=Authenticator.Type.TOTP)
    assert not DeactivateTOTPForm(authenticator=clinician_totp, data={}).is_valid()
    # A patient who chose two-factor may switch it off again.
    patient_totp = TOTP.activate(patient_a.user, TEST_TOTP_SECRET).instance
    assert DeactivateTOTPForm(authenticator=patient_totp, data={}).is_valid()


def test_it_signs_an_admin_out_after_30_idle_minutes_too(client_for, db):
    # The admin site shows every centre's patients: it needs the clinicians' timeout at least.
    from allauth.mfa.totp.internal.auth import TOTP

    admin = User.objects.create_superuser("boss@example.no", TEST_PASSWORD)
    TOTP.activate(admin, TEST_TOTP_SECRET)
    client = client_for(admin)
    with time_machine.travel("2026-11-18 10:00 +0100", tick=False):
        assert client.get("/admin/").status_code == 200
    with time_machine.travel("2026-11-18 10:31 +0100", tick=False):
        response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert "_auth_user_id" not in client.session
