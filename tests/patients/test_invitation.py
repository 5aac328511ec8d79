"""Accepting an invitation: the only way a patient account is created."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.urls import reverse

from patients import services
from patients.models import Invitation, PatientProfile, Referral
from pusterom.models import User
from tests.factories import ReferralFactory

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
PASSWORD = "blå fjell og grønne daler"


@pytest.fixture
def referral(cast):
    return ReferralFactory(
        centre=cast.centre_a,
        registered_by=cast.staff_a,
        first_name="Kari",
        last_name="Nordmann",
        birth_date=dt.date(1961, 4, 12),
        email="kari@example.no",
        phone="+4791234567",
        treatment_phase="after",
    )


@pytest.fixture
def token(cast, referral):
    with time_machine.travel(NOW, tick=False):
        return services.invite_patient(referral=referral, by=cast.staff_a)


def url(token):
    return reverse("patients:invitation", args=[token])


def accept_data(**overrides):
    data = {
        "email_confirmed": "on",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "privacy_accepted": "on",
    }
    data.update(overrides)
    return data


def test_it_shows_a_short_page_naming_the_centre_and_the_email(client, token):
    with time_machine.travel(NOW + dt.timedelta(days=1)):
        html = client.get(url(token)).content.decode()
    assert "Velkommen, Kari" in html
    assert "Pusterom Oslo" in html
    assert "kari@example.no er e-postadressen min." in html
    assert reverse("patients:privacy") in html
    assert "Brystkreft" not in html


def test_it_creates_the_patient_signs_them_in_and_activates_the_referral(
    client, token, referral, cast
):
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        response = client.post(url(token), accept_data())
        # Signed in: the home page opens.
        home = client.get(reverse("sessions_log:home"))

    assert response.status_code == 302
    assert response["Location"] == reverse("sessions_log:home")
    user = User.objects.get(email="kari@example.no")
    assert user.role == User.Role.PATIENT
    assert user.centre is None
    assert user.first_name == "Kari" and user.last_name == "Nordmann"
    assert user.check_password(PASSWORD)
    address = EmailAddress.objects.get(user=user)
    assert address.verified and address.primary
    profile = PatientProfile.objects.get(user=user)
    assert profile.centre == cast.centre_a
    assert profile.referral == referral
    assert profile.birth_date == dt.date(1961, 4, 12)
    assert profile.treatment_phase == "after"
    assert profile.phone == "+4791234567"
    assert profile.privacy_accepted_at is not None
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACTIVE
    assert Invitation.objects.get().accepted_at is not None
    assert home.status_code == 200


def test_it_remembers_the_language_the_page_was_shown_in(client, token):
    client.cookies["pusterom_language"] = "en"
    with time_machine.travel(NOW + dt.timedelta(days=1)):
        page = client.get(url(token)).content.decode()
        client.post(url(token), accept_data())
    assert "Welcome, Kari" in page
    assert User.objects.get(email="kari@example.no").language == "en"


def test_it_asks_for_an_email_when_the_referral_has_only_a_phone(client, cast):
    referral = ReferralFactory(
        centre=cast.centre_a, registered_by=cast.staff_a, email="", phone="+4791234567"
    )
    token = services.invite_patient(referral=referral, by=cast.staff_a)

    page = client.get(url(token)).content.decode()
    assert 'name="email"' in page and 'name="email_confirmed"' not in page

    data = accept_data(email="Ny.Pasient@Example.no")
    del data["email_confirmed"]
    response = client.post(url(token), data)

    assert response.status_code == 302
    user = User.objects.get(email="ny.pasient@example.no")
    # Typed in on the page, not proven by a link: not verified yet.
    assert not EmailAddress.objects.get(user=user).verified


def test_it_refuses_an_email_that_already_has_an_account(client, cast):
    referral = ReferralFactory(
        centre=cast.centre_a, registered_by=cast.staff_a, email="", phone="+4791234567"
    )
    token = services.invite_patient(referral=referral, by=cast.staff_a)
    data = accept_data(email="patient.b@example.no")
    del data["email_confirmed"]

    response = client.post(url(token), data)

    assert "Denne e-postadressen har allerede en konto." in response.content.decode()
    assert PatientProfile.objects.count() == 2  # only the cast
    assert Invitation.objects.get().accepted_at is None


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"password1": "kort", "password2": "kort"}, "password1", "minst 10 tegn"),
        ({"password1": "83920174652", "password2": "83920174652"}, "password1", "bokstaver"),
        ({"password1": "kari@example.no", "password2": "kari@example.no"}, "password1", "ligner"),
        ({"password2": "noe annet helt"}, "password2", "De to passordene er ikke like."),
        ({"privacy_accepted": ""}, "privacy_accepted", "godta personvernerklæringen"),
        ({"email_confirmed": ""}, "email_confirmed", "Kryss av hvis dette er e-postadressen din."),
    ],
)
def test_it_explains_what_is_missing_and_creates_nothing(client, token, overrides, field, message):
    with time_machine.travel(NOW + dt.timedelta(days=1)):
        response = client.post(url(token), accept_data(**overrides))

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors.lower() or message in errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not User.objects.filter(email="kari@example.no").exists()
    assert Invitation.objects.get().accepted_at is None


def test_a_second_submit_gets_the_already_used_page_and_creates_nothing_more(client, token):
    with time_machine.travel(NOW + dt.timedelta(days=1)):
        client.post(url(token), accept_data())
        client.logout()
        again = client.post(url(token), accept_data())

    assert again.status_code == 200
    assert "Denne lenken er allerede brukt" in again.content.decode()
    assert User.objects.filter(email="kari@example.no").count() == 1
    assert PatientProfile.objects.filter(user__email="kari@example.no").count() == 1


def test_a_claimed_invitation_cannot_be_claimed_twice(token):
    """The service itself: the conditional UPDATE lets only one caller through."""
    with time_machine.travel(NOW + dt.timedelta(days=1)):
        services.accept_invitation(
            token=token, email="kari@example.no", password=PASSWORD, language="nb"
        )
        with pytest.raises(services.InvitationUnusable):
            services.accept_invitation(
                token=token, email="kari2@example.no", password=PASSWORD, language="nb"
            )
    assert not User.objects.filter(email="kari2@example.no").exists()


def test_an_expired_link_says_so_and_names_the_centre(client, token):
    with time_machine.travel(NOW + dt.timedelta(days=14, seconds=1)):
        page = client.get(url(token)).content.decode()
        posted = client.post(url(token), accept_data())

    assert "Lenken virker ikke" in page
    assert "mer enn 14 dager gammel" in page
    assert "Ta kontakt med Pusterom Oslo" in page
    assert "Lenken virker ikke" in posted.content.decode()
    assert not User.objects.filter(email="kari@example.no").exists()


def test_a_link_still_works_just_before_14_days(client, token):
    with time_machine.travel(NOW + dt.timedelta(days=13, hours=23)):
        response = client.post(url(token), accept_data())
    assert response.status_code == 302


def test_a_revoked_link_says_so(client, token, referral, cast):
    services.revoke_invitation(referral=referral, by=cast.staff_a)
    html = client.get(url(token)).content.decode()
    assert "Senteret har byttet ut eller stoppet lenken." in html
    assert "Pusterom Oslo" in html


def test_an_unknown_link_is_a_404_with_a_kind_page(client, token):
    response = client.get(url(token + "x"))
    assert response.status_code == 404
    assert "Vi fant ikke denne lenken." in response.content.decode()


def test_there_is_no_other_way_to_sign_up(db, client):
    response = client.post(
        "/accounts/signup/",
        {"email": "ny@example.no", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert not User.objects.filter(email="ny@example.no").exists()
    assert response.status_code in (200, 302, 403, 404)


def test_the_privacy_notice_is_public(db, client):
    html = client.get(reverse("patients:privacy")).content.decode()
    assert "Personvernerklæring" in html
    assert "Hvem som kan se det" in html
