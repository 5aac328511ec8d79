"""The referral page: invite, send a new link, stop the link, decline or close."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from patients import services
from patients.models import Invitation, Referral
from patients.sms import SmsError
from pusterom.models import AuditEvent
from tests.factories import ReferralFactory

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def referral(cast):
    return ReferralFactory(
        centre=cast.centre_a,
        registered_by=cast.staff_a,
        first_name="Kari",
        last_name="Nordmann",
        email="kari@example.no",
        phone="+4791234567",
        diagnosis_text="Brystkreft",
        diagnosis_code="C50",
    )


def link_in(text: str) -> str:
    return re.search(r"http\S+/invite/[\w-]+/", text).group(0)


def test_it_shows_the_referral_to_staff_of_the_centre(cast, client_for, referral):
    html = (
        client_for(cast.staff_a)
        .get(reverse("patients:referral_detail", args=[referral.pk]))
        .content.decode()
    )
    assert "Kari Nordmann" in html
    assert "C50 – Brystkreft" in html
    assert "+4791234567" in html
    assert "Inviter pasienten" in html


def test_it_audits_reading_the_referral_of_a_patient_with_an_account(cast, client_for):
    referral = ReferralFactory(centre=cast.centre_a, registered_by=cast.staff_a, status="active")
    cast.patient_a.referral = referral
    cast.patient_a.save()

    client_for(cast.staff_a).get(reverse("patients:referral_detail", args=[referral.pk]))

    event = AuditEvent.objects.get()
    assert event.actor == cast.staff_a
    assert event.patient == cast.patient_a.user
    assert event.object_type == "referral"


def test_it_invites_by_email_and_sms_naming_the_centre_and_never_the_diagnosis(
    cast, client_for, referral, sms_outbox
):
    response = client_for(cast.staff_a).post(
        reverse("patients:referral_invite", args=[referral.pk])
    )

    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.INVITED
    invitation = Invitation.objects.get()
    assert invitation.expires_at == NOW + dt.timedelta(days=14)
    assert invitation.sent_at is not None
    assert invitation.created_by == cast.staff_a

    (email,) = mail.outbox
    assert email.to == ["kari@example.no"]
    assert "Pusterom Oslo" in email.subject and "Pusterom Oslo" in email.body
    url = link_in(email.body)
    token = url.rstrip("/").rsplit("/", 1)[1]
    # Only the hash is stored.
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not Invitation.objects.filter(token_hash=token).exists()

    (sms,) = sms_outbox
    assert sms.to == "+4791234567"
    assert url in sms.body and "Pusterom Oslo" in sms.body
    for text in (email.subject, email.body, sms.body):
        assert "Brystkreft" not in text and "C50" not in text and "kreft" not in text.lower()


def test_it_invites_by_sms_only_when_there_is_no_email(cast, client_for, sms_outbox):
    referral = ReferralFactory(
        centre=cast.centre_a, registered_by=cast.staff_a, email="", phone="+4791234567"
    )
    client_for(cast.staff_a).post(reverse("patients:referral_invite", args=[referral.pk]))
    assert mail.outbox == []
    assert len(sms_outbox) == 1


def test_sending_a_new_link_stops_the_old_one(cast, client_for, referral):
    client = client_for(cast.staff_a)
    url = reverse("patients:referral_invite", args=[referral.pk])
    client.post(url)
    old_link = link_in(mail.outbox[0].body)
    client.post(url)
    new_link = link_in(mail.outbox[1].body)

    assert old_link != new_link
    assert Invitation.objects.count() == 2
    assert Invitation.objects.filter(revoked_at__isnull=True).count() == 1
    assert (
        "Senteret har byttet ut eller stoppet lenken."
        in client.get(old_link.split("http://127.0.0.1:8000", 1)[-1]).content.decode()
    )


def test_stopping_the_link_sends_the_referral_back_to_received(cast, client_for, referral):
    client = client_for(cast.staff_a)
    client.post(reverse("patients:referral_invite", args=[referral.pk]))
    response = client.post(reverse("patients:referral_revoke", args=[referral.pk]))

    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.RECEIVED
    assert Invitation.objects.get().revoked_at == NOW


def test_an_active_referral_gets_no_new_invitation(cast, client_for):
    referral = ReferralFactory(centre=cast.centre_a, registered_by=cast.staff_a, status="active")
    client_for(cast.staff_a).post(reverse("patients:referral_invite", args=[referral.pk]))
    assert not Invitation.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("status", ["declined", "closed"])
def test_it_closes_or_declines_with_a_reason(cast, client_for, referral, status):
    client = client_for(cast.staff_a)
    client.post(reverse("patients:referral_invite", args=[referral.pk]))
    url = reverse("patients:referral_outcome", args=[referral.pk])

    response = client.post(url, {"status": status, "reason": "Flyttet til Bergen."})

    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == status
    assert referral.status_reason == "Flyttet til Bergen."
    # The open link stopped working.
    assert Invitation.objects.get().revoked_at is not None


def test_it_needs_a_reason(cast, client_for, referral):
    response = client_for(cast.staff_a).post(
        reverse("patients:referral_outcome", args=[referral.pk]),
        {"status": "closed", "reason": " "},
    )
    assert response.status_code == 200
    assert "Skriv en kort begrunnelse." in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.RECEIVED


def test_an_active_referral_can_be_closed_but_not_declined(cast, client_for):
    referral = ReferralFactory(centre=cast.centre_a, registered_by=cast.staff_a, status="active")
    client = client_for(cast.staff_a)
    url = reverse("patients:referral_outcome", args=[referral.pk])

    refused = client.post(url, {"status": "declined", "reason": "Nei"})
    assert refused.status_code == 200
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACTIVE

    client.post(url, {"status": "closed", "reason": "Ferdig med tilbudet."})
    referral.refresh_from_db()
    assert referral.status == Referral.Status.CLOSED


def _snapshot(referral):
    referral.refresh_from_db()
    return (
        referral.status,
        referral.status_reason,
        list(Invitation.objects.values_list("pk", "revoked_at", "accepted_at")),
    )


@pytest.mark.parametrize("role", ["staff_b", "physio_a", "physio_b", "patient_a"])
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("patients:referral_invite", {}),
        ("patients:referral_revoke", {}),
        ("patients:referral_outcome", {"status": "closed", "reason": "x"}),
    ],
)
def test_a_refused_write_leaves_the_database_unchanged(
    cast, client_for, referral, sms_outbox, role, name, data
):
    client_for(cast.staff_a).post(reverse("patients:referral_invite", args=[referral.pk]))
    mail.outbox.clear()
    sms_outbox.clear()
    before = _snapshot(referral)

    response = client_for(cast.user(role)).post(reverse(name, args=[referral.pk]), data)

    assert response.status_code == 404
    assert _snapshot(referral) == before
    assert mail.outbox == [] and sms_outbox == []


def test_anonymous_cannot_invite(cast, client, referral):
    response = client.post(reverse("patients:referral_invite", args=[referral.pk]))
    assert response.status_code == 302
    assert not Invitation.objects.exists()


def test_a_physio_cannot_see_referrals(cast, client_for, referral):
    response = client_for(cast.physio_a).get(
        reverse("patients:referral_detail", args=[referral.pk])
    )
    assert response.status_code == 404


# Races and failures ---------------------------------------------------------------------------


def test_it_does_not_invite_for_a_referral_closed_meanwhile(cast, referral):
    # The page read the referral as received; another staff member closed it before the
    # invitation was written. The status that counts is the one in the database.
    seen_by_the_request = Referral.objects.get(pk=referral.pk)
    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.CLOSED)

    with pytest.raises(services.WrongStatus):
        services.invite_patient(referral=seen_by_the_request, by=cast.staff_a)

    referral.refresh_from_db()
    assert referral.status == Referral.Status.CLOSED
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_it_does_not_decline_a_referral_that_became_active_meanwhile(cast, referral):
    seen_by_the_request = Referral.objects.get(pk=referral.pk)
    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.ACTIVE)

    with pytest.raises(services.WrongStatus):
        services.set_referral_outcome(
            referral=seen_by_the_request, status="declined", reason="Nei", by=cast.staff_a
        )

    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACTIVE


def test_stopping_a_link_does_not_undo_an_account_created_meanwhile(cast, referral):
    services.invite_patient(referral=referral, by=cast.staff_a)
    seen_by_the_request = Referral.objects.get(pk=referral.pk)
    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.ACTIVE)
    Invitation.objects.update(accepted_at=NOW)

    services.revoke_invitation(referral=seen_by_the_request, by=cast.staff_a)

    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACTIVE


def test_it_says_so_when_the_invitation_could_not_be_sent(cast, client_for, referral, monkeypatch):
    def smtp_down(*args, **kwargs):
        raise OSError("connection refused")

    def sms_down(*args, **kwargs):
        raise SmsError("provider down")

    monkeypatch.setattr(services, "send_mail", smtp_down)
    monkeypatch.setattr(services, "send_sms", sms_down)

    response = client_for(cast.staff_a).post(
        reverse("patients:referral_invite", args=[referral.pk]), follow=True
    )

    html = response.content.decode()
    assert "Invitasjonen er sendt" not in html and "Invitasjon sendt" not in html
    assert "Invitasjonen kunne ikke sendes." in html
    assert Invitation.objects.get().sent_at is None


def test_without_an_sms_provider_a_phone_only_invitation_is_reported_unsent(
    cast, client_for, settings
):
    settings.SMS_BACKEND = "patients.sms.DisabledSmsBackend"
    referral = ReferralFactory(
        centre=cast.centre_a, registered_by=cast.staff_a, email="", phone="+4791234567"
    )

    response = client_for(cast.staff_a).post(
        reverse("patients:referral_invite", args=[referral.pk]), follow=True
    )

    assert "Invitasjonen kunne ikke sendes." in response.content.decode()
    assert Invitation.objects.get().sent_at is None
