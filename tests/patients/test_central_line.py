"""The physiotherapist records whether the patient has a port or PICC line (the check-in asks
about the line's site only then), and the patient's plan shows who to call."""

from __future__ import annotations

import re

from django.urls import reverse

from patients.models import PatientProfile
from pusterom.models import AuditEvent


def _url(patient):
    return reverse("patients:central_line", args=[patient.pk])


def test_the_physio_records_a_port_and_sees_it_on_the_patient_page(cast, client_for):
    client = client_for(cast.physio_a)
    page = client.get(_url(cast.patient_a)).content.decode()
    assert "Har pasienten veneport eller PICC-line?" in page
    assert re.search(r'value="no"[^>]*checked', page)
    assert not re.search(r'value="yes"[^>]*checked', page)

    response = client.post(_url(cast.patient_a), {"has_central_line": "yes"})

    assert response.status_code == 302
    assert response["Location"] == reverse("sessions_log:patient_page", args=[cast.patient_a.pk])
    assert PatientProfile.objects.get(pk=cast.patient_a.pk).has_central_line is True
    assert AuditEvent.objects.filter(
        actor=cast.physio_a,
        patient=cast.patient_a.user,
        action=AuditEvent.Action.CHANGE,
        object_type="patient_profile",
    ).exists()
    summary = client.get(response["Location"]).content.decode()
    assert "Veneport eller PICC-line</dt><dd>Ja</dd>" in summary


def test_the_physio_can_take_it_away_again(cast, client_for):
    PatientProfile.objects.filter(pk=cast.patient_a.pk).update(has_central_line=True)
    client_for(cast.physio_a).post(_url(cast.patient_a), {"has_central_line": "no"})
    assert PatientProfile.objects.get(pk=cast.patient_a.pk).has_central_line is False


def test_a_missing_answer_comes_back_with_a_message(cast, client_for):
    response = client_for(cast.physio_a).post(_url(cast.patient_a), {})
    assert response.status_code == 200
    assert "Velg ja eller nei." in response.content.decode()


def test_another_centres_physio_gets_404_and_changes_nothing(cast, client_for):
    response = client_for(cast.physio_b).post(_url(cast.patient_a), {"has_central_line": "yes"})
    assert response.status_code == 404
    assert PatientProfile.objects.get(pk=cast.patient_a.pk).has_central_line is False


def test_the_patients_plan_shows_who_to_call(cast, client_for):
    url = reverse("patients:my_plan")
    html = client_for(cast.patient_a).get(url).content.decode()
    assert 'href="tel:113"' in html
    assert "Kreftavdelingen, hele døgnet" not in html  # no number yet, no empty link
    cast.centre_a.phone, cast.centre_a.ward_phone = "+4722123456", "+4791506588"
    cast.centre_a.save()
    html = client_for(cast.patient_a).get(url).content.decode()
    assert re.search(
        r'<a href="tel:\+4791506588">Kreftavdelingen, hele døgnet: <span[^>]*>91 50 65 88<', html
    )
    assert re.search(r'<a href="tel:\+4722123456">Ring senteret: <span[^>]*>22 12 34 56<', html)
