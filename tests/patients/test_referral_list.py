"""The centre's referral list: search, status filter, newest first, pages, age, query budget."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from patients.models import Referral
from tests.factories import ReferralFactory

URL = reverse("patients:referral_list")
NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def make(cast, n=1, **kwargs):
    kwargs.setdefault("centre", cast.centre_a)
    kwargs.setdefault("registered_by", cast.staff_a)
    return ReferralFactory.create_batch(n, **kwargs)


def test_it_lists_only_the_centres_referrals_newest_first(cast, client_for):
    old = make(cast, first_name="Olav", last_name="Eldre", received_on=dt.date(2026, 3, 1))[0]
    new = make(cast, first_name="Nina", last_name="Nyere", received_on=dt.date(2026, 3, 7))[0]
    other = make(cast, centre=cast.centre_b, registered_by=cast.staff_b, last_name="Bergen")[0]

    html = client_for(cast.staff_a).get(URL).content.decode()

    assert "Nyere, Nina" in html and "Eldre, Olav" in html
    assert html.index("Nyere, Nina") < html.index("Eldre, Olav")
    assert other.last_name not in html
    assert reverse("patients:referral_detail", args=[new.pk]) in html
    assert reverse("patients:referral_detail", args=[old.pk]) in html


def test_it_shows_status_and_age(cast, client_for):
    make(cast, last_name="Tredager", received_on=dt.date(2026, 3, 7))
    make(cast, last_name="Idag", received_on=dt.date(2026, 3, 10), status="invited")

    html = client_for(cast.staff_a).get(URL).content.decode()

    assert "for 3 dager siden" in html
    assert "I dag" in html or "i dag" in html.lower()
    assert "Invitert" in html
    assert "Mottatt" in html


def test_it_searches_by_name(cast, client_for):
    make(cast, first_name="Kari", last_name="Nordmann")
    make(cast, first_name="Ola", last_name="Hansen")

    html = client_for(cast.staff_a).get(URL, {"q": "kari nord"}).content.decode()

    assert "Nordmann, Kari" in html
    assert "Hansen, Ola" not in html
    assert 'value="kari nord"' in html


def test_it_filters_by_status(cast, client_for):
    make(cast, last_name="Aktiv", status=Referral.Status.ACTIVE)
    make(cast, last_name="Avslo", status=Referral.Status.DECLINED)

    html = client_for(cast.staff_a).get(URL, {"status": "declined"}).content.decode()

    assert "Avslo" in html and "Aktiv," not in html


def test_it_says_so_when_nothing_matches(cast, client_for):
    make(cast, last_name="Hansen")
    html = client_for(cast.staff_a).get(URL, {"q": "zzz"}).content.decode()
    assert "Ingen henvisninger passer med søket." in html


def test_it_pages_by_25_and_keeps_the_filter(cast, client_for):
    make(cast, 30, status=Referral.Status.RECEIVED)
    client = client_for(cast.staff_a)

    first = client.get(URL, {"status": "received"})
    second = client.get(URL, {"status": "received", "page": 2})

    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5
    assert "status=received&amp;page=2" in first.content.decode()


@pytest.mark.parametrize("rows", [1, 100])
def test_it_uses_the_same_number_of_queries_for_1_and_100_referrals(
    cast, client_for, django_assert_num_queries, rows
):
    make(cast, rows)
    client = client_for(cast.staff_a)
    client.get(URL)  # the first request also checks the two-factor setup once
    # User with their centre, count, page, open requests to end (the session is in the
    # cache): the same for any number of rows.
    with django_assert_num_queries(4):
        response = client.get(URL)
    assert len(response.context["page"].object_list) == min(rows, 25)


def _with_accounts(cast, n):
    """``n`` referrals of the centre whose patients have accounts."""
    from tests.factories import PatientProfileFactory

    referrals = make(cast, n, status=Referral.Status.ACTIVE)
    for referral in referrals:
        PatientProfileFactory(centre=cast.centre_a, referral=referral)
    return referrals


def test_it_audits_every_patient_with_an_account_that_it_lists(cast, client_for):
    from pusterom.models import AuditEvent

    shown = _with_accounts(cast, 2)
    make(cast, 1)  # no account yet: no one whose log it belongs in
    hidden = _with_accounts(cast, 1)[0]

    client_for(cast.staff_a).get(URL, {"q": shown[0].last_name})
    client_for(cast.staff_a).get(URL)

    listed = set(AuditEvent.objects.values_list("patient", "object_type"))
    assert listed == {(r.patient.user_id, "referral_list") for r in [*shown, hidden]}


def test_a_search_audits_only_what_it_found(cast, client_for):
    from pusterom.models import AuditEvent

    found, other = _with_accounts(cast, 2)
    client_for(cast.staff_a).get(URL, {"q": found.last_name})
    assert list(AuditEvent.objects.values_list("patient", flat=True)) == [found.patient.user_id]
    assert other.patient.user_id not in AuditEvent.objects.values_list("patient", flat=True)


@pytest.mark.parametrize("rows", [1, 30])
def test_it_audits_a_page_of_patients_with_one_insert(
    cast, client_for, django_assert_num_queries, rows
):
    _with_accounts(cast, rows)
    client = client_for(cast.staff_a)
    client.get(URL)
    # As above, and one insert for the audit rows (none once they are in this read window).
    with django_assert_num_queries(5):
        response = client.get(URL, {"status": "active"})
    assert len(response.context["page"].object_list) == min(rows, 25)
