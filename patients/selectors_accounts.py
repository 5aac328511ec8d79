"""Reads for account status, requests to end participation and the centre's team."""

from __future__ import annotations

from dataclasses import dataclass

from patients.models import ParticipationEndRequest, PatientProfile
from pusterom.models import AccountStatusChange, User


@dataclass
class AccountState:
    user: User
    history: list[AccountStatusChange]
    open_request: ParticipationEndRequest | None = None

    @property
    def active(self) -> bool:
        return self.user.is_active

    @property
    def last_change(self) -> AccountStatusChange | None:
        return self.history[0] if self.history else None


def account_state(*, user: User, patient: PatientProfile | None = None) -> AccountState:
    history = list(user.status_changes.select_related("by").order_by("-at", "-pk"))
    open_request = open_end_request(patient=patient) if patient is not None else None
    return AccountState(user=user, history=history, open_request=open_request)


def open_end_request(*, patient: PatientProfile) -> ParticipationEndRequest | None:
    return (
        ParticipationEndRequest.objects.filter(
            patient=patient, withdrawn_at__isnull=True, handled_at__isnull=True
        )
        .order_by("-requested_at", "-pk")
        .first()
    )


def open_end_requests(*, centre):
    """The centre's open requests to end participation, oldest first (answer in turn)."""
    return (
        ParticipationEndRequest.objects.filter(
            patient__centre=centre, withdrawn_at__isnull=True, handled_at__isnull=True
        )
        .select_related("patient", "patient__user")
        .order_by("requested_at", "pk")
    )


def count_open_end_requests(*, centre) -> int:
    return open_end_requests(centre=centre).count()


def team(*, centre):
    """The centre's physiotherapists and staff, active ones first."""
    return User.objects.filter(
        centre=centre, role__in=[User.Role.PHYSIO, User.Role.STAFF]
    ).order_by("-is_active", "role", "last_name", "first_name", "pk")


def latest_request(*, patient: PatientProfile) -> ParticipationEndRequest | None:
    """The patient's most recent request (open, withdrawn or handled), for their own page."""
    return patient.end_requests.order_by("-requested_at", "-pk").first()
