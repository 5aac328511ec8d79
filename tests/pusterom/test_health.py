import pytest
from django.urls import reverse

from pusterom.celery import app as celery_app


def test_it_reports_healthy_services(client, db):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "status": "ok"}


@pytest.fixture
def broker_down():
    saved = celery_app.conf.broker_url
    # Nothing listens on port 9 (discard) here; the connection is refused at once.
    celery_app.conf.broker_url = "redis://127.0.0.1:9/0"
    yield
    celery_app.conf.broker_url = saved


def test_it_answers_503_when_the_broker_is_down(client, db, broker_down):
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "down", "status": "down"}


def test_it_answers_503_when_the_database_is_down(client, db, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OSError("database unreachable")

    monkeypatch.setattr("pusterom.views.connection", Unreachable())
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["database"] == "down"
