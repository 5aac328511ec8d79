"""Writes for the patients app: referrals, invitations, accepting an invitation, the intake
conversation, restrictions and prior injuries. Keyword-only arguments; full_clean() first."""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from patients.models.profiles import IntakeConversation, PatientProfile
from patients.models.referrals import Invitation, Referral
from patients.models.restrictions import PriorInjury, Restriction
from patients.selectors import find_duplicate_referral, invitation_for_token, token_hash
from patients.services_accounts import deactivate_patient
from patients.sms import SmsError, send_sms
from pusterom.models import User

logger = logging.getLogger(__name__)

INVITATION_VALID_FOR = dt.timedelta(days=14)


class DuplicateReferral(Exception):
    def __init__(self, existing: Referral):
        super().__init__(f"duplicate of referral {existing.pk}")
        self.existing = existing


class InvitationUnusable(Exception):
    """The link was used, revoked, has expired, or never existed."""


class EmailTaken(Exception):
    """Another account already has this email address."""


class WrongStatus(Exception):
    """The referral is not in a state that allows this."""


# Referrals -------------------------------------------------------------------------------------


def register_referral(*, centre, registered_by, **fields) -> Referral:
    """Save a new referral, or raise DuplicateReferral pointing at the one that exists.

    The database constraints have the last word: a double submit that races past the check
    fails on them and is reported as the duplicate it is.
    """
    referral = Referral(centre=centre, registered_by=registered_by, **fields)
    person = {
        "centre": centre,
        "first_name": referral.first_name,
        "last_name": referral.last_name,
        "birth_date": referral.birth_date,
        "email": referral.email,
    }
    existing = find_duplicate_referral(**person)
    if existing is not None:
        raise DuplicateReferral(existing)
    referral.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            referral.save()
    except IntegrityError:
        existing = find_duplicate_referral(**person)
        if existing is None:
            raise
        raise DuplicateReferral(existing) from None
    logger.info("referral registered id=%s centre=%s", referral.pk, centre.pk)
    return referral


def set_referral_outcome(*, referral: Referral, status: str, reason: str, by) -> Referral:
    """Close a referral or mark it declined. An open invitation link stops working; closing
    an active referral closes the patient's account too (patients.services_accounts)."""
    now = timezone.now()
    with transaction.atomic():
        # The status that counts is the one in the database, read under a lock: the page may
        # be older than an invitation accepted or a close by someone else.
        referral.status = _lock(referral).status
        if status not in referral_outcomes(referral):
            raise WrongStatus(status)
        referral.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=now
        )
        was_active = referral.status == Referral.Status.ACTIVE
        referral.status = status
        referral.status_reason = reason
        referral.full_clean(validate_constraints=False)
        referral.save(update_fields=["status", "status_reason", "updated_at"])
        patient = PatientProfile.objects.filter(referral=referral).select_related("user").first()
        if was_active and patient is not None:
            # Closing an active referral ends the participation: the account closes too.
            deactivate_patient(patient=patient, by=by, reason=reason)
    logger.info("referral id=%s status=%s by=%s", referral.pk, status, by.pk)
    return referral


def _lock(referral: Referral) -> Referral:
    return Referral.objects.select_for_update().only("status").get(pk=referral.pk)


def referral_outcomes(referral: Referral) -> list[str]:
    """Which outcomes a referral can still get: declined before the patient is active,
    closed at any time until it is closed."""
    Status = Referral.Status
    if referral.status in (Status.RECEIVED, Status.INVITED):
        return [Status.DECLINED, Status.CLOSED]
    if referral.status == Status.ACTIVE:
        return [Status.CLOSED]
    return []


# Invitations -----------------------------------------------------------------------------------


def invitation_url(token: str) -> str:
    return settings.SITE_URL + reverse("patients:invitation", kwargs={"token": token})


def invite_patient(*, referral: Referral, by) -> str:
    """Create a fresh invitation link (any open one stops working), send it by email and SMS,
    and mark the referral invited. Returns the token; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        # Lock the referral so two clicks on "Invite" cannot both open a link, and check the
        # status it has now: it may have been closed since the page was read.
        referral.status = _lock(referral).status
        if referral.status not in (Referral.Status.RECEIVED, Referral.Status.INVITED):
            raise WrongStatus(referral.status)
        referral.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=now
        )
        invitation = Invitation(
            referral=referral,
            token_hash=token_hash(token),
            created_by=by,
            created_at=now,
            expires_at=now + INVITATION_VALID_FOR,
        )
        invitation.full_clean()
        invitation.save()
        referral.status = Referral.Status.INVITED
        referral.save(update_fields=["status", "updated_at"])
    # Sent only once the link is saved, so a patient never gets a link that does not work.
    _send_invitation(invitation=invitation, token=token)
    logger.info("invitation created id=%s referral=%s", invitation.pk, referral.pk)
    return token


def _send_invitation(*, invitation: Invitation, token: str) -> None:
    """Email and SMS name the centre and carry the link: never the diagnosis."""
    referral = invitation.referral
    context = {
        "first_name": referral.first_name,
        "centre": referral.centre.name,
        "url": invitation_url(token),
        "days": INVITATION_VALID_FOR.days,
    }
    # Patients are invited in the site's main language; the page itself has a switch.
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("emails/invitation_subject.txt", context).strip()
        body = render_to_string("emails/invitation_message.txt", context)
        sms_body = render_to_string("emails/invitation_sms.txt", context).strip()
    sent = False
    if referral.email:
        try:
            send_mail(subject, body, None, [referral.email])
            sent = True
        except Exception as exc:  # noqa: BLE001 - the SMS may still reach the patient
            # The error's class only: an SMTP refusal names the address.
            logger.warning("invitation email failed id=%s: %s", invitation.pk, type(exc).__name__)
    if referral.phone:
        try:
            send_sms(to=referral.phone, body=sms_body)
            sent = True
        except SmsError:
            logger.warning("invitation sms failed id=%s", invitation.pk)
    if sent:
        Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())


def revoke_invitation(*, referral: Referral, by) -> int:
    """Stop the open link from working; the referral goes back to received."""
    now = timezone.now()
    with transaction.atomic():
        referral.status = _lock(referral).status
        count = referral.invitations.filter(
            accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        if referral.status == Referral.Status.INVITED:
            referral.status = Referral.Status.RECEIVED
            referral.save(update_fields=["status", "updated_at"])
    logger.info("invitation revoked referral=%s by=%s count=%s", referral.pk, by.pk, count)
    return count


def accept_invitation(
    *, token: str, email: str, password: str, language: str, now=None
) -> PatientProfile:
    """Create the patient's account from an invitation, once.

    The invitation is claimed with a conditional UPDATE inside the transaction: a second
    submit (or a second tab) finds nothing to claim and gets InvitationUnusable.
    """
    now = now or timezone.now()
    email = email.strip().lower()
    with transaction.atomic():
        invitation = invitation_for_token(token)
        if invitation is None:
            raise InvitationUnusable
        # Every write here locks the referral before its invitations, so a patient accepting
        # while staff send a new link or close the referral wait in turn instead of deadlocking.
        _lock(invitation.referral)
        claimed = Invitation.objects.filter(
            pk=invitation.pk,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
        ).update(accepted_at=now)
        if claimed != 1:
            raise InvitationUnusable
        referral = invitation.referral
        if User.objects.filter(email__iexact=email).exists():
            raise EmailTaken
        user = User(
            email=email,
            first_name=referral.first_name,
            last_name=referral.last_name,
            role=User.Role.PATIENT,
            language=language,
        )
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        # An address the link was sent to is proven; one typed in on the page is not yet.
        EmailAddress.objects.create(
            user=user, email=email, primary=True, verified=email == referral.email
        )
        profile = PatientProfile(
            user=user,
            centre=referral.centre,
            referral=referral,
            birth_date=referral.birth_date,
            treatment_phase=referral.treatment_phase,
            phone=referral.phone,
            privacy_accepted_at=now,
        )
        profile.full_clean()
        profile.save()
        referral.status = Referral.Status.ACTIVE
        referral.save(update_fields=["status", "updated_at"])
    logger.info("invitation accepted id=%s patient=%s", invitation.pk, profile.pk)
    return profile


# Intake, restrictions, prior injuries ---------------------------------------------------------


def _save_once(row, *, patient: PatientProfile, same: dict):
    """Save ``row`` unless the patient already has one with the values in ``same``, and return
    the row that is kept. A double submit (a retried request, a second press where the page's
    script did not run) saves once; locking the patient makes two racing submits take turns.
    Call inside a transaction."""
    PatientProfile.objects.select_for_update().filter(pk=patient.pk).values("pk").first()
    existing = type(row).objects.filter(patient=patient, **same).order_by("pk").first()
    if existing is not None:
        return existing
    row.save()
    return row


def record_intake(*, patient: PatientProfile, physio, **fields) -> IntakeConversation:
    """Save the intake conversation; the physiotherapist who held it becomes the patient's."""
    intake = IntakeConversation(patient=patient, physio=physio, **fields)
    intake.full_clean()
    with transaction.atomic():
        intake = _save_once(intake, patient=patient, same={"physio": physio, **fields})
        if patient.assigned_physio_id != physio.pk:
            patient.assigned_physio = physio
            patient.save(update_fields=["assigned_physio"])
    return intake


def take_patient(*, patient: PatientProfile, physio) -> bool:
    """Make ``physio`` the physiotherapist of a patient who has none. Returns False when the
    patient has one already (two physiotherapists pressing at once: the first one wins)."""
    taken = PatientProfile.objects.filter(pk=patient.pk, assigned_physio__isnull=True).update(
        assigned_physio=physio
    )
    if taken:
        patient.assigned_physio = physio
    return bool(taken)


def set_central_line(*, patient: PatientProfile, has_central_line: bool) -> PatientProfile:
    """Record whether the patient has a port or PICC line (the check-in then asks about it)."""
    PatientProfile.objects.filter(pk=patient.pk).update(has_central_line=has_central_line)
    patient.has_central_line = has_central_line
    return patient


def add_restriction(*, patient: PatientProfile, set_by, **fields) -> Restriction:
    restriction = Restriction(patient=patient, set_by=set_by, **fields)
    restriction.full_clean()
    with transaction.atomic():
        return _save_once(restriction, patient=patient, same=fields)


def update_restriction(*, restriction: Restriction, set_by, **fields) -> Restriction:
    for name, value in fields.items():
        setattr(restriction, name, value)
    restriction.set_by = set_by
    restriction.full_clean()
    restriction.save()
    return restriction


def end_restriction(*, restriction: Restriction, today: dt.date, by) -> Restriction:
    """End a restriction today (it still holds for the rest of the day). Ending twice is
    harmless; one that has not started yet is changed with edit instead."""
    if restriction.starts_on > today:
        raise WrongStatus("not started")
    if restriction.ends_on is not None and restriction.ends_on <= today:
        return restriction
    restriction.ends_on = today
    restriction.set_by = by
    restriction.full_clean()
    restriction.save(update_fields=["ends_on", "set_by", "updated_at"])
    return restriction


def add_prior_injury(*, patient: PatientProfile, **fields) -> PriorInjury:
    injury = PriorInjury(patient=patient, **fields)
    injury.full_clean()
    with transaction.atomic():
        return _save_once(injury, patient=patient, same=fields)


def update_prior_injury(*, injury: PriorInjury, **fields) -> PriorInjury:
    for name, value in fields.items():
        setattr(injury, name, value)
    injury.full_clean()
    injury.save()
    return injury


def delete_prior_injury(*, injury: PriorInjury) -> None:
    injury.delete()
