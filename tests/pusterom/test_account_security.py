"""Messages in the session, the sign-in lockout and the way out of it, re-authentication
before changing the email address or two-factor settings."""

from __future__ import annotations

import re

from django.contrib.messages import constants, get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import TEST_PASSWORD
from tests.reauth import reauthenticate


def sign_in(client, email, password=TEST_PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_it_keeps_messages_in_the_session_not_in_a_cookie(client, patient_a):
    response = sign_in(client, patient_a.user.email)
    assert "messages" not in response.cookies
    page = client.get(response["Location"])
    assert "messages" not in page.cookies
    assert patient_a.user.first_name in page.content.decode()  # "Logget inn som ..."


def test_it_locks_sign_in_after_5_failures_and_says_for_how_long(client, physio_a):
    for _ in range(5):
        sign_in(client, physio_a.email, "not-the-password")
    response = sign_in(client, physio_a.email)  # the right password, locked all the same
    html = response.content.decode()
    assert response.status_code == 200
    assert "Prøv igjen om 5 minutter" in html
    assert "Glemt passordet?" in html
    assert "_auth_user_id" not in client.session


def test_it_lifts_the_lock_when_the_password_is_reset(client, patient_a):
    for _ in range(5):
        sign_in(client, patient_a.user.email, "not-the-password")
    assert "Prøv igjen om 5 minutter" in sign_in(client, patient_a.user.email).content.decode()

    reset = Client()
    reset.post(reverse("account_reset_password"), {"email": patient_a.user.email})
    (message,) = mail.outbox
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+)", message.body).group(1)
    form_url = reset.get(link)["Location"]
    new_password = "a-new-long-password-2026"
    response = reset.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302

    response = sign_in(client, patient_a.user.email, new_password)
    assert response.status_code == 302
    assert response["Location"] == reverse("sessions_log:home")


def test_it_asks_for_the_password_again_before_adding_an_email_address(client_for, patient_a):
    client = client_for(patient_a)
    data = {"action_add": "", "email": "ny@example.no"}
    response = client.post(reverse("account_email"), data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not patient_a.user.emailaddress_set.filter(email="ny@example.no").exists()

    reauthenticate(client)
    client.post(reverse("account_email"), data)
    assert patient_a.user.emailaddress_set.filter(email="ny@example.no").exists()


def test_it_asks_for_the_password_again_before_two_factor_is_set_up(client_for, patient_a):
    response = client_for(patient_a).get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_it_asks_for_the_current_password_to_change_it(client_for, patient_a):
    client = client_for(patient_a)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "wrong-password",
            "password1": "x-new-pass-123",
            "password2": "x-new-pass-123",
        },
    )
    assert response.status_code == 200
    patient_a.user.refresh_from_db()
    assert patient_a.user.check_password(TEST_PASSWORD)


def test_it_shows_a_page_of_our_own_for_too_many_requests(rf):
    from allauth.core.internal.ratelimit import handler429

    response = handler429(rf.get("/accounts/login/"))
    assert response.status_code == 429
    assert "For mange forsøk" in response.content.decode()


def test_it_shows_messages_once(client, patient_a):
    response = sign_in(client, patient_a.user.email)
    client.get(response["Location"])
    later = client.get(reverse("sessions_log:home"))
    assert [m for m in get_messages(later.wsgi_request) if m.level == constants.SUCCESS] == []
