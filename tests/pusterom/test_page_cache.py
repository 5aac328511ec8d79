"""pusterom.page_cache: the fingerprint sees every insert, update and delete of its rows and
nothing else; a kept part is not used where it could be wrong."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test import RequestFactory

from pusterom import page_cache
from pusterom.page_cache import Part, Scope
from sessions_log.models import CheckIn
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the fingerprint is PostgreSQL's"
)


def _check_ins(patient):
    return [Scope.of(CheckIn, "patient_id = %s", patient.pk)]


@postgresql_only
def test_the_fingerprint_changes_with_every_insert_update_and_delete(cast):
    patient, other = cast.patient_a, cast.patient_b
    seen = [page_cache.fingerprint(_check_ins(patient))]
    check_in = factories.CheckInFactory(patient=patient)
    seen.append(page_cache.fingerprint(_check_ins(patient)))
    CheckIn.objects.filter(pk=check_in.pk).update(pain=check_in.pain)  # the same value
    seen.append(page_cache.fingerprint(_check_ins(patient)))
    CheckIn.objects.filter(pk=check_in.pk).update(pain=check_in.pain + 1)
    seen.append(page_cache.fingerprint(_check_ins(patient)))
    with transaction.atomic():  # one out, one in: the same count
        check_in.delete()
        factories.CheckInFactory(patient=patient)
    seen.append(page_cache.fingerprint(_check_ins(patient)))
    assert len(set(seen)) == len(seen)
    factories.CheckInFactory(patient=other)  # another patient's rows
    assert page_cache.fingerprint(_check_ins(patient)) == seen[-1]


def _render(calls):
    def render():
        calls.append(1)
        return Part(
            '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="x"></form>',
            extra=[7],
        )

    return render


def _cached(request, patient, calls):
    return page_cache.cached(
        "test",
        request=request,
        scopes=_check_ins(patient),
        vary=(patient.pk,),
        today=patient.local_today(),
        render=_render(calls),
    )


@postgresql_only
def test_a_kept_part_is_served_with_a_fresh_token_until_its_rows_change(cast, pages_cache):
    calls = []
    first = _cached(RequestFactory().get("/"), cast.patient_a, calls)
    second_request = RequestFactory().get("/")
    second = _cached(second_request, cast.patient_a, calls)
    assert len(calls) == 1
    assert second.extra == [7]
    assert 'value="x"' not in second.html
    assert second_request.META["CSRF_COOKIE"]  # the token is this request's
    assert first.html != second.html
    factories.CheckInFactory(patient=cast.patient_a)
    _cached(RequestFactory().get("/"), cast.patient_a, calls)
    assert len(calls) == 2


@postgresql_only
def test_nothing_is_kept_inside_a_transaction(cast, pages_cache):
    calls = []
    with transaction.atomic():
        _cached(RequestFactory().get("/"), cast.patient_a, calls)
        _cached(RequestFactory().get("/"), cast.patient_a, calls)
    assert len(calls) == 2


def test_nothing_is_kept_without_a_pages_cache(cast, settings):
    settings.CACHES = {k: v for k, v in settings.CACHES.items() if k != page_cache.ALIAS}
    calls = []
    _cached(RequestFactory().get("/"), cast.patient_a, calls)
    _cached(RequestFactory().get("/"), cast.patient_a, calls)
    assert len(calls) == 2


@postgresql_only
def test_a_cache_that_fails_renders_the_page_and_is_left_alone_for_a_while(
    cast, pages_cache, monkeypatch
):
    def broken(*args, **kwargs):
        raise ConnectionError("down")

    monkeypatch.setattr(pages_cache, "get", broken)
    monkeypatch.setattr(page_cache.pause, "until", 0.0)
    warnings = []
    monkeypatch.setattr(page_cache.logger, "warning", lambda *args: warnings.append(args))
    calls = []
    part = _cached(RequestFactory().get("/"), cast.patient_a, calls)
    assert part.extra == [7] and len(calls) == 1
    assert warnings and "pages cache unavailable" in warnings[0][0] % warnings[0][1:]
    asked = []
    monkeypatch.setattr(pages_cache, "get", lambda *a, **k: asked.append(1))
    _cached(RequestFactory().get("/"), cast.patient_a, calls)
    assert asked == [] and len(calls) == 2  # paused: not asked
