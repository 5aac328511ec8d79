from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter

from pusterom.access import role_home_url


class AccountAdapter(DefaultAccountAdapter):
    """Accounts come only from invitations (patients) or the admin (clinicians)."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_login_redirect_url(self, request) -> str:
        return role_home_url(request.user)


class MFAAdapter(DefaultMFAAdapter):
    """Two-factor is required for clinicians and admins: they may not switch it off."""

    def can_delete_authenticator(self, authenticator) -> bool:
        if authenticator.user.role in ("physio", "staff", "admin"):
            return False
        return super().can_delete_authenticator(authenticator)
