"""The centre's patient list for physiotherapists (and clinic staff)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from pusterom.models import AuditEvent
from tests.factories import PatientProfileFactory, PhysioFactory

URL = reverse("patients:patient_list")


def test_it_lists_the_centres_patients_with_physio_phase_and_last_activity(cast, client_for):
    cast.patient_a.last_activity_at = timezone.make_aware(dt.datetime(2026, 3, 9, 18, 0))
    cast.patient_a.save()
    other_centre = PatientProfileFactory(centre=cast.centre_b, user__last_name="Bergensen")

    html = client_for(cast.physio_a).get(URL).content.decode()

    assert f"{cast.patient_a.user.last_name}, {cast.patient_a.user.first_name}" in html
    assert f"{cast.patient_b.user.last_name}, {cast.patient_b.user.first_name}" in html
    assert cast.physio_a.get_full_name() in html
    assert "Under behandling" in html
    assert "09.03.2026" in html
    assert "Ingenting ennå" in html  # patient_b has not been active
    assert other_centre.user.last_name not in html
    assert reverse("sessions_log:patient_page", args=[cast.patient_a.pk]) in html


def test_it_filters_my_patients(cast, client_for):
    other_physio = PhysioFactory(centre=cast.centre_a)
    cast.patient_b.assigned_physio = other_physio
    cast.patient_b.save()

    html = client_for(cast.physio_a).get(URL, {"mine": "1"}).content.decode()

    # The link, not the name: a random short surname can turn up elsewhere on the page.
    assert reverse("sessions_log:patient_page", args=[cast.patient_a.pk]) in html
    assert reverse("sessions_log:patient_page", args=[cast.patient_b.pk]) not in html


def test_staff_see_the_list_without_links_to_the_physio_page(cast, client_for):
    html = client_for(cast.staff_a).get(URL).content.decode()
    assert cast.patient_a.user.last_name in html
    assert reverse("sessions_log:patient_page", args=[cast.patient_a.pk]) not in html


def test_it_audits_who_saw_which_patient_in_the_list(cast, client_for):
    client_for(cast.physio_a).get(URL)
    assert set(
        AuditEvent.objects.filter(object_type="patient_list").values_list("patient", flat=True)
    ) == {cast.patient_a.user_id, cast.patient_b.user_id}


@pytest.mark.parametrize("rows", [5, 100])
def test_it_uses_the_same_number_of_queries_for_5_and_100_patients(
    cast, client_for, django_assert_num_queries, rows
):
    PatientProfileFactory.create_batch(
        rows - 2, centre=cast.centre_a, assigned_physio=cast.physio_a
    )
    client = client_for(cast.physio_a)
    client.get(URL)  # the first request also checks the two-factor setup once
    # User, count, page, and one insert for the audit rows (the session is in the cache).
    with django_assert_num_queries(4):
        response = client.get(URL)
    assert len(response.context["page"].object_list) == min(rows, 50)


def _named(last_name, adherence, cast):
    patient = PatientProfileFactory(
        centre=cast.centre_a, assigned_physio=cast.physio_a, user__last_name=last_name
    )
    patient.plan_adherence = adherence
    patient.save(update_fields=["plan_adherence"])
    return patient


def _order(response) -> list:
    return [p.user.last_name for p in response.context["page"].object_list]


def test_it_sorts_by_plan_adherence_least_first_and_no_plan_last(cast, client_for):
    cast.patient_a.delete()
    cast.patient_b.delete()
    for last_name, adherence in [("Aas", 90), ("Berg", None), ("Dahl", 20), ("Eng", 55)]:
        _named(last_name, adherence, cast)
    client = client_for(cast.physio_a)

    by_adherence = client.get(URL, {"sort": "adherence"})
    by_name = client.get(URL)

    assert _order(by_adherence) == ["Dahl", "Eng", "Aas", "Berg"]
    assert _order(by_name) == ["Aas", "Berg", "Dahl", "Eng"]
    html = by_adherence.content.decode()
    assert "20 %" in html and "Ingen planlagte økter" in html
    assert 'aria-sort="ascending"><a class="sort-link" href="?sort=adherence">' in html
    # The tabs keep the order.
    assert "?mine=1&amp;sort=adherence" in html
    # Unknown orders fall back to names.
    assert _order(client.get(URL, {"sort": "'; DROP TABLE"})) == ["Aas", "Berg", "Dahl", "Eng"]


def test_my_patients_sorted_by_adherence_page_on_in_that_order(cast, client_for):
    PatientProfileFactory.create_batch(
        55, centre=cast.centre_a, assigned_physio=cast.physio_a, plan_adherence=50
    )
    html = client_for(cast.physio_a).get(URL, {"mine": "1", "sort": "adherence"}).content.decode()
    assert "?mine=1&amp;sort=adherence&amp;page=2" in html


@pytest.mark.parametrize("rows", [5, 100])
def test_sorting_by_adherence_uses_the_same_queries_for_5_and_100_patients(
    cast, client_for, django_assert_num_queries, rows
):
    PatientProfileFactory.create_batch(
        rows - 2, centre=cast.centre_a, assigned_physio=cast.physio_a, plan_adherence=40
    )
    client = client_for(cast.physio_a)
    client.get(URL)
    # As above: the order is part of the one page query.
    with django_assert_num_queries(4):
        response = client.get(URL, {"sort": "adherence"})
    shown = response.context["page"].object_list
    assert len(shown) == min(rows, 50)
    assert shown[0].plan_adherence == 40  # patient_a and patient_b have no figure: last
