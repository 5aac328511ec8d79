"""The physiotherapist's summary of a patient on the patient page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tests.factories import IntakeFactory, PriorInjuryFactory, ReferralFactory, RestrictionFactory

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def page(cast):
    return reverse("sessions_log:patient_page", args=[cast.patient_a.pk])


def test_it_shows_profile_referral_intake_restrictions_and_injuries(cast, client_for):
    patient = cast.patient_a
    patient.referral = ReferralFactory(
        centre=cast.centre_a,
        registered_by=cast.staff_a,
        diagnosis_code="C50",
        diagnosis_text="Brystkreft",
        referring_doctor="Dr. Ola Lege",
        status="active",
    )
    patient.phone = "+4791234567"
    patient.save()
    IntakeFactory(patient=patient, physio=cast.physio_a, goals="Gå på ski i påsken")
    active = RestrictionFactory(patient=patient, set_by=cast.physio_a, max_rpe=13)
    ended = RestrictionFactory(
        patient=patient,
        set_by=cast.physio_a,
        kind="after_surgery",
        body_area="arm_left",
        max_rpe=None,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 2, 1),
    )
    injury = PriorInjuryFactory(patient=patient, description="Gammel menisskade")

    html = client_for(cast.physio_a).get(page(cast)).content.decode()

    assert "65 år" in html  # born 17.05.1960
    assert "Under behandling" in html
    assert patient.user.email in html and "+4791234567" in html
    assert cast.physio_a.get_full_name() in html
    assert "C50 – Brystkreft" in html and "Dr. Ola Lege" in html
    assert "Gå på ski i påsken" in html
    assert "Hold anstrengelsen på 13 eller lavere på Borg-skalaen." in html
    assert reverse("patients:restriction_edit", args=[active.pk]) in html
    assert reverse("patients:restriction_end", args=[active.pk]) in html
    assert "1 avsluttet hensyn" in html
    assert reverse("patients:restriction_end", args=[ended.pk]) not in html
    assert "Gammel menisskade" in html
    assert reverse("patients:injury_edit", args=[injury.pk]) in html
    assert reverse("patients:injury_delete", args=[injury.pk]) in html


def test_it_offers_to_record_the_intake_when_there_is_none(cast, client_for):
    html = client_for(cast.physio_a).get(page(cast)).content.decode()
    assert "Ingen oppstartsamtale ennå." in html
    assert reverse("patients:intake_create", args=[cast.patient_a.pk]) in html


def _render_summary(patient) -> int:
    """Queries to build and render the summary partial."""
    from django.db import connection
    from django.template.loader import render_to_string
    from django.test.utils import CaptureQueriesContext

    from patients.selectors import patient_summary

    with CaptureQueriesContext(connection) as queries:
        summary = patient_summary(patient=patient)
        render_to_string("patients/_patient_summary.html", {"patient": patient, "summary": summary})
    return len(queries)


def test_its_queries_do_not_grow_with_the_rows(cast):
    patient = cast.patient_a
    RestrictionFactory(patient=patient, set_by=cast.physio_a)
    RestrictionFactory(patient=patient, set_by=cast.physio_a, ends_on=dt.date(2026, 3, 9))
    PriorInjuryFactory(patient=patient)
    IntakeFactory(patient=patient, physio=cast.physio_a)
    few = _render_summary(patient)

    RestrictionFactory.create_batch(30, patient=patient, set_by=cast.physio_a)
    RestrictionFactory.create_batch(
        30, patient=patient, set_by=cast.physio_a, ends_on=dt.date(2026, 3, 9)
    )
    PriorInjuryFactory.create_batch(30, patient=patient)
    IntakeFactory.create_batch(30, patient=patient, physio=cast.physio_a)

    assert _render_summary(patient) == few
