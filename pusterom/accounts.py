"""Switching an account off and on again. Nothing is deleted.

A deactivated account (``User.is_active`` false) cannot sign in: allauth shows the page that
names the centre to contact (``AccountAdapter.respond_user_inactive``), sessions already open
end at the next request (Django's backends refuse inactive users), a password reset is not
offered, and the reminder dispatcher, which reaches active accounts only, stops. Each change is
kept as an ``AccountStatusChange`` with who made it and why.
"""

from __future__ import annotations

import logging

from django.db import transaction

from pusterom.models import AccountStatusChange, User

logger = logging.getLogger(__name__)


class CannotChangeOwnAccount(Exception):
    """Nobody deactivates their own account here: it would lock them out of the page."""


def _change(*, user: User, by, active: bool, reason: str) -> AccountStatusChange | None:
    if by is not None and by.pk == user.pk:
        raise CannotChangeOwnAccount
    with transaction.atomic():
        # The row lock makes two clicks (or two staff members) take turns: the second finds
        # the account already in the state asked for and records nothing.
        locked = User.objects.select_for_update().only("is_active").get(pk=user.pk)
        if locked.is_active == active:
            user.is_active = active
            return None
        change = AccountStatusChange(user=user, active=active, reason=reason.strip(), by=by)
        change.full_clean()
        change.save()
        User.objects.filter(pk=user.pk).update(is_active=active)
        user.is_active = active
    logger.info(
        "account %s user=%s by=%s",
        "reactivated" if active else "deactivated",
        user.pk,
        by.pk if by else None,
    )
    return change


def deactivate_account(*, user: User, by, reason: str) -> AccountStatusChange | None:
    """Switch the account off with a reason. Returns the change, or None if it was off."""
    return _change(user=user, by=by, active=False, reason=reason)


def reactivate_account(*, user: User, by, reason: str = "") -> AccountStatusChange | None:
    """Let the account sign in again. Returns the change, or None if it was on."""
    return _change(user=user, by=by, active=True, reason=reason)
