from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from pusterom import health
from pusterom.access import role_home_url

logger = logging.getLogger(__name__)


def home(request):
    """Send everyone to their own start page."""
    if not request.user.is_authenticated:
        return redirect(settings.LOGIN_URL)
    return redirect(role_home_url(request.user))


@never_cache
@require_GET
def health_live(request):
    """Liveness, for the container health check and a load balancer: this process answers
    and the database is reachable. The broker is left out on purpose (pusterom.health)."""
    if health.database_ok():
        return JsonResponse({"status": "ok", "database": "ok"})
    return JsonResponse({"status": "down", "database": "down"}, status=503)


@never_cache
@require_GET
def health_status(request):
    """Status, for monitoring: every part that does the work, with heartbeat ages and
    backlogs. 503 when any part is down or stale."""
    healthy, report = health.status()
    return JsonResponse(report, status=200 if healthy else 503)


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
