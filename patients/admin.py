"""The admin's pages for referrals, invitations, patients, intake conversations, restrictions
and prior injuries."""

from django.contrib import admin

from patients import models
from pusterom.admin_audit import PatientDataAdmin

# Every page here shows a patient's personal or health data: each is audited for the patients
# it shows (pusterom.admin_audit).


@admin.register(models.Referral)
class ReferralAdmin(PatientDataAdmin):
    list_display = ["__str__", "centre", "status", "received_on"]
    list_filter = ["centre", "status"]
    search_fields = ["first_name", "last_name", "email"]


@admin.register(models.PatientProfile)
class PatientProfileAdmin(PatientDataAdmin):
    patient_user = "user"
    list_display = ["__str__", "centre", "assigned_physio", "last_activity_at"]
    list_select_related = ["user", "centre", "assigned_physio"]
    list_filter = ["centre"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    raw_id_fields = ["user", "referral", "assigned_physio"]


@admin.register(models.Invitation)
class InvitationAdmin(PatientDataAdmin):
    patient_user = "referral__patient__user"
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


@admin.register(models.IntakeConversation)
class IntakeConversationAdmin(PatientDataAdmin):
    list_display = ["patient", "physio", "held_on", "activity_background"]
    raw_id_fields = ["patient", "physio"]


@admin.register(models.Restriction)
class RestrictionAdmin(PatientDataAdmin):
    list_display = ["patient", "kind", "body_area", "starts_on", "ends_on"]
    list_filter = ["kind"]
    raw_id_fields = ["patient", "set_by"]


@admin.register(models.PriorInjury)
class PriorInjuryAdmin(PatientDataAdmin):
    list_display = ["patient", "body_area", "description", "since_year"]
    raw_id_fields = ["patient"]
