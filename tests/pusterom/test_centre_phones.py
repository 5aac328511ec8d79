"""The centre's phone and the oncology ward's 24-hour number: validated, stored for tel:
links, shown as people write them, editable in the admin."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.exceptions import ValidationError
from django.urls import reverse

from pusterom import phones
from pusterom.models import Centre, User
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET, CentreFactory


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("22 93 40 00", "+4722934000", "22 93 40 00"),
        ("+47 915 06 588", "+4791506588", "91 50 65 88"),
        ("0047 23070000", "+4723070000", "23 07 00 00"),
        ("+46 8 123 456 78", "+46812345678", "+46 8 123 456 78"),
    ],
)
def test_it_stores_numbers_for_tel_links_and_shows_them_as_people_write_them(
    db, typed, stored, shown
):
    centre = CentreFactory(name="Pusterom Tromsø")
    centre.phone = typed
    centre.ward_phone = typed
    centre.full_clean()
    centre.save()
    centre.refresh_from_db()
    assert centre.phone == centre.ward_phone == stored
    assert centre.phone_display == centre.ward_phone_display == shown


@pytest.mark.parametrize("typed", ["12", "113", "22 93 40", "not a number", "+47 0000 0000"])
def test_it_refuses_a_number_that_cannot_be_called(db, typed):
    centre = CentreFactory(name="Pusterom Bodø")
    centre.ward_phone = typed
    with pytest.raises(ValidationError) as error:
        centre.full_clean()
    assert error.value.message_dict["ward_phone"] == [
        "Skriv et gyldig telefonnummer, for eksempel 22 93 40 00 eller +46 8 123 456 78."
    ]


def test_it_allows_a_centre_without_numbers(db):
    centre = CentreFactory(name="Pusterom Molde")
    centre.full_clean()
    assert (centre.phone, centre.phone_display) == ("", "")
    assert phones.display("") == ""


@pytest.fixture
def admin_client(client, db):
    user = User.objects.create_superuser("support@example.no", TEST_PASSWORD)
    TOTP.activate(user, TEST_TOTP_SECRET)
    client.force_login(user)
    return client


def _admin_form(centre, **changes):
    return {
        "name": centre.name,
        "region": centre.region,
        "city": centre.city,
        "timezone": centre.timezone,
        "phone": centre.phone,
        "ward_phone": centre.ward_phone,
        **changes,
    }


def test_an_administrator_sets_both_numbers_in_the_admin(admin_client):
    centre = CentreFactory(name="Pusterom Oslo")
    url = reverse("admin:pusterom_centre_change", args=[centre.pk])
    response = admin_client.post(
        url, _admin_form(centre, phone="22 12 34 56", ward_phone="91 50 65 88")
    )
    assert response.status_code == 302
    centre.refresh_from_db()
    assert (centre.phone, centre.ward_phone) == ("+4722123456", "+4791506588")
    listing = admin_client.get(reverse("admin:pusterom_centre_changelist")).content.decode()
    assert "22 12 34 56" in listing and "91 50 65 88" in listing


def test_the_admin_shows_a_bad_number_next_to_the_field_and_keeps_the_old_one(admin_client):
    centre = CentreFactory(name="Pusterom Oslo")
    Centre.objects.filter(pk=centre.pk).update(ward_phone="+4791506588")
    centre.refresh_from_db()
    url = reverse("admin:pusterom_centre_change", args=[centre.pk])
    response = admin_client.post(url, _admin_form(centre, ward_phone="1234"))
    assert response.status_code == 200
    assert "Skriv et gyldig telefonnummer" in response.content.decode()
    centre.refresh_from_db()
    assert centre.ward_phone == "+4791506588"
