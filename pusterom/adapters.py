from allauth.account.adapter import DefaultAccountAdapter

from pusterom.access import role_home_url


class AccountAdapter(DefaultAccountAdapter):
    """Accounts come only from invitations (patients) or the admin (clinicians)."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_login_redirect_url(self, request) -> str:
        return role_home_url(request.user)
