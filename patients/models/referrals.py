"""Referrals from a doctor and the invitations that turn one into a patient's account."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pusterom.fields import LimitedTextField, text_limit
from pusterom.models import Centre

# Limits for free text, in characters. The form says each one next to its field.
REFERRAL_REASON_LIMIT = 1000
REFERRAL_NOTES_LIMIT = 2000


class TreatmentPhase(models.TextChoices):
    BEFORE = "before", _("Before treatment")
    DURING = "during", _("During treatment")
    AFTER = "after", _("After treatment")


class Referral(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        INVITED = "invited", _("Invited")
        ACTIVE = "active", _("Active")
        DECLINED = "declined", _("Declined")
        CLOSED = "closed", _("Closed")

    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="referrals")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("date of birth"))
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)  # E.164
    referring_doctor = models.CharField(_("referring doctor"), max_length=150)
    doctor_hpr_number = models.CharField(_("doctor's HPR number"), max_length=9)
    referring_unit = models.CharField(_("referring unit"), max_length=150)
    diagnosis_code = models.CharField(_("ICD-10 code"), max_length=8, blank=True)
    diagnosis_text = models.CharField(_("diagnosis"), max_length=200)
    treatment_phase = models.CharField(_("treatment phase"), max_length=8, choices=TreatmentPhase)
    received_on = models.DateField(_("date received"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.RECEIVED)
    status_reason = LimitedTextField(_("reason"), max_length=REFERRAL_REASON_LIMIT, blank=True)
    notes = LimitedTextField(_("notes"), max_length=REFERRAL_NOTES_LIMIT, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_on", "-created_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.UniqueConstraint(
                "centre",
                "birth_date",
                Lower("first_name"),
                Lower("last_name"),
                name="referral_unique_person_per_centre",
            ),
            models.UniqueConstraint(
                "centre",
                Lower("email"),
                condition=~Q(email=""),
                name="referral_unique_email_per_centre",
            ),
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""), name="referral_has_contact"
            ),
            text_limit("status_reason", REFERRAL_REASON_LIMIT, name="referral_reason_limit"),
            text_limit("notes", REFERRAL_NOTES_LIMIT, name="referral_notes_limit"),
        ]
        indexes = [models.Index(fields=["centre", "status", "-received_on"], name="referral_list")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Invitation(models.Model):
    """A single-use link to create the patient's account. Only a hash of the token is stored."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "referral",
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_referral",
            ),
        ]

    def __str__(self) -> str:
        return f"invitation {self.pk} for referral {self.referral_id}"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now
