"""A physiotherapist takes a patient who has no physiotherapist ("Ta pasienten" on the
patient page): POST only, own centre only, audited as a change, the first one wins."""

from __future__ import annotations

from django.urls import reverse

from patients.models import PatientProfile
from pusterom.models import AuditEvent
from tests import factories


def _take(patient):
    return reverse("patients:take_patient", args=[patient.pk])


def _page(patient):
    return reverse("sessions_log:patient_page", args=[patient.pk])


def test_the_physio_takes_a_patient_without_a_physio(cast, client_for):
    nobodys = factories.PatientProfileFactory(centre=cast.centre_a, assigned_physio=None)
    client = client_for(cast.physio_a)
    page = client.get(_page(nobodys)).content.decode()
    assert "Denne pasienten har ingen fysioterapeut ennå." in page
    assert f'action="{_take(nobodys)}"' in page and "Ta pasienten" in page

    response = client.post(_take(nobodys), follow=True)

    assert response.redirect_chain == [(_page(nobodys), 302)]
    assert PatientProfile.objects.get(pk=nobodys.pk).assigned_physio == cast.physio_a
    html = response.content.decode()
    assert "Nå er du fysioterapeuten til denne pasienten." in html
    assert "Ta pasienten" not in html
    assert AuditEvent.objects.filter(
        actor=cast.physio_a,
        patient=nobodys.user,
        action=AuditEvent.Action.CHANGE,
        object_type="patient_profile",
    ).exists()


def test_the_button_is_not_shown_for_a_patient_with_a_physio(cast, client_for):
    page = client_for(cast.physio_a).get(_page(cast.patient_a)).content.decode()
    assert "Ta pasienten" not in page


def test_a_patient_with_a_physio_keeps_them(cast, client_for):
    colleague = factories.PhysioFactory(centre=cast.centre_a)
    response = client_for(colleague).post(_take(cast.patient_a), follow=True)
    assert PatientProfile.objects.get(pk=cast.patient_a.pk).assigned_physio == cast.physio_a
    assert "Denne pasienten har allerede en fysioterapeut." in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CHANGE).exists()


def test_nobody_else_can_take_a_patient(cast, client_for):
    nobodys = factories.PatientProfileFactory(centre=cast.centre_a, assigned_physio=None)
    for user in (cast.physio_b, cast.staff_a, cast.patient_a):
        assert client_for(user).post(_take(nobodys)).status_code == 404
    assert client_for(cast.physio_a).get(_take(nobodys)).status_code == 405
    assert PatientProfile.objects.get(pk=nobodys.pk).assigned_physio is None
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CHANGE).exists()
