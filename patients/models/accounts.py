"""The patient's request to end their participation (closing accounts:
patients.services_accounts)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patients.models.profiles import PatientProfile
from pusterom.fields import LimitedTextField, text_limit

# Limits for free text, in characters. The form says each one next to its field.
END_REQUEST_MESSAGE_LIMIT = 1000


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
