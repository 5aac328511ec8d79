"""Our error pages: the site's look, the visitor's language, a way home, "Ved akutt sykdom,
ring 113" for anyone who may be a patient; rendered without the database."""

from __future__ import annotations

import logging

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client, RequestFactory
from django.urls import reverse

from pusterom import errors

EMERGENCY_NB = "Ved akutt sykdom, ring 113"
EMERGENCY_EN = "If you are acutely ill, call 113"


def text(response) -> str:
    return response.content.decode()


def test_a_missing_page_is_ours_in_bokmal_with_a_way_home_and_113(client, db):
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    html = text(response)
    assert "Vi finner ikke denne siden" in html
    assert f'href="{reverse("home")}"' in html and "Gå til forsiden" in html
    assert EMERGENCY_NB in html and 'href="tel:113"' in html
    assert 'lang="nb"' in html and "pusterom.css" in html


def test_a_missing_page_is_in_english_for_an_english_browser(client, db):
    response = client.get("/missing/", headers={"accept-language": "en"})
    html = text(response)
    assert "We cannot find this page" in html and EMERGENCY_EN in html
    assert 'lang="en"' in html


def test_a_patient_gets_it_in_their_own_language(cast, client_for):
    cast.patient_a.user.language = "en"
    cast.patient_a.user.save()
    response = client_for(cast.patient_a).get(
        reverse("sessions_log:check_in_result", args=[999999])
    )
    assert response.status_code == 404
    assert "We cannot find this page" in text(response) and EMERGENCY_EN in text(response)


def test_a_clinician_is_not_told_to_call_113(cast, client_for):
    response = client_for(cast.physio_a).get(reverse("sessions_log:patient_page", args=[999999]))
    assert response.status_code == 404
    assert "Vi finner ikke denne siden" in text(response)
    assert EMERGENCY_NB not in text(response)


def test_a_patient_on_the_admin_site_gets_our_403(cast, client_for):
    response = client_for(cast.patient_a).get("/admin/", follow=True)
    assert response.status_code == 403
    assert "Du har ikke tilgang til denne siden" in text(response)
    assert EMERGENCY_NB in text(response)


def test_permission_denied_is_ours(rf, db):
    request = rf.get("/")
    response = errors.permission_denied(request)
    assert response.status_code == 403
    assert "Du har ikke tilgang til denne siden" in text(response) and EMERGENCY_NB in text(
        response
    )


def test_an_expired_form_gets_our_page(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.patient_a.user)
    response = client.post(reverse("sessions_log:check_in"), {"sleep": "good"})
    assert response.status_code == 403
    assert "Skjemaet var utløpt" in text(response)
    assert "Ingenting ble lagret" in text(response)


@pytest.fixture
def database_down(db):
    """Every query fails, as when PostgreSQL is down (until the test's own teardown)."""

    def refuse(self, *args, **kwargs):
        raise OperationalError("connection refused")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SessionStore, "load", refuse)
        patch.setattr(BaseDatabaseWrapper, "cursor", refuse)
        patch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
        yield


def test_a_patient_gets_our_503_page_when_the_database_is_down(cast, database_down):
    client = Client(raise_request_exception=False)
    client.cookies.load({"pusterom_language": "nb"})
    client.cookies["sessionid"] = "a-session-that-cannot-be-loaded"
    response = client.get(reverse("sessions_log:home"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = text(response)
    assert "Pusterom er ikke tilgjengelig akkurat nå" in html
    assert "Det du har lagret tidligere, er tatt vare på." in html
    assert EMERGENCY_NB in html and "Gå til forsiden" in html


def test_the_error_pages_render_without_the_database(db, database_down):
    request = RequestFactory().get("/", headers={"accept-language": "en"})
    request.session = SessionStore("unloadable")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        unavailable = errors.server_error(request)
    try:
        raise ValueError("a bug")
    except ValueError:
        broken = errors.server_error(request)
    assert unavailable.status_code == 503 and "Pusterom er ikke" in text(unavailable)
    assert broken.status_code == 500 and "Noe gikk galt hos oss" in text(broken)
    for status, handler in ((404, errors.page_not_found), (400, errors.bad_request)):
        assert handler(request).status_code == status


def test_an_oversized_body_is_a_400_logged_as_one_warning(client, db, settings, caplog):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    with caplog.at_level(logging.INFO):
        response = client.post(reverse("account_login"), {"login": "x" * 5000, "password": "y"})
    assert response.status_code == 400
    assert "Vi kunne ikke lese det som ble sendt" in text(response)
    records = [r for r in caplog.records if r.name == "django.security.RequestDataTooBig"]
    assert len(records) == 1
    assert records[0].levelname == "WARNING" and records[0].exc_info is None
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
