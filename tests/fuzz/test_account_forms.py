"""Fuzzed posts to the sign-in forms the product uses (allauth's, with our templates): sign
in, forgotten password, change password, re-authenticate, add an email address."""

from __future__ import annotations

from django.core.cache import cache
from django.urls import reverse

from tests.factories import TEST_PASSWORD
from tests.fuzz.forms import field, form, fuzz


def _fresh_limits():
    # The rate limits would turn every later example into a 429 page; start each one fresh.
    cache.clear()


def test_it_survives_fuzzed_sign_ins(cast, client):
    url = reverse("account_login")
    data = form(
        login=field(cast.patient_a.user.email, "PATIENT.A@EXAMPLE.NO", "nobody@example.no"),
        password=field(TEST_PASSWORD, "wrong"),
        remember=field("on"),
    )

    def post(data, _):
        client.logout()
        return client.post(url, data)

    fuzz(data, post, setup=_fresh_limits)


def test_it_survives_fuzzed_password_reset_requests(cast, client):
    url = reverse("account_reset_password")
    fuzz(
        form(email=field(cast.patient_a.user.email, "nobody@example.no")),
        lambda data, _: client.post(url, data),
        setup=_fresh_limits,
    )


def test_it_survives_fuzzed_password_changes(cast, client_for):
    client = client_for(cast.patient_b)
    url = reverse("account_change_password")
    data = form(
        oldpassword=field(TEST_PASSWORD, "wrong"),
        password1=field("et-nytt-langt-passord", "kort"),
        password2=field("et-nytt-langt-passord"),
    )
    fuzz(data, lambda data, _: client.post(url, data), setup=_fresh_limits)


def test_it_survives_fuzzed_reauthentication(cast, client_for):
    client = client_for(cast.patient_a)
    url = reverse("account_reauthenticate")
    fuzz(
        form(password=field(TEST_PASSWORD, "wrong")),
        lambda data, _: client.post(url, data),
        setup=_fresh_limits,
    )


def test_it_survives_fuzzed_email_changes(cast, client_for):
    from tests.reauth import reauthenticate

    client = reauthenticate(client_for(cast.patient_a))
    url = reverse("account_email")
    data = form(
        email=field("ny@example.no", cast.patient_b.user.email),
        action_add=field(""),
        action_remove=field(""),
        action_primary=field(""),
    )
    fuzz(data, lambda data, _: client.post(url, data), setup=_fresh_limits)
