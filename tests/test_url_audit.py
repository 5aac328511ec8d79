"""Every page that shows a patient's data to someone else leaves an audit row for that patient.

Derived from the URL access table (tests/url_access/): each URL says whether it shows a
patient's personal or health data (``shows_patient_data``). For those that do, each role that
may open the page leaves a read row for patient_a (the page's patient, put on list pages by the
route's ``given``) and a refused role leaves none; the pages that say they do not are checked
for patient_a's name and email. A new URL cannot ship without saying which it is
(test_url_access.py requires an entry, and ``Route`` requires the marker).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from pusterom.models import AuditEvent
from tests.test_url_access import all_routes, project_url_names
from tests.url_access import ROLES

ROUTES = all_routes()
SHOWING = [name for name in project_url_names() if ROUTES[name].shows_patient_data]
NOT_SHOWING = [name for name in project_url_names() if not ROUTES[name].shows_patient_data]
# Names no page could show by chance: if one of them appears, the page shows patient_a.
FIRST, LAST, EMAIL = "Qwyzelda", "Brxntvik", "qwyzelda.brxntvik@example.no"


def _url(name, cast) -> str:
    route = ROUTES[name]
    route.given(cast)
    return reverse(name, kwargs=route.kwargs(cast)) + route.query


def test_it_marks_some_urls_as_showing_patient_data():
    assert len(SHOWING) >= 15, SHOWING


@pytest.mark.parametrize("name", SHOWING)
def test_a_page_with_patient_data_audits_the_read_for_the_right_patient(name, cast, client_for):
    url = _url(name, cast)
    patient = cast.patient_a.user
    for role in ROLES:
        user = cast.user(role)
        response = client_for(user).get(url)
        assert response.status_code == ROUTES[name].expect[role], role
        rows = AuditEvent.objects.filter(actor=user, patient=patient) if user else None
        if response.status_code == 200 and role.endswith("_a"):
            assert not role.startswith("patient"), f"{name}: a patient sees another's data"
            assert rows.filter(action=AuditEvent.Action.VIEW).exists(), (
                f"{name} showed patient_a to {role} without an audit row"
            )
        elif user is not None:
            # Refused, or another centre's page: patient_a was not shown, so no row.
            assert not rows.exists(), f"{name}: {role} has a row but was not shown patient_a"


@pytest.mark.parametrize("name", NOT_SHOWING)
def test_a_page_without_patient_data_shows_no_patient_to_others(name, cast, client_for):
    user = cast.patient_a.user
    user.first_name, user.last_name, user.email = FIRST, LAST, EMAIL
    user.save()
    url = _url(name, cast)
    for role in ROLES:
        if role == "patient_a":
            continue
        body = client_for(cast.user(role)).get(url).content.decode(errors="replace")
        for word in (FIRST, LAST, EMAIL):
            assert word not in body, (
                f"{name} shows patient_a to {role}: mark it shows_patient_data=True and audit it"
            )
