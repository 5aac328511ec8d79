"""Core models: who people are and where they belong. The core knows no app."""

from __future__ import annotations

import zoneinfo

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pusterom import phones
from pusterom.fields import LimitedTextField, text_limit
from pusterom.phones import validate_phone_number

ACCOUNT_REASON_LIMIT = 1000


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone."), code="invalid")


class Centre(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    region = models.CharField(_("health region"), max_length=120)
    city = models.CharField(_("city"), max_length=120)
    timezone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Oslo", validators=[validate_timezone]
    )
    # Shown to patients when the day's advice says who to call (sessions_log.guidance's
    # urgency): the centre for "contact today", the ward for "call now". Stored in E.164.
    phone = models.CharField(
        _("phone number"),
        max_length=20,
        blank=True,
        validators=[validate_phone_number],
        help_text=_("The centre's own number. Patients see it when they should call today."),
    )
    ward_phone = models.CharField(
        _("oncology ward's 24-hour number"),
        max_length=20,
        blank=True,
        validators=[validate_phone_number],
        help_text=_(
            "Open day and night. Patients see it when they should call now, for example with "
            "a fever during treatment."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("centre")
        verbose_name_plural = _("centres")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        self.phone = phones.normalise(self.phone.strip())
        self.ward_phone = phones.normalise(self.ward_phone.strip())

    @property
    def phone_display(self) -> str:
        return phones.display(self.phone)

    @property
    def ward_phone_display(self) -> str:
        return phones.display(self.ward_phone)

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def local_now(self):
        return timezone.localtime(timezone.now(), self.tzinfo)

    def local_today(self):
        return self.local_now().date()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, role=User.Role.ADMIN)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    class Role(models.TextChoices):
        PATIENT = "patient", _("Patient")
        PHYSIO = "physio", _("Physiotherapist")
        STAFF = "staff", _("Clinic staff")
        ADMIN = "admin", _("Administrator")

    class Language(models.TextChoices):
        NB = "nb", _("Norwegian Bokmål")
        EN = "en", _("English")

    email = models.EmailField(_("email address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role)
    # Physiotherapists and clinic staff belong to one centre; a patient's centre is on
    # their profile (patients app), admins belong to none.
    centre = models.ForeignKey(
        Centre,
        verbose_name=_("centre"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    language = models.CharField(_("language"), max_length=8, choices=Language, default=Language.NB)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("can use the admin site"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role__in=["physio", "staff"], centre__isnull=False)
                    | Q(role__in=["patient", "admin"], centre__isnull=True)
                ),
                name="user_centre_matches_role",
            ),
        ]
        # The patient list is sorted by name: with this index a page of it reads its 50
        # patients in order instead of sorting the whole centre.
        indexes = [models.Index(fields=["last_name", "first_name"], name="user_name")]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        self.email = (self.email or "").strip().lower()
        if self.role in (self.Role.PHYSIO, self.Role.STAFF) and not self.centre_id:
            raise ValidationError({"centre": _("Physiotherapists and clinic staff need a centre.")})
        if self.role in (self.Role.PATIENT, self.Role.ADMIN) and self.centre_id:
            raise ValidationError(
                {"centre": _("Only physiotherapists and clinic staff have a centre here.")}
            )

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email

    @property
    def is_patient(self) -> bool:
        return self.role == self.Role.PATIENT

    @property
    def is_physio(self) -> bool:
        return self.role == self.Role.PHYSIO

    @property
    def is_clinic_staff(self) -> bool:
        return self.role == self.Role.STAFF

    @property
    def is_clinician(self) -> bool:
        return self.role in (self.Role.PHYSIO, self.Role.STAFF)


class AuditEvent(models.Model):
    """Who read or exported whose health data. Never the health values themselves."""

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        EXPORT = "export", _("exported")
        CHANGE = "change", _("changed")

    actor = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="audit_events_made"
    )
    patient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="audit_events")
    action = models.CharField(max_length=16, choices=Action)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    # A read's window (``pusterom.audit.READ_WINDOW``): one read row per reader, patient and
    # window, kept by the unique constraint below even when two requests write at once.
    # Empty for changes and exports, which are never merged.
    read_window = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["patient", "-at"], name="audit_patient_at")]
        constraints = [
            models.UniqueConstraint(
                fields=["actor", "patient", "read_window"],
                condition=Q(read_window__isnull=False),
                name="audit_one_read_per_window",
            )
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.action} {self.object_type}:{self.object_id}"


class OutgoingEmail(models.Model):
    """One email waiting to go out, or sent (see ``pusterom.outbox``).

    Every email the site sends is written here first, in the request's own transaction;
    a Celery worker hands it to the mail server. ``message`` is the whole message as it goes
    out (RFC 5322 bytes, with its Message-ID), emptied once the server has taken it, since
    it may hold a sign-in or invitation link.
    """

    created_at = models.DateTimeField(default=timezone.now)
    from_email = models.CharField(max_length=320)
    recipients = models.JSONField(default=list)
    message = models.BinaryField()
    message_id = models.CharField(max_length=255, blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(sent_at__isnull=True, failed_at__isnull=True),
                name="outgoing_email_waiting",
            )
        ]

    def __str__(self) -> str:
        return f"email {self.pk}"


class Heartbeat(models.Model):
    """When a background process was last seen working (``pusterom.heartbeat``): each worker
    (``worker:<host name>``), the beat (``beat``) and the reminder dispatcher (``dispatcher``)."""

    name = models.CharField(max_length=200, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} {self.seen_at:%Y-%m-%d %H:%M:%S}"


class AccountStatusChange(models.Model):
    """An account switched off (deactivated) or on again, by whom, when and why.

    ``User.is_active`` is the state; these rows are its history and are never deleted. A
    deactivated account keeps all its data (Norwegian health-record rules): it cannot sign in,
    its open sessions end, and reminders stop, because the reminder dispatcher reaches active
    accounts only.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="status_changes")
    active = models.BooleanField(_("active after the change"))
    reason = LimitedTextField(_("reason"), max_length=ACCOUNT_REASON_LIMIT, blank=True)
    by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("account status change")
        verbose_name_plural = _("account status changes")
        constraints = [
            text_limit("reason", ACCOUNT_REASON_LIMIT, name="account_change_reason_limit"),
            models.CheckConstraint(
                condition=Q(active=True) | ~Q(reason=""), name="account_deactivation_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"user {self.user_id} {'on' if self.active else 'off'} {self.at:%Y-%m-%d}"
