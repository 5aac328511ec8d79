from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from pusterom.models import AuditEvent, Centre, User


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "city", "timezone", "phone_display", "ward_phone_display"]
    search_fields = ["name", "city", "region"]
    fields = ["name", "region", "city", "timezone", "phone", "ward_phone"]

    @admin.display(description=_("phone number"))
    def phone_display(self, centre):
        return centre.phone_display

    @admin.display(description=_("oncology ward's 24-hour number"))
    def ward_phone_display(self, centre):
        return centre.ward_phone_display


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "centre", "is_active"]
    list_filter = ["role", "centre", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "language"]}),
        (_("Role"), {"fields": ["role", "centre"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "role", "centre", "password1", "password2"]}),
    ]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "patient", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
