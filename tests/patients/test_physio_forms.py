"""Intake conversation, restrictions and prior injuries, written by the physiotherapist."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from patients.models import IntakeConversation, PriorInjury, Restriction
from pusterom.models import AuditEvent
from tests.factories import PhysioFactory, PriorInjuryFactory, RestrictionFactory

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def patient_page(patient):
    return reverse("sessions_log:patient_page", args=[patient.pk])


# Intake ---------------------------------------------------------------------------------------


def test_the_intake_makes_the_physio_the_assigned_physio(cast, client_for):
    new_physio = PhysioFactory(centre=cast.centre_a)
    response = client_for(new_physio).post(
        reverse("patients:intake_create", args=[cast.patient_a.pk]),
        {
            "held_on": "2026-03-09",
            "activity_background": "regularly",
            "goals": "Gå på ski i påsken",
            "notes": "Trener helst ute.",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == patient_page(cast.patient_a)
    intake = IntakeConversation.objects.get()
    assert intake.physio == new_physio
    assert intake.held_on == dt.date(2026, 3, 9)
    assert intake.goals == "Gå på ski i påsken"
    cast.patient_a.refresh_from_db()
    assert cast.patient_a.assigned_physio == new_physio
    assert AuditEvent.objects.filter(action="change", object_type="intake").exists()


def test_the_intake_form_explains_errors_and_keeps_the_text(cast, client_for):
    response = client_for(cast.physio_a).post(
        reverse("patients:intake_create", args=[cast.patient_a.pk]),
        {"held_on": "2026-03-11", "activity_background": "", "goals": "Orke mer"},
    )
    html = response.content.decode()
    assert "Samtalen kan ikke være fram i tid." in html
    assert "Velg hvor aktiv pasienten har vært." in html
    assert "Orke mer" in html
    assert not IntakeConversation.objects.exists()


# Restrictions ---------------------------------------------------------------------------------


def test_it_adds_a_restriction(cast, client_for):
    response = client_for(cast.physio_a).post(
        reverse("patients:restriction_create", args=[cast.patient_a.pk]),
        {
            "kind": "after_surgery",
            "body_area": "arm_left",
            "starts_on": "2026-03-01",
            "ends_on": "2026-04-12",
            "note": "Etter fjerning av lymfeknuter.",
        },
    )
    assert response.status_code == 302
    restriction = Restriction.objects.get()
    assert restriction.patient == cast.patient_a
    assert restriction.set_by == cast.physio_a
    assert restriction.ends_on == dt.date(2026, 4, 12)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"kind": "after_surgery", "ends_on": "2026-04-01"},
            "body_area",
            "Velg kroppsdelen som ikke skal belastes.",
        ),
        (
            {"kind": "after_surgery", "body_area": "arm_left"},
            "ends_on",
            "Oppgi datoen kroppsdelen ikke skal belastes til.",
        ),
        ({"kind": "cardiotoxic"}, "max_rpe", "Oppgi høyeste anstrengelse, høyeste puls"),
        ({"kind": "bone_metastasis"}, "body_area", "Velg hvor metastasen sitter."),
        (
            {"kind": "other", "ends_on": "2026-02-01"},
            "ends_on",
            "Sluttdatoen må være samme dag som eller etter startdatoen.",
        ),
        ({"kind": "cardiotoxic", "max_rpe": "25"}, "max_rpe", "Borg-skalaen går fra 6 til 20."),
        ({"kind": ""}, "kind", "Velg type hensyn."),
    ],
)
def test_the_models_rules_show_next_to_the_fields(cast, client_for, data, field, message):
    data = {"starts_on": "2026-03-01", **data}
    response = client_for(cast.physio_a).post(
        reverse("patients:restriction_create", args=[cast.patient_a.pk]), data
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert not Restriction.objects.exists()


def test_it_edits_a_restriction(cast, client_for):
    restriction = RestrictionFactory(patient=cast.patient_a, set_by=cast.physio_a, max_rpe=13)
    url = reverse("patients:restriction_edit", args=[restriction.pk])
    client = client_for(cast.physio_a)

    page = client.get(url).content.decode()
    assert 'value="13"' in page
    response = client.post(
        url,
        {
            "kind": "cardiotoxic",
            "max_rpe": "12",
            "max_heart_rate": "130",
            "starts_on": "2026-03-03",
        },
    )

    assert response.status_code == 302
    restriction.refresh_from_db()
    assert (restriction.max_rpe, restriction.max_heart_rate) == (12, 130)
    assert AuditEvent.objects.filter(object_type="restriction", action="view").exists()
    assert AuditEvent.objects.filter(object_type="restriction", action="change").exists()


def test_it_ends_a_restriction_today(cast, client_for):
    restriction = RestrictionFactory(patient=cast.patient_a, set_by=cast.physio_a)
    client = client_for(cast.physio_a)
    url = reverse("patients:restriction_end", args=[restriction.pk])

    response = client.post(url)
    client.post(url)  # a second press changes nothing

    assert response.status_code == 302
    restriction.refresh_from_db()
    assert restriction.ends_on == TODAY


def test_a_restriction_that_has_not_started_is_not_ended(cast, client_for):
    restriction = RestrictionFactory(
        patient=cast.patient_a, set_by=cast.physio_a, starts_on=TODAY + dt.timedelta(days=3)
    )
    client_for(cast.physio_a).post(reverse("patients:restriction_end", args=[restriction.pk]))
    restriction.refresh_from_db()
    assert restriction.ends_on is None


# Prior injuries -------------------------------------------------------------------------------


def test_it_adds_edits_and_deletes_a_prior_injury(cast, client_for):
    client = client_for(cast.physio_a)
    client.post(
        reverse("patients:injury_create", args=[cast.patient_a.pk]),
        {"body_area": "knee_left", "description": "Gammel menisskade", "since_year": "2009"},
    )
    injury = PriorInjury.objects.get()
    assert (injury.patient, injury.since_year) == (cast.patient_a, 2009)

    client.post(
        reverse("patients:injury_edit", args=[injury.pk]),
        {"body_area": "knee_right", "description": "Menisk, høyre", "since_year": ""},
    )
    injury.refresh_from_db()
    assert (injury.body_area, injury.since_year) == ("knee_right", None)

    assert (
        "Slette «"
        in client.get(reverse("patients:injury_delete", args=[injury.pk])).content.decode()
    )
    client.post(reverse("patients:injury_delete", args=[injury.pk]))
    assert not PriorInjury.objects.exists()
    changes = AuditEvent.objects.filter(object_type="prior_injury", action="change")
    assert changes.count() == 3  # added, edited, deleted
    assert {e.patient for e in changes} == {cast.patient_a.user}


def test_a_prior_injury_needs_a_description_and_a_sensible_year(cast, client_for):
    response = client_for(cast.physio_a).post(
        reverse("patients:injury_create", args=[cast.patient_a.pk]),
        {"body_area": "knee_left", "description": "", "since_year": "2031"},
    )
    html = response.content.decode()
    assert "Beskriv skaden med noen få ord." in html
    assert "Årstallet kan ikke være fram i tid." in html
    assert not PriorInjury.objects.exists()


# Refused writes -------------------------------------------------------------------------------


def _state():
    return (
        list(IntakeConversation.objects.values_list("pk", flat=True)),
        list(Restriction.objects.values_list("pk", "ends_on", "max_rpe")),
        list(PriorInjury.objects.values_list("pk", "description")),
    )


@pytest.mark.parametrize("role", ["physio_b", "staff_a", "staff_b", "patient_a", "anonymous"])
def test_refused_writes_leave_the_database_unchanged(cast, client_for, role):
    restriction = RestrictionFactory(patient=cast.patient_a, set_by=cast.physio_a)
    injury = PriorInjuryFactory(patient=cast.patient_a)
    before = _state()
    client = client_for(cast.user(role))
    attempts = [
        (
            reverse("patients:intake_create", args=[cast.patient_a.pk]),
            {"held_on": "2026-03-09", "activity_background": "never", "goals": "x"},
        ),
        (
            reverse("patients:restriction_create", args=[cast.patient_a.pk]),
            {"kind": "other", "starts_on": "2026-03-01"},
        ),
        (
            reverse("patients:restriction_edit", args=[restriction.pk]),
            {"kind": "cardiotoxic", "max_rpe": "9", "starts_on": "2026-03-01"},
        ),
        (reverse("patients:restriction_end", args=[restriction.pk]), {}),
        (
            reverse("patients:injury_create", args=[cast.patient_a.pk]),
            {"body_area": "neck", "description": "x"},
        ),
        (
            reverse("patients:injury_edit", args=[injury.pk]),
            {"body_area": "neck", "description": "endret"},
        ),
        (reverse("patients:injury_delete", args=[injury.pk]), {}),
    ]
    for url, data in attempts:
        response = client.post(url, data)
        assert response.status_code == (302 if role == "anonymous" else 404), url
    assert _state() == before
    cast.patient_a.refresh_from_db()
    assert cast.patient_a.assigned_physio == cast.physio_a


# Double submits -------------------------------------------------------------------------------


def test_a_double_submit_saves_one_intake_one_restriction_and_one_injury(cast, client_for):
    # The page's script stops a second press, but the server must not rely on it: a retried
    # request or a page without JavaScript sends the same form twice.
    client = client_for(cast.physio_a)
    forms = [
        (
            reverse("patients:intake_create", args=[cast.patient_a.pk]),
            {"held_on": "2026-03-09", "activity_background": "never", "goals": "Gå tur"},
        ),
        (
            reverse("patients:restriction_create", args=[cast.patient_a.pk]),
            {"kind": "cardiotoxic", "max_rpe": "13", "starts_on": "2026-03-10"},
        ),
        (
            reverse("patients:injury_create", args=[cast.patient_a.pk]),
            {"body_area": "knee_left", "description": "Gammel menisskade"},
        ),
    ]
    for url, data in forms:
        first = client.post(url, data)
        second = client.post(url, data)
        assert first.status_code == second.status_code == 302, url
        assert second["Location"] == patient_page(cast.patient_a)

    assert IntakeConversation.objects.count() == 1
    assert Restriction.objects.count() == 1
    assert PriorInjury.objects.count() == 1


def test_two_different_restrictions_are_both_saved(cast, client_for):
    client = client_for(cast.physio_a)
    url = reverse("patients:restriction_create", args=[cast.patient_a.pk])
    client.post(url, {"kind": "cardiotoxic", "max_rpe": "13", "starts_on": "2026-03-10"})
    client.post(url, {"kind": "cardiotoxic", "max_rpe": "12", "starts_on": "2026-03-10"})
    assert Restriction.objects.count() == 2
