"""Writes for deactivating and reactivating accounts, and for a patient's request to end their
participation. Nothing is deleted (Norwegian health-record rules); see pusterom.accounts for
what a deactivated account can and cannot do."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from patients import selectors_accounts
from patients.models import ParticipationEndRequest, PatientProfile, Referral
from pusterom.accounts import deactivate_account, reactivate_account

logger = logging.getLogger(__name__)


def _settle_end_requests(*, patient: PatientProfile, by, now) -> int:
    return ParticipationEndRequest.objects.filter(
        patient=patient, withdrawn_at__isnull=True, handled_at__isnull=True
    ).update(handled_at=now, handled_by=by)


def deactivate_patient(*, patient: PatientProfile, by, reason: str) -> bool:
    """Close the patient's account with a reason; an open request to end is settled by it.
    Returns False if the account was closed already."""
    with transaction.atomic():
        change = deactivate_account(user=patient.user, by=by, reason=reason)
        if change is not None:
            _settle_end_requests(patient=patient, by=by, now=change.at)
    return change is not None


def reactivate_patient(*, patient: PatientProfile, by, reason: str = "") -> bool:
    """Open the patient's account again. A referral closed with the account is active again:
    the patient takes part once more. Returns False if the account was open already."""
    with transaction.atomic():
        change = reactivate_account(user=patient.user, by=by, reason=reason)
        if change is not None and patient.referral_id:
            Referral.objects.filter(pk=patient.referral_id, status=Referral.Status.CLOSED).update(
                status=Referral.Status.ACTIVE, status_reason="", updated_at=change.at
            )
    return change is not None


def request_end(*, patient: PatientProfile, message: str = "") -> ParticipationEndRequest:
    """The patient asks to end their participation. A second request while one is open (a
    double submit, a second tab) returns the open one."""
    request = ParticipationEndRequest(patient=patient, message=message.strip())
    request.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        existing = selectors_accounts.open_end_request(patient=patient)
        if existing is None:
            raise
        return existing
    logger.info("end request id=%s patient=%s", request.pk, patient.pk)
    return request


def withdraw_end_request(*, patient: PatientProfile) -> int:
    """The patient wants to go on after all."""
    return ParticipationEndRequest.objects.filter(
        patient=patient, withdrawn_at__isnull=True, handled_at__isnull=True
    ).update(withdrawn_at=timezone.now())


def dismiss_end_request(*, patient: PatientProfile, by) -> int:
    """Staff mark the request handled without closing the account (the patient chose to go
    on, for example after a talk)."""
    return _settle_end_requests(patient=patient, by=by, now=timezone.now())


def deactivate_clinician(*, clinician, by, reason: str) -> int | None:
    """Close the account of a physiotherapist or staff member who leaves the centre. Their
    patients get no physiotherapist (they show under "No physiotherapist" in triage until the
    next intake); what they wrote stays, with their name. Returns how many patients lost
    their physiotherapist, or None if the account was closed already."""
    with transaction.atomic():
        change = deactivate_account(user=clinician, by=by, reason=reason)
        if change is None:
            return None
        unassigned = PatientProfile.objects.filter(assigned_physio=clinician).update(
            assigned_physio=None
        )
    logger.info("clinician deactivated user=%s unassigned=%s", clinician.pk, unassigned)
    return unassigned


def reactivate_clinician(*, clinician, by, reason: str = "") -> bool:
    return reactivate_account(user=clinician, by=by, reason=reason) is not None
