"""Registering a referral: validation next to each field, the duplicate guard, double submits."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from patients import services
from patients.models import Referral
from tests.factories import ReferralFactory

URL = reverse("patients:referral_create")
TODAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def form_data(**overrides):
    data = {
        "first_name": "Kari",
        "last_name": "Nordmann",
        "birth_date": "1961-04-12",
        "email": "Kari.Nordmann@Example.no",
        "phone": "912 34 567",
        "referring_doctor": "Dr. Ola Lege",
        "doctor_hpr_number": "1234567",
        "referring_unit": "Kreftavdelingen, OUS",
        "diagnosis_code": "c50",
        "diagnosis_text": "Brystkreft",
        "treatment_phase": "during",
        "received_on": "2026-03-01",
        "notes": "Ønsker å trene i gruppe.",
    }
    data.update(overrides)
    return data


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def test_it_registers_a_referral_for_the_staff_members_centre(cast, client_for):
    response = client_for(cast.staff_a).post(URL, form_data())

    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("patients:referral_detail", args=[referral.pk])
    assert referral.centre == cast.centre_a
    assert referral.registered_by == cast.staff_a
    assert referral.status == Referral.Status.RECEIVED
    # Normalised: E.164 phone, lower-case email, upper-case ICD-10 code.
    assert referral.phone == "+4791234567"
    assert referral.email == "kari.nordmann@example.no"
    assert referral.diagnosis_code == "C50"
    assert referral.received_on == dt.date(2026, 3, 1)


def test_it_normalises_an_international_number(cast, client_for):
    client_for(cast.staff_a).post(URL, form_data(phone="+46 70 123 45 67"))
    assert Referral.objects.get().phone == "+46701234567"


def test_it_offers_today_as_the_date_received(cast, client_for):
    response = client_for(cast.staff_a).get(URL)
    assert 'value="2026-03-02"' in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("doctor_hpr_number", "12345", "HPR-nummeret er 7 til 9 sifre"),
        ("doctor_hpr_number", "1234567890", "HPR-nummeret er 7 til 9 sifre"),
        ("doctor_hpr_number", "12a4567", "HPR-nummeret er 7 til 9 sifre"),
        # Other scripts' digits pass str.isdigit() but are no HPR number.
        ("doctor_hpr_number", "١٢٣٤٥٦٧", "HPR-nummeret er 7 til 9 sifre"),
        ("doctor_hpr_number", "123456²", "HPR-nummeret er 7 til 9 sifre"),
        ("birth_date", "2026-03-05", "Fødselsdatoen må være tilbake i tid."),
        ("birth_date", "2015-01-01", "da ville pasienten vært 11 år"),
        ("birth_date", "1900-01-01", "da ville pasienten vært 126 år"),
        ("birth_date", "not a date", "Skriv inn fødselsdatoen som en dato"),
        ("phone", "12", "Skriv inn et gyldig mobilnummer"),
        ("phone", "+47 123", "Skriv inn et gyldig mobilnummer"),
        ("email", "kari@", "Skriv inn en gyldig e-postadresse"),
        ("received_on", "2026-03-03", "Mottatt-datoen kan ikke være fram i tid."),
        ("diagnosis_text", "", "Skriv inn diagnosen."),
        ("treatment_phase", "", "Velg behandlingsfase."),
    ],
)
def test_it_shows_a_message_next_to_the_field_and_keeps_what_was_typed(
    cast, client_for, field, value, message
):
    response = client_for(cast.staff_a).post(URL, form_data(**{field: value}))

    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    # What was typed is still there.
    assert 'value="Nordmann"' in html
    assert "Ønsker å trene i gruppe." in html
    assert not Referral.objects.exists()


def test_it_needs_an_email_or_a_phone(cast, client_for):
    response = client_for(cast.staff_a).post(URL, form_data(email="", phone=""))

    assert "Oppgi e-postadresse eller mobilnummer" in response.content.decode()
    assert not Referral.objects.exists()


def test_it_accepts_a_phone_without_an_email(cast, client_for):
    client_for(cast.staff_a).post(URL, form_data(email=""))
    referral = Referral.objects.get()
    assert referral.email == "" and referral.phone == "+4791234567"


def test_it_refuses_the_same_person_twice_and_links_to_the_first(cast, client_for):
    existing = ReferralFactory(
        centre=cast.centre_a,
        first_name="KARI",
        last_name="nordmann",
        birth_date=dt.date(1961, 4, 12),
        email="other@example.no",
        registered_by=cast.staff_a,
    )

    response = client_for(cast.staff_a).post(URL, form_data())

    html = response.content.decode()
    assert response.status_code == 200
    assert "Denne personen har allerede en henvisning til senteret." in html
    assert reverse("patients:referral_detail", args=[existing.pk]) in html
    assert 'value="Kari.Nordmann@Example.no"' in html or 'value="kari.nordmann@example.no"' in html
    assert Referral.objects.count() == 1


def test_it_refuses_the_same_email_in_the_centre(cast, client_for):
    existing = ReferralFactory(
        centre=cast.centre_a, email="kari.nordmann@example.no", registered_by=cast.staff_a
    )
    response = client_for(cast.staff_a).post(URL, form_data(first_name="Anne"))
    assert reverse("patients:referral_detail", args=[existing.pk]) in response.content.decode()
    assert Referral.objects.count() == 1


def test_it_allows_the_same_person_at_another_centre(cast, client_for):
    ReferralFactory(
        centre=cast.centre_b,
        first_name="Kari",
        last_name="Nordmann",
        birth_date=dt.date(1961, 4, 12),
        email="kari.nordmann@example.no",
        registered_by=cast.staff_b,
    )
    response = client_for(cast.staff_a).post(URL, form_data())
    assert response.status_code == 302
    assert Referral.objects.filter(centre=cast.centre_a).count() == 1


def test_a_double_submit_creates_one_referral(cast, client_for):
    client = client_for(cast.staff_a)
    first = client.post(URL, form_data())
    second = client.post(URL, form_data())

    assert first.status_code == 302
    assert second.status_code == 200
    assert "allerede en henvisning" in second.content.decode()
    assert Referral.objects.count() == 1


def test_a_race_past_the_check_is_caught_by_the_database(cast, monkeypatch):
    """Two submits at the same moment both pass the lookup; the constraint stops one."""
    first = services.register_referral(
        centre=cast.centre_a,
        registered_by=cast.staff_a,
        first_name="Kari",
        last_name="Nordmann",
        birth_date=dt.date(1961, 4, 12),
        email="kari@example.no",
        phone="",
        referring_doctor="Dr. Ola Lege",
        doctor_hpr_number="1234567",
        referring_unit="OUS",
        diagnosis_code="",
        diagnosis_text="Brystkreft",
        treatment_phase="during",
        received_on=dt.date(2026, 3, 1),
        notes="",
    )
    calls = []
    real = services.find_duplicate_referral

    def blind_first_time(**kwargs):
        calls.append(kwargs)
        return None if len(calls) == 1 else real(**kwargs)

    monkeypatch.setattr(services, "find_duplicate_referral", blind_first_time)

    with pytest.raises(services.DuplicateReferral) as caught:
        services.register_referral(
            centre=cast.centre_a,
            registered_by=cast.staff_a,
            first_name="kari",
            last_name="NORDMANN",
            birth_date=dt.date(1961, 4, 12),
            email="",
            phone="+4791234567",
            referring_doctor="Dr. Ola Lege",
            doctor_hpr_number="1234567",
            referring_unit="OUS",
            diagnosis_code="",
            diagnosis_text="Brystkreft",
            treatment_phase="during",
            received_on=dt.date(2026, 3, 1),
            notes="",
        )
    assert caught.value.existing == first
    assert Referral.objects.count() == 1


@pytest.mark.parametrize("role", ["physio_a", "patient_a", "staff_b"])
def test_other_roles_cannot_register_for_centre_a(cast, client_for, role):
    response = client_for(cast.user(role)).post(URL, form_data())
    if role == "staff_b":
        # Staff at another centre register for their own centre, never for centre A.
        assert not Referral.objects.filter(centre=cast.centre_a).exists()
    else:
        assert response.status_code == 404
        assert not Referral.objects.exists()


def test_anonymous_is_sent_to_sign_in_and_nothing_is_stored(db, client):
    response = client.post(URL, form_data())
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Referral.objects.exists()


def test_naming_a_patients_existing_referral_is_an_audited_read(cast, client_for):
    from pusterom.models import AuditEvent

    existing = ReferralFactory(
        centre=cast.centre_a, email="kari.nordmann@example.no", registered_by=cast.staff_a
    )
    cast.patient_a.referral = existing
    cast.patient_a.save(update_fields=["referral"])

    client_for(cast.staff_a).post(URL, form_data())

    event = AuditEvent.objects.get()
    assert (event.actor, event.patient, event.action, event.object_id) == (
        cast.staff_a,
        cast.patient_a.user,
        "view",
        str(existing.pk),
    )
