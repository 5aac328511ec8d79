from django.contrib import admin

from patients.models import (
    IntakeConversation,
    Invitation,
    PatientProfile,
    PriorInjury,
    Referral,
    Restriction,
)


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ["__str__", "centre", "status", "received_on"]
    list_filter = ["centre", "status"]
    search_fields = ["first_name", "last_name", "email"]


@admin.register(PatientProfile)
class PatientProfileAdmin(admin.ModelAdmin):
    list_display = ["__str__", "centre", "assigned_physio", "last_activity_at"]
    list_filter = ["centre"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    raw_id_fields = ["user", "referral", "assigned_physio"]


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
class IntakeConversationAdmin(admin.ModelAdmin):
    list_display = ["patient", "physio", "held_on", "activity_background"]
    raw_id_fields = ["patient", "physio"]


@admin.register(Restriction)
class RestrictionAdmin(admin.ModelAdmin):
    list_display = ["patient", "kind", "body_area", "starts_on", "ends_on"]
    list_filter = ["kind"]
    raw_id_fields = ["patient", "set_by"]


@admin.register(PriorInjury)
class PriorInjuryAdmin(admin.ModelAdmin):
    list_display = ["patient", "body_area", "description", "since_year"]
    raw_id_fields = ["patient"]
