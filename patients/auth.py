"""Sign-in backends: Django's and allauth's, with one change. Loading the signed-in user on
each request also loads a patient's own profile and centre, and a clinician's centre (one
query, a join, where it was two), since nearly every page starts with them
(``patients.access.own_profile``, the clinician's lists of their centre)."""

from __future__ import annotations

from allauth.account import auth_backends
from django.contrib.auth import backends, get_user_model


class _UserWithProfile:
    def get_user(self, user_id):
        model = get_user_model()
        try:
            # get(), not first(): first() adds an ORDER BY that costs more to compile than
            # the query costs to run.
            with_centres = model._default_manager.select_related(
                "centre", "patient_profile__centre"
            )
            user = with_centres.get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class ModelBackend(_UserWithProfile, backends.ModelBackend):
    """Django's backend (the admin's and the tests' sign-in)."""


class AuthenticationBackend(_UserWithProfile, auth_backends.AuthenticationBackend):
    """allauth's backend (signing in with an email address)."""
