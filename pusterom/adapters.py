from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.shortcuts import redirect
from django.utils.functional import lazy
from django.utils.translation import ngettext

from pusterom.access import role_home_url

# Who just signed in to a closed account: the page they land on names their centre.
CLOSED_ACCOUNT_SESSION_KEY = "closed_account_user_id"


def _lockout_message() -> str:
    minutes = max(settings.LOGIN_LOCKOUT_SECONDS // 60, 1)
    return ngettext(
        "Too many failed sign-ins to this account. Try again in %(minutes)s minute, or choose "
        "a new password with “Forgot your password?”: then you can sign in at once.",
        "Too many failed sign-ins to this account. Try again in %(minutes)s minutes, or choose "
        "a new password with “Forgot your password?”: then you can sign in at once.",
        minutes,
    ) % {"minutes": minutes}


class AccountAdapter(DefaultAccountAdapter):
    """Accounts come only from invitations (patients) or the admin (clinicians)."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # Says how long the lock lasts and the way round it (a password reset lifts it).
        "too_many_login_attempts": lazy(_lockout_message, str)(),
    }

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_login_redirect_url(self, request) -> str:
        return role_home_url(request.user)

    def respond_user_inactive(self, request, user):
        """The right password for a closed account: show which centre to contact."""
        request.session[CLOSED_ACCOUNT_SESSION_KEY] = user.pk
        return redirect(settings.ACCOUNT_CLOSED_URL)


class MFAAdapter(DefaultMFAAdapter):
    """Two-factor is required for clinicians and admins: they may not switch it off."""

    def can_delete_authenticator(self, authenticator) -> bool:
        if authenticator.user.role in ("physio", "staff", "admin"):
            return False
        return super().can_delete_authenticator(authenticator)
