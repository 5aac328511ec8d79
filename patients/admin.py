from django.contrib import admin
from django.contrib.admin.utils import unquote

from patients.models import (
    IntakeConversation,
    Invitation,
    PatientProfile,
    PriorInjury,
    Referral,
    Restriction,
)
from pusterom.audit import record_read
from pusterom.models import AuditEvent


class AuditedAdmin(admin.ModelAdmin):
    """Opening a patient's record here is a read by someone else, like a clinician's: audited,
    so the patient's "who has seen my data" page is complete."""

    def patient_user(self, obj):
        return obj.patient.user

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        user = self.patient_user(obj) if obj is not None else None
        if user is not None and self.has_view_or_change_permission(request, obj):
            record_read(
                request,
                patient_user=user,
                object_type=f"admin_{self.opts.model_name}",
                object_id=obj.pk,
                action=AuditEvent.Action.VIEW
                if request.method == "GET"
                else AuditEvent.Action.CHANGE,
            )
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Referral)
class ReferralAdmin(AuditedAdmin):
    list_display = ["__str__", "centre", "status", "received_on"]
    list_filter = ["centre", "status"]
    search_fields = ["first_name", "last_name", "email"]

    def patient_user(self, obj):
        patient = getattr(obj, "patient", None)
        return patient.user if patient is not None else None


@admin.register(PatientProfile)
class PatientProfileAdmin(AuditedAdmin):
    list_display = ["__str__", "centre", "assigned_physio", "last_activity_at"]
    list_filter = ["centre"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    raw_id_fields = ["user", "referral", "assigned_physio"]

    def patient_user(self, obj):
        return obj.user


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["referral", "created_at", "expires_at", "accepted_at", "revoked_at"]
    exclude = ["token_hash"]
    readonly_fields = [
        "referral",
        "created_by",
        "created_at",
        "expires_at",
        "sent_at",
        "accepted_at",
        "revoked_at",
    ]


@admin.register(IntakeConversation)
class IntakeConversationAdmin(AuditedAdmin):
    list_display = ["patient", "physio", "held_on", "activity_background"]
    raw_id_fields = ["patient", "physio"]


@admin.register(Restriction)
class RestrictionAdmin(AuditedAdmin):
    list_display = ["patient", "kind", "body_area", "starts_on", "ends_on"]
    list_filter = ["kind"]
    raw_id_fields = ["patient", "set_by"]


@admin.register(PriorInjury)
class PriorInjuryAdmin(AuditedAdmin):
    list_display = ["patient", "body_area", "description", "since_year"]
    raw_id_fields = ["patient"]
