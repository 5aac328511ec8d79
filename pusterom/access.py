"""Role checks shared by every app. Object-level helpers live with their models' app
(patients.access, sessions_log.access) and all return 404 for someone else's data."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from pusterom.models import User


def role_home_url(user) -> str:
    if not user.is_authenticated:
        return reverse(settings.LOGIN_URL)
    name = settings.ROLE_HOME_URLS.get(user.role)
    if name is None:
        return reverse("account_logout")
    return reverse(name)


def role_required(*roles: str):
    """Let only signed-in users with one of ``roles`` in; others get a 404, so a URL does not
    reveal that a page exists for another role."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if user.role not in roles or not user.is_active:
                raise Http404
            return view(request, *args, **kwargs)

        # Read by middleware that must not reveal a page to other roles (ReauthenticateMiddleware).
        wrapper.allowed_roles = roles
        return wrapper

    return decorator


patient_required = role_required("patient")
physio_required = role_required("physio")
staff_required = role_required("staff")
clinician_required = role_required("physio", "staff")


def clinician_for_staff(user, pk: int):
    """A physiotherapist or staff member of the staff member's own centre."""
    if not user.is_authenticated or not user.is_clinic_staff:
        raise Http404
    return get_object_or_404(
        User, pk=pk, centre_id=user.centre_id, role__in=[User.Role.PHYSIO, User.Role.STAFF]
    )
