"""Patient pages are light on a weak network (UI.md): each one, with the CSS and JavaScript it
loads, stays under 30 KB compressed, and nothing comes from another host."""

from __future__ import annotations

import datetime as dt
import gzip
import re
import uuid
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from sessions_log.checkins import services
from sessions_log.models import RecoveryReport, WorkoutSession
from tests import factories
from tests.test_url_access import all_routes

BUDGET = 30 * 1024  # bytes, gzipped at level 6 as a proxy sends them
# Not pages: downloads and the health checks.
NOT_PAGES = {"sessions_log:export_json", "sessions_log:export_csv", "health", "health_live"}


class Resources(HTMLParser):
    """What a browser fetches to show the page: stylesheets, scripts, images, frames, icons."""

    def __init__(self):
        super().__init__()
        self.styles: list[str] = []
        self.scripts: list[str] = []
        self.others: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("href"):
            rel = attrs.get("rel", "")
            (self.styles if rel == "stylesheet" else self.others).append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
        elif tag in ("img", "iframe", "source", "audio", "video", "embed") and attrs.get("src"):
            self.others.append(attrs["src"])
        elif tag == "object" and attrs.get("data"):
            self.others.append(attrs["data"])


def same_site(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc or parts.scheme == "data"


def static_file(url: str) -> bytes:
    from django.conf import settings

    path = urlsplit(url).path
    assert path.startswith(settings.STATIC_URL), url
    found = finders.find(path.removeprefix(settings.STATIC_URL))
    assert found, f"{url} is not a static file"
    with open(found, "rb") as handle:
        return handle.read()


def gzipped(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=6))


def patient_page_names() -> list[str]:
    return sorted(
        name
        for name, route in all_routes().items()
        if route.expect["patient_a"] == 200 and name not in NOT_PAGES
    )


@pytest.fixture
def busy_patient(cast):
    """Eight weeks of check-ins, sessions and answers, a restriction and open questions: the
    patient pages at their fullest."""
    patient = cast.patient_a
    now = timezone.now()
    today = timezone.localdate()
    for days_ago in range(56, 0, -1):
        day = today - dt.timedelta(days=days_ago)
        factories.CheckInFactory(patient=patient, date=day, energy=days_ago % 11)
        if days_ago % 2:
            session = WorkoutSession.objects.create(
                patient=patient,
                started_at=now - dt.timedelta(days=days_ago),
                performed_on=day,
                duration_min=30,
                activity="walk",
                setting="self",
                rpe=12,
                client_uuid=uuid.uuid4(),
            )
            RecoveryReport.objects.create(
                session=session,
                asked_for=day + dt.timedelta(days=1),
                answered_at=now - dt.timedelta(days=days_ago - 1),
                recovered="yes",
                managed_chores=True,
                soreness="some",
            )
    services.log_session(
        patient=patient,
        client_uuid=uuid.uuid4(),
        performed_on=today - dt.timedelta(days=1),
        activity="strength",
        setting="group",
        duration_min=45,
        rpe=13,
    )
    factories.RestrictionFactory(patient=patient, set_by=cast.physio_a)
    return cast


@pytest.mark.parametrize("name", patient_page_names())
def test_a_patient_page_and_what_it_loads_stay_under_30_kb_compressed(
    busy_patient, client_for, name
):
    cast = busy_patient
    route = all_routes()[name]
    url = reverse(name, kwargs=route.kwargs(cast)) + route.query
    response = client_for(cast.patient_a).get(url)
    assert response.status_code == 200
    html = response.content
    resources = Resources()
    resources.feed(html.decode())

    foreign = [
        u for u in resources.styles + resources.scripts + resources.others if not same_site(u)
    ]
    assert not foreign, f"{name} loads from another host: {foreign}"
    assert resources.styles, f"{name} has no stylesheet: is this a page?"
    weight = gzipped(html)
    for url in resources.styles + resources.scripts:
        content = static_file(url)
        if url in resources.styles:
            imports = re.findall(rb"@import|url\(\s*['\"]?(?:https?:)?//", content)
            assert not imports, f"{url} loads more from elsewhere: {imports}"
        weight += gzipped(content)
    assert weight < BUDGET, f"{name}: {weight:,} bytes compressed (budget {BUDGET:,})"


def test_the_budget_counts_what_a_page_loads(cast, client_for):
    """The measuring itself: the home page has HTML, one stylesheet and one script."""
    html = client_for(cast.patient_a).get(reverse("sessions_log:home")).content
    resources = Resources()
    resources.feed(html.decode())

    assert len(resources.styles) == 1 and len(resources.scripts) == 1
    assert gzipped(static_file(resources.styles[0])) > 1000
    assert not same_site("https://cdn.example.com/x.js")
    assert not same_site("//cdn.example.com/x.js")
    assert same_site("/static/css/pusterom.css")
