"""Loading the signed-in user loads a patient's own profile and centre, or a clinician's
centre, with it (one query);
everything else about signing in is Django's and allauth's."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from patients.auth import AuthenticationBackend, ModelBackend


def test_a_patient_page_reads_the_user_and_the_profile_in_one_query(cast, client_for):
    client = client_for(cast.patient_a)
    client.get(reverse("sessions_log:check_in"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("sessions_log:check_in")).status_code == 200
    profile_reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and '"patients_patientprofile"' in q["sql"]
    ]
    assert len(profile_reads) == 1
    assert 'FROM "pusterom_user" LEFT OUTER JOIN' in profile_reads[0]


def test_both_backends_load_the_user_with_the_profile_and_refuse_a_closed_account(cast):
    assert settings.AUTHENTICATION_BACKENDS == [
        "patients.auth.ModelBackend",
        "patients.auth.AuthenticationBackend",
    ]
    for backend in (ModelBackend(), AuthenticationBackend()):
        user = backend.get_user(cast.patient_a.user.pk)
        with CaptureQueriesContext(connection) as queries:
            assert user.patient_profile.centre == cast.patient_a.centre
        assert queries.captured_queries == []
        physio = backend.get_user(cast.physio_a.pk)
        with CaptureQueriesContext(connection) as queries:
            assert physio.centre == cast.physio_a.centre  # a clinician's centre comes along
        assert queries.captured_queries == []
        assert physio == cast.physio_a and not hasattr(physio, "patient_profile")
        assert backend.get_user(10**9) is None
    cast.patient_b.user.is_active = False
    cast.patient_b.user.save(update_fields=["is_active"])
    assert ModelBackend().get_user(cast.patient_b.user.pk) is None
