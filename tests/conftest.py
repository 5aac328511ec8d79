"""The fixed cast (healthchecks' hc/test.py): two centres, and in them
patient_a and patient_b (centre A), physio_a and staff_a (centre A), physio_b and staff_b
(centre B). Tests sign people in with ``client_for``."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from tests import factories


@dataclass
class Cast:
    centre_a: object
    centre_b: object
    patient_a: object  # PatientProfile
    patient_b: object  # PatientProfile, same centre as patient_a
    physio_a: object
    physio_b: object
    staff_a: object
    staff_b: object

    def user(self, role: str):
        if role == "anonymous":
            return None
        value = getattr(self, role)
        return getattr(value, "user", value)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Real hashing costs ~0.3 s a user; the cast alone has seven.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_work_on_worker_start(settings):
    # A test's worker runs only what the test queues (settings.RUN_ON_WORKER_START).
    settings.RUN_ON_WORKER_START = False


@pytest.fixture(autouse=True)
def _audit_memory_per_test():
    # Each test starts with an empty audit table, so the process's memory of the reads it
    # wrote (pusterom.audit) starts empty too.
    from pusterom import audit

    audit.forget_written_reads()
    yield
    audit.forget_written_reads()


@pytest.fixture(autouse=True)
def _sessions_in_a_cache(settings):
    # Sessions as production keeps them with Redis (pusterom.sessions), on a cache of the
    # test process: the same queries whether or not REDIS_URL is set for the suite.
    settings.CACHES = {
        **settings.CACHES,
        "sessions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pusterom-test-sessions",
        },
    }
    settings.SESSION_ENGINE = "pusterom.sessions"
    settings.SESSION_CACHE_ALIAS = "sessions"


@pytest.fixture
def pages_cache(settings):
    """The pages cache (pusterom.page_cache) on a cache of the test process, empty. Without
    it the tests render every page in full, as without Redis."""
    from django.core.cache import caches

    from pusterom import page_cache

    settings.CACHES = {
        **settings.CACHES,
        page_cache.ALIAS: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pusterom-test-pages",
        },
    }
    caches[page_cache.ALIAS].clear()
    yield caches[page_cache.ALIAS]
    caches[page_cache.ALIAS].clear()


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    """SMS go to a list, like Django's mail.outbox."""
    from patients import sms

    settings.SMS_BACKEND = "patients.sms.LocmemSmsBackend"
    sms.outbox.clear()
    return sms.outbox


@pytest.fixture
def centre_a(db):
    return factories.CentreFactory(name="Pusterom Oslo")


@pytest.fixture
def centre_b(db):
    return factories.CentreFactory(name="Pusterom Bergen", city="Bergen", region="Helse Vest")


@pytest.fixture
def physio_a(centre_a):
    return factories.PhysioFactory(centre=centre_a, email="physio.a@example.no")


@pytest.fixture
def physio_b(centre_b):
    return factories.PhysioFactory(centre=centre_b, email="physio.b@example.no")


@pytest.fixture
def staff_a(centre_a):
    return factories.StaffFactory(centre=centre_a, email="staff.a@example.no")


@pytest.fixture
def staff_b(centre_b):
    return factories.StaffFactory(centre=centre_b, email="staff.b@example.no")


@pytest.fixture
def patient_a(centre_a, physio_a):
    return factories.PatientProfileFactory(
        centre=centre_a, assigned_physio=physio_a, user__email="patient.a@example.no"
    )


@pytest.fixture
def patient_b(centre_a, physio_a):
    return factories.PatientProfileFactory(
        centre=centre_a, assigned_physio=physio_a, user__email="patient.b@example.no"
    )


@pytest.fixture
def cast(centre_a, centre_b, patient_a, patient_b, physio_a, physio_b, staff_a, staff_b):
    return Cast(centre_a, centre_b, patient_a, patient_b, physio_a, physio_b, staff_a, staff_b)


@pytest.fixture
def client_for(db):
    """``client_for(user)`` gives a test client signed in as ``user`` (a User or a profile)."""

    def make(user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(getattr(user, "user", user))
        return client

    return make
