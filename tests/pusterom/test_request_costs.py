"""What every signed-in request costs besides its page: settings that keep it cheap."""

import pytest
from django.db import connection
from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.pusterom.test_startup import PRODUCTION, manage


def test_templates_are_compiled_once_per_process():
    loaders = engines["django"].engine.template_loaders
    assert [type(loader) for loader in loaders] == [CachedLoader]


SHOW_DATABASE = (
    "from django.conf import settings; d = settings.DATABASES['default']; "
    "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
)
POSTGRES = {**PRODUCTION, "DATABASE_URL": "postgres://pusterom@db.example.no:5432/pusterom"}


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "600 True"),
        ({"CONN_MAX_AGE": "60", "CONN_HEALTH_CHECKS": "0"}, "60 False"),
    ],
)
def test_database_connections_are_kept_between_requests(env, expected):
    result = manage("shell", "--no-imports", "-c", SHOW_DATABASE, env={**POSTGRES, **env})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


@pytest.mark.parametrize("who", ["patient_a", "physio_a"])
def test_a_signed_in_page_does_not_write_its_session_each_time(cast, client_for, who):
    client = client_for(getattr(cast, who))
    url = reverse("sessions_log:home" if who == "patient_a" else "sessions_log:triage")
    client.get(url)  # a clinician's first request notes the two-factor check and the time

    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert client.get(url).status_code == 200

    writes = [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"]]
    assert writes == []
