from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from pusterom.access import role_home_url
from pusterom.celery import app as celery_app

logger = logging.getLogger(__name__)


def home(request):
    """Send everyone to their own start page."""
    if not request.user.is_authenticated:
        return redirect(settings.LOGIN_URL)
    return redirect(role_home_url(request.user))


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True
    except Exception:  # noqa: BLE001 - any failure means "down" here
        logger.warning("health: database unreachable")
        return False


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:  # noqa: BLE001
        logger.warning("health: broker unreachable")
        return False


@never_cache
@require_GET
def health(request):
    state = {
        "database": "ok" if _database_ok() else "down",
        "broker": "ok" if _broker_ok() else "down",
    }
    healthy = all(value == "ok" for value in state.values())
    state["status"] = "ok" if healthy else "down"
    return JsonResponse(state, status=200 if healthy else 503)


@require_POST
def set_language(request):
    """Django's set_language, and remember the choice on the signed-in user."""
    response = django_set_language(request)
    language = request.POST.get("language")
    user = request.user
    if user.is_authenticated and language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return response


@login_required
def account(request):
    """One place for everything about the account: settings, security, the patient's data."""
    return render(request, "pusterom/account.html", {})


def bench_baseline(request):
    """The yardstick of ``make bench``: the full middleware stack and nothing else. Routed
    only when BENCH_BASELINE_VIEW is on (the benchmark's own server), never in production."""
    return HttpResponse(b"ok", content_type="text/plain")
