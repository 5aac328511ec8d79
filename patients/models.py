"""Referrals, invitations, patient profiles, the intake conversation, restrictions and
prior injuries ("weakest link")."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patients.body_areas import BodyArea  # the one list of areas; forms import it from here
from pusterom.fields import LimitedTextField, text_limit
from pusterom.models import Centre

# Limits for free text, in characters. The form says each one next to its field.
REFERRAL_REASON_LIMIT = 1000
REFERRAL_NOTES_LIMIT = 2000
INTAKE_GOALS_LIMIT = 1000
INTAKE_NOTES_LIMIT = 4000
# Shown on the patient's phone: a few sentences.
RESTRICTION_NOTE_LIMIT = 500
PRIOR_INJURY_DESCRIPTION_LIMIT = 200
END_REQUEST_MESSAGE_LIMIT = 1000


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


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Whole years of age on ``day``."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def default_reminder_time():
    return dt.time(9, 0)


class PatientProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="patient_profile"
    )
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="patients")
    referral = models.OneToOneField(
        Referral, null=True, blank=True, on_delete=models.SET_NULL, related_name="patient"
    )
    birth_date = models.DateField(_("date of birth"))
    assigned_physio = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_patients",
        verbose_name=_("physiotherapist"),
    )
    treatment_phase = models.CharField(_("treatment phase"), max_length=8, choices=TreatmentPhase)
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    # Set by the physiotherapist. Only then does the check-in ask whether the line's site is
    # red, swollen or leaking (sessions_log.guidance, "line_site").
    has_central_line = models.BooleanField(_("has a port or PICC line"), default=False)
    # Reminders: the local time and ISO weekdays (1 = Monday ... 7 = Sunday) for check-ins.
    reminder_time = models.TimeField(_("reminder time"), default=default_reminder_time)
    reminder_days = models.CharField(_("reminder days"), max_length=7, default="1234567")
    reminders_enabled = models.BooleanField(_("reminders on"), default=True)
    email_opt_in = models.BooleanField(_("reminders by email"), default=True)
    sms_opt_in = models.BooleanField(_("reminders by SMS"), default=False)
    remind_checkin = models.BooleanField(_("check-in reminder"), default=True)
    remind_recovery = models.BooleanField(_("recovery question"), default=True)
    remind_inactivity = models.BooleanField(_("nudge after a quiet week"), default=True)
    remind_weekly = models.BooleanField(_("weekly summary"), default=True)
    privacy_accepted_at = models.DateTimeField(null=True, blank=True)
    # Written by the sessions_log app whenever the patient checks in or logs a session, so
    # that lists here can show it without importing that app.
    last_activity_at = models.DateTimeField(null=True, blank=True)
    # Written by the sessions_log app too (its plans feature, sessions_log.plans.review
    # .services.refresh_plan_adherence): the share, in per cent, of the training plan's sessions of the
    # last 14 days up to yesterday that the patient did (as planned or lighter), and when it
    # was worked out. Empty: no planned sessions in those days. The patient list sorts by it.
    plan_adherence = models.PositiveSmallIntegerField(
        _("training plan followed (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    plan_adherence_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = _("patient")
        verbose_name_plural = _("patients")
        constraints = [
            models.CheckConstraint(
                condition=Q(reminder_days__regex=r"^1?2?3?4?5?6?7?$"),
                name="patient_reminder_days_iso",
            ),
            models.CheckConstraint(
                condition=Q(plan_adherence__lte=100), name="patient_plan_adherence_percent"
            ),
        ]
        indexes = [models.Index(fields=["centre", "last_activity_at"], name="patient_activity")]

    def __str__(self) -> str:
        return str(self.user)

    def age_on(self, day: dt.date) -> int:
        return age_on(self.birth_date, day)

    def local_today(self) -> dt.date:
        return self.centre.local_today()


class IntakeConversation(models.Model):
    class Background(models.TextChoices):
        NEVER = "never", _("Never been active")
        OCCASIONALLY = "occasionally", _("Active now and then")
        REGULARLY = "regularly", _("Active every week")
        A_LOT = "a_lot", _("Trains a lot")

    patient = models.ForeignKey(PatientProfile, on_delete=models.CASCADE, related_name="intakes")
    physio = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date of the conversation"))
    activity_background = models.CharField(
        _("activity background"), max_length=16, choices=Background
    )
    goals = LimitedTextField(_("goals, in the patient's words"), max_length=INTAKE_GOALS_LIMIT)
    notes = LimitedTextField(_("notes"), max_length=INTAKE_NOTES_LIMIT, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-created_at"]
        constraints = [
            text_limit("goals", INTAKE_GOALS_LIMIT, name="intake_goals_limit"),
            text_limit("notes", INTAKE_NOTES_LIMIT, name="intake_notes_limit"),
        ]

    def __str__(self) -> str:
        return f"intake {self.held_on}"


def _active_on(day: dt.date) -> Q:
    """A restriction is in force from its first day to its last day, both included; one
    without an end date lasts until it is ended."""
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class RestrictionQuerySet(models.QuerySet):
    def active_on(self, day: dt.date):
        """Restrictions in force on ``day`` (both apps ask this; the one definition)."""
        return self.filter(_active_on(day))

    def with_state_on(self, day: dt.date):
        """Each restriction with ``state`` on ``day``: "active", "upcoming" or "ended"."""
        return self.annotate(
            state=Case(
                When(_active_on(day), then=Value("active")),
                When(starts_on__gt=day, then=Value("upcoming")),
                default=Value("ended"),
                output_field=models.CharField(),
            )
        )


class Restriction(models.Model):
    class Kind(models.TextChoices):
        AFTER_SURGERY = "after_surgery", _("After surgery")
        CARDIOTOXIC = "cardiotoxic", _("Heart-straining treatment")
        BONE_METASTASIS = "bone_metastasis", _("Bone metastasis")
        LYMPHOEDEMA = "lymphoedema", _("Lymphoedema")
        NEUROPATHY = "neuropathy", _("Neuropathy / balance")
        OTHER = "other", _("Other")

    patient = models.ForeignKey(
        PatientProfile, on_delete=models.CASCADE, related_name="restrictions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    body_area = models.CharField(_("body area"), max_length=20, choices=BodyArea, blank=True)
    max_rpe = models.PositiveSmallIntegerField(
        _("highest effort (Borg RPE)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(6), MaxValueValidator(20)],
    )
    max_heart_rate = models.PositiveSmallIntegerField(
        _("highest heart rate"),
        null=True,
        blank=True,
        validators=[MinValueValidator(60), MaxValueValidator(220)],
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    note = LimitedTextField(
        _("note for the patient"), max_length=RESTRICTION_NOTE_LIMIT, blank=True
    )
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_rpe__isnull=True) | Q(max_rpe__gte=6, max_rpe__lte=20),
                name="restriction_rpe_range",
            ),
            models.CheckConstraint(
                condition=Q(max_heart_rate__isnull=True)
                | Q(max_heart_rate__gte=60, max_heart_rate__lte=220),
                name="restriction_hr_range",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="restriction_ends_after_start",
            ),
            text_limit("note", RESTRICTION_NOTE_LIMIT, name="restriction_note_limit"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == self.Kind.AFTER_SURGERY:
            if not self.body_area:
                errors["body_area"] = _("Choose the body area that must not be loaded.")
            if not self.ends_on:
                errors["ends_on"] = _("Give the date until which the area must not be loaded.")
        if self.kind == self.Kind.CARDIOTOXIC and not (self.max_rpe or self.max_heart_rate):
            errors["max_rpe"] = _("Give a highest effort, a highest heart rate, or both.")
        if self.kind == self.Kind.BONE_METASTASIS and not self.body_area:
            errors["body_area"] = _("Choose the site of the metastasis.")
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end date must be on or after the start date.")
        if errors:
            raise ValidationError(errors)


class PriorInjury(models.Model):
    """The "weakest link": an old injury that may flare during treatment."""

    patient = models.ForeignKey(
        PatientProfile, on_delete=models.CASCADE, related_name="prior_injuries"
    )
    body_area = models.CharField(_("body area"), max_length=20, choices=BodyArea)
    description = models.CharField(_("description"), max_length=PRIOR_INJURY_DESCRIPTION_LIMIT)
    since_year = models.PositiveSmallIntegerField(
        _("since (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1920), MaxValueValidator(2100)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["body_area", "id"]
        verbose_name_plural = _("prior injuries")

    def __str__(self) -> str:
        return f"{self.get_body_area_display()}: {self.description}"


class ParticipationEndRequest(models.Model):
    """The patient asked, from their account page, to end their participation. Clinic staff
    see the open requests; deactivating the account settles the request, and so does staff
    marking it handled (the patient wants to go on after all). The patient may withdraw it."""

    patient = models.ForeignKey(
        PatientProfile, on_delete=models.CASCADE, related_name="end_requests"
    )
    message = LimitedTextField(
        _("message to the centre"), max_length=END_REQUEST_MESSAGE_LIMIT, blank=True
    )
    requested_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                "patient",
                condition=Q(withdrawn_at__isnull=True, handled_at__isnull=True),
                name="end_request_one_open_per_patient",
            ),
            text_limit("message", END_REQUEST_MESSAGE_LIMIT, name="end_request_message_limit"),
        ]

    def __str__(self) -> str:
        return f"end request {self.pk} for patient {self.patient_id}"

    @property
    def is_open(self) -> bool:
        return self.withdrawn_at is None and self.handled_at is None
