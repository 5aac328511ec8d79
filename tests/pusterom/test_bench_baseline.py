"""The bare view of `make bench` exists only where the benchmark turns it on."""

import importlib

import pytest
from django.contrib import admin
from django.urls import Resolver404, clear_url_caches, resolve

import pusterom.urls

BASELINE = "/bench/baseline/"


@pytest.fixture
def load_urls(settings):
    """Re-read pusterom/urls.py with BENCH_BASELINE_VIEW on or off; afterwards, as before."""
    original = settings.BENCH_BASELINE_VIEW
    admin_login = admin.site.login  # urls.py wraps it once more on every load

    def load(on: bool) -> None:
        settings.BENCH_BASELINE_VIEW = on
        importlib.reload(pusterom.urls)
        admin.site.login = admin_login
        clear_url_caches()

    yield load
    load(original)


def test_it_has_no_baseline_view_by_default(client, settings):
    assert settings.BENCH_BASELINE_VIEW is False
    with pytest.raises(Resolver404):
        resolve(BASELINE)
    assert client.get(BASELINE).status_code == 404


def test_it_has_no_baseline_view_when_the_setting_is_off(client, load_urls):
    load_urls(False)
    with pytest.raises(Resolver404):
        resolve(BASELINE)
    assert client.get(BASELINE).status_code == 404


def test_it_serves_the_baseline_view_through_the_middleware_when_on(client, load_urls):
    load_urls(True)
    response = client.get(BASELINE)
    assert response.status_code == 200
    assert response.content == b"ok"
    # The full middleware stack ran: security headers, CSP, language.
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Content-Language"] == "nb"
