from __future__ import annotations

import time

from allauth.account.adapter import get_adapter
from allauth.account.decorators import reauthentication_required
from allauth.core.exceptions import ReauthenticationRequired
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

# Roles that see other people's health data: two-factor and short sessions.
CLINICAL_ROLES = ("physio", "staff", "admin")


class UserLanguageMiddleware:
    """A signed-in user's saved language wins over the browser's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class ClinicianSessionMiddleware:
    """Physios, clinic staff and admins: 30 minutes idle, 12 hours at most, then sign in again.
    (Admins see every centre's patients in the admin site, so they are held to the same.)

    The last-seen stamp is written at most once a minute, so a busy page does not turn
    every request into a session UPDATE.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.role in CLINICAL_ROLES:
            now = int(time.time())
            started = request.session.setdefault("clinician_started", now)
            last_seen = request.session.get("clinician_seen", now)
            if (
                now - last_seen > settings.CLINICIAN_IDLE_TIMEOUT
                or now - started > settings.CLINICIAN_ABSOLUTE_TIMEOUT
            ):
                logout(request)
                messages.info(
                    request, _("You were signed out to protect patient data. Please sign in again.")
                )
                return redirect(settings.LOGIN_URL)
            if now - last_seen >= 60 or "clinician_seen" not in request.session:
                request.session["clinician_seen"] = now
        return self.get_response(request)


class RequireMfaMiddleware:
    """Physios, clinic staff and admins must set up two-factor authentication before anything
    else. allauth has no setting for this (upstream issue 3649)."""

    allowed_prefixes = ("/accounts/", "/static/", "/health/", "/i18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.role in CLINICAL_ROLES
            and not request.path.startswith(self.allowed_prefixes)
            and not request.session.get("mfa_ok")
        ):
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                return redirect("mfa_activate_totp")
            request.session["mfa_ok"] = True
        return self.get_response(request)


class NoStoreForSignedInMiddleware:
    """Pages for a signed-in user may hold health data: never keep them in a cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers["Cache-Control"] = "no-store"
        return response


def _recently_reauthenticated(request) -> None:
    """allauth's check, as a view that returns nothing or raises ReauthenticationRequired."""


_check_reauthentication = reauthentication_required(_recently_reauthenticated)


class ReauthenticateMiddleware:
    """The views named in ``settings.REAUTHENTICATE_FOR`` (downloading all of one's data) ask
    for the password again first, unless it was given in the last few minutes: allauth's
    re-authentication, with its rate limits and its page. Listing them in one setting keeps
    the rule in one place, whichever app the view lives in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name not in settings.REAUTHENTICATE_FOR:
            return None
        roles = getattr(view_func, "allowed_roles", None)
        if not request.user.is_authenticated or (roles and request.user.role not in roles):
            return None  # the view's own checks answer: a sign-in page, or a 404
        try:
            _check_reauthentication(request)
        except ReauthenticationRequired:
            methods = get_adapter(request).get_reauthentication_methods(request.user)
            if not methods:
                return None
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{methods[0]['url']}?{query}")
        return None
