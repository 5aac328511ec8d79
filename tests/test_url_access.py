"""Every URL, every role: the status a GET gets. New URLs need an entry in tests/url_access/."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.url_access as tables
from tests.url_access import ROLES

# Third-party URL trees with their own access rules (allauth, Django admin) are not ours to
# tabulate; they are covered by their own tests and by test_auth.py.
SKIPPED_PREFIXES = ("accounts/", "admin/")


def _walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            route = prefix + str(entry.pattern)
            if route.startswith(SKIPPED_PREFIXES):
                continue
            ns = entry.namespace
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry.url_patterns, route, full_ns)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if route.startswith(SKIPPED_PREFIXES) or route.startswith("static/"):
                continue
            if entry.name is None:
                raise AssertionError(f"URL pattern {route!r} has no name")
            yield f"{namespace}:{entry.name}" if namespace else entry.name


def project_url_names() -> list[str]:
    return sorted(set(_walk(get_resolver().url_patterns)))


def all_routes() -> dict:
    merged = {}
    for module_info in pkgutil.iter_modules(tables.__path__):
        module = importlib.import_module(f"{tables.__name__}.{module_info.name}")
        for name, route in getattr(module, "ROUTES", {}).items():
            assert name not in merged, f"{name} is listed twice in tests/url_access"
            merged[name] = route
    return merged


def test_it_has_an_access_rule_for_every_url():
    routes = all_routes()
    missing = [name for name in project_url_names() if name not in routes]
    assert not missing, f"URLs without an access rule in tests/url_access/: {missing}"
    stale = [name for name in routes if name not in project_url_names()]
    assert not stale, f"Access rules for URLs that no longer exist: {stale}"


@pytest.mark.parametrize("name", project_url_names())
def test_it_gives_each_role_the_expected_status(name, cast, client_for):
    route = all_routes()[name]
    route.given(cast)
    url = reverse(name, kwargs=route.kwargs(cast)) + route.query
    seen = {}
    for role in ROLES:
        response = client_for(cast.user(role)).get(url)
        seen[role] = response.status_code
        if role == "anonymous" and response.status_code == 302 and route.expect[role] == 302:
            assert "/accounts/login/" in response["Location"] or name in ("home",), response[
                "Location"
            ]
    assert seen == route.expect
