"""The patient page's body kept in the pages cache (pusterom.page_cache,
sessions_log.triage.page_parts): every table it reads is in its fingerprint, every change a
physiotherapist can make or see shows at once, and its forms keep working.

Transactional: the cache stays out of transactions (the tests' usual one included)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from patients.models import IntakeConversation, PriorInjury, Restriction
from sessions_log.models import (
    CheckIn,
    Exercise,
    Flag,
    PlannedSession,
    ProgressionDecision,
    RecoveryReport,
)
from sessions_log.triage import page_parts
from tests import factories
from tests.kept_parts import main_part, tables_read_after_the_fingerprint
from tests.sessions_log.plans.helpers import two_good_weeks

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the fingerprint is PostgreSQL's"),
]


@pytest.fixture(autouse=True)
def _kept_parts(pages_cache):
    yield
    # A request leaves its language active in this thread; the next test starts in Bokmål.
    translation.deactivate()


@pytest.fixture
def patient(cast):
    """A patient with something in every table the page shows: a plan ready for more (a
    suggestion with its two forms), check-ins, sessions with answers, an open and an
    acknowledged flag, a restriction, an injury and an intake."""
    patient = cast.patient_a
    two_good_weeks(patient, cast.physio_a)
    today = patient.local_today()
    for n in range(1, 6):
        factories.CheckInFactory(patient=patient, date=today - dt.timedelta(days=n))
    session = factories.WorkoutSessionFactory(
        patient=patient, performed_on=today - dt.timedelta(days=2), notes="Tung økt"
    )
    RecoveryReport.objects.create(
        session=session,
        asked_for=today - dt.timedelta(days=1),
        answered_at=timezone.now(),
        recovered="no",
        managed_chores=False,
        soreness="a_lot",
        note="Stiv i leggene",
    )
    Flag.objects.create(patient=patient, session=session, kind="slow_recovery")
    Flag.objects.create(
        patient=patient,
        session=session,
        kind="too_hard",
        acknowledged_by=cast.physio_b,
        acknowledged_at=timezone.now(),
    )
    factories.RestrictionFactory(patient=patient, set_by=cast.physio_a, note="Ingen løft")
    factories.PriorInjuryFactory(patient=patient, description="Vond skulder")
    factories.IntakeFactory(patient=patient, physio=cast.physio_a, goals="Gå til butikken")
    return patient


def _url(patient):
    return reverse("sessions_log:patient_page", args=[patient.pk])


def _dismiss_form(html: str, patient) -> dict:
    """The fields of the page's "Dismiss" button for the suggestion."""
    action = reverse("sessions_log:plan_suggestion_dismiss", args=[patient.pk])
    form = html[html.index(f'action="{action}"') :]
    form = form[: form.index("</form>")]
    return dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))


def test_every_table_the_body_reads_is_in_its_fingerprint(patient, client_for):
    client = client_for(patient.assigned_physio)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_url(patient))
    assert response.status_code == 200
    read = tables_read_after_the_fingerprint(queries)
    covered = {scope.table for scope in page_parts.patient_page(patient)}
    assert len(read) >= 12  # the body was rendered after the fingerprint, not before it
    assert read <= covered, f"read but not in the fingerprint: {sorted(read - covered)}"


def test_a_second_view_is_served_from_the_cache_and_shows_the_same(patient, client_for):
    client = client_for(patient.assigned_physio)
    first = client.get(_url(patient))
    with CaptureQueriesContext(connection) as queries:
        second = client.get(_url(patient))
    assert main_part(second) == main_part(first)
    assert "Gå til butikken" in main_part(second) and "Forslag" in main_part(second)
    # session, user, the patient (access), the fingerprint: the body's reads are skipped
    assert len(queries) <= 4, [q["sql"][:80] for q in queries.captured_queries]


def _ack(patient, client):
    flag = Flag.objects.get(patient=patient, acknowledged_at__isnull=True)
    client.post(reverse("sessions_log:flag_acknowledge", args=[flag.pk]), {"note": ""})


CHANGES = {
    # what changes: (how, a text the page shows after it and not before)
    "a check-in": (
        lambda p, c: factories.CheckInFactory(patient=p, date=p.local_today(), pain=9),
        None,
    ),
    "a session": (
        lambda p, c: factories.WorkoutSessionFactory(
            patient=p, performed_on=p.local_today(), notes="Ny økt i dag"
        ),
        None,
    ),
    "a recovery answer": (
        lambda p, c: RecoveryReport.objects.filter(session__patient=p).update(note="Mye bedre nå"),
        "Mye bedre nå",
    ),
    "acknowledging a flag": (_ack, None),
    "a restriction": (
        lambda p, c: Restriction.objects.filter(patient=p).update(note="Ingen hopp"),
        "Ingen hopp",
    ),
    "an injury": (
        lambda p, c: PriorInjury.objects.filter(patient=p).update(description="Vondt kne"),
        "Vondt kne",
    ),
    "an intake": (
        lambda p, c: IntakeConversation.objects.filter(patient=p).update(goals="Sykle igjen"),
        "Sykle igjen",
    ),
    "the name of who acknowledged a flag": (
        lambda p, c: (
            type(p.user)
            .objects.filter(pk=Flag.objects.get(kind="too_hard").acknowledged_by_id)
            .update(first_name="Ragnhild")
        ),
        "Ragnhild",
    ),
    "the patient's phone": (
        lambda p, c: type(p).objects.filter(pk=p.pk).update(phone="+4799887766"),
        "+4799887766",
    ),
    "a plan's exercise": (
        lambda p, c: Exercise.objects.filter(slug="sit-to-stand").update(name_nb="Reis deg opp"),
        None,
    ),
    "the plan's days": (
        lambda p, c: PlannedSession.objects.filter(programme__patient=p).update(weekdays="1234567"),
        None,
    ),
    "a decision on the suggestion": (
        lambda p, c: c.post(
            reverse("sessions_log:plan_suggestion_dismiss", args=[p.pk]),
            _dismiss_form(c.get(_url(p)).content.decode(), p),
        ),
        None,
    ),
    "a check-in deleted": (
        lambda p, c: CheckIn.objects.filter(patient=p).order_by("date").first().delete(),
        None,
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_shows_at_once(patient, client_for, change, pages_cache):
    client = client_for(patient.assigned_physio)
    before = main_part(client.get(_url(patient)))
    assert main_part(client.get(_url(patient))) == before  # now kept
    how, text = CHANGES[change]
    how(patient, client)
    after = main_part(client.get(_url(patient)))
    # The same as rendering without the cache, and not what was kept.
    pages_cache.clear()
    fresh = main_part(client.get(_url(patient)))
    assert after == fresh
    assert after != before
    if text:
        assert text not in before and text in after


def test_an_unrelated_patients_change_keeps_the_body(patient, cast, client_for):
    client = client_for(patient.assigned_physio)
    client.get(_url(patient))
    factories.CheckInFactory(patient=cast.patient_b, date=cast.patient_b.local_today())
    with CaptureQueriesContext(connection) as queries:
        client.get(_url(patient))
    assert len(queries) <= 4


def test_the_forms_of_a_kept_body_carry_a_working_token(patient):
    client = Client(enforce_csrf_checks=True)
    client.force_login(patient.assigned_physio)
    client.get(_url(patient))
    page = client.get(_url(patient)).content.decode()  # from the cache
    fields = _dismiss_form(page, patient)
    assert fields["csrfmiddlewaretoken"] and fields["code"]
    response = client.post(
        reverse("sessions_log:plan_suggestion_dismiss", args=[patient.pk]), fields
    )
    assert response.status_code == 302
    assert ProgressionDecision.objects.filter(programme__patient=patient).count() == 1


def test_another_language_is_another_body(patient, client_for):
    physio = patient.assigned_physio
    client = client_for(physio)
    norwegian = main_part(client.get(_url(patient)))
    physio.language = "en"
    physio.save(update_fields=["language"])
    english = main_part(client.get(_url(patient)))
    assert "Åpne flagg" in norwegian and "Open flags" in english
