from allauth.account import admin as _allauth_account_admin  # registers EmailAddress first
from allauth.account.models import EmailAddress
from allauth.mfa import admin as _allauth_mfa_admin  # registers Authenticator first
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from pusterom.accounts import CannotChangeOwnAccount, deactivate_account, reactivate_account
from pusterom.admin_audit import PatientDataAdmin
from pusterom.audit import SAFE_METHODS
from pusterom.forms import LimitMessagesMixin
from pusterom.models import ACCOUNT_REASON_LIMIT, AccountStatusChange, AuditEvent, Centre, User


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
class UserAdmin(PatientDataAdmin, BaseUserAdmin):
    """A patient's user is their name and email: its pages are audited for the patient
    (``pusterom.admin_audit``); a clinician's write nothing."""

    patient_user = None
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
    # An account is closed or opened with the actions below, so that each change keeps who,
    # when and why (AccountStatusChange); the tick box would keep none of that.
    readonly_fields = ["is_active"]
    actions = ["deactivate_clinicians", "reactivate_clinicians"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method in SAFE_METHODS and response.status_code == 200:
            self._read(request, id, "_password")
        return response

    @admin.action(description=_("Close the accounts of clinicians who leave"))
    def deactivate_clinicians(self, request, queryset):
        """For physiotherapists and clinic staff. A patient's account is closed by the clinic
        staff of their centre, which also settles the patient's request to end."""
        clinicians = [u for u in queryset if u.is_clinician and u.is_active]
        form = AdminReasonForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            done = 0
            for user in clinicians:
                try:
                    if deactivate_account(
                        user=user, by=request.user, reason=form.cleaned_data["reason"]
                    ):
                        done += 1
                except CannotChangeOwnAccount:
                    pass
            self.message_user(
                request,
                ngettext("%(count)s account closed.", "%(count)s accounts closed.", done)
                % {"count": done},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/pusterom/user/deactivate.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "form": form,
                "clinicians": clinicians,
                "skipped": len(queryset) - len(clinicians),
                "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
                "action": "deactivate_clinicians",
            },
        )

    @admin.action(description=_("Open the accounts of clinicians again"))
    def reactivate_clinicians(self, request, queryset):
        done = sum(
            1
            for user in queryset
            if user.is_clinician
            and user.pk != request.user.pk
            and reactivate_account(user=user, by=request.user)
        )
        self.message_user(
            request,
            ngettext("%(count)s account opened.", "%(count)s accounts opened.", done)
            % {"count": done},
            messages.SUCCESS,
        )


class AdminReasonForm(LimitMessagesMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why are the accounts closed?"),
        max_length=ACCOUNT_REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReadOnlyAdmin:
    """A record kept as it was written: the admin shows it and never adds, changes or deletes
    one."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccountStatusChange)
class AccountStatusChangeAdmin(ReadOnlyAdmin, PatientDataAdmin):
    patient_user = "user"
    list_display = ["at", "user", "active", "by"]
    list_filter = ["active"]
    raw_id_fields = ["user", "by"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """The audit log names patients by number only, so that reading it shows no one's data
    (who read whom is looked up by the patient's number)."""

    list_display = ["at", "actor", "patient_number", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["=patient__id"]
    date_hierarchy = "at"
    fields = ["at", "actor", "patient_number", "action", "object_type", "object_id", "ip"]
    readonly_fields = fields

    @admin.display(description=_("patient number"), ordering="patient_id")
    def patient_number(self, event):
        return event.patient_id


# allauth's own admin pages for email addresses and authenticators name their user: audited
# for patients like every other page that shows one.
admin.site.unregister(EmailAddress)
admin.site.unregister(Authenticator)


@admin.register(EmailAddress)
class EmailAddressAdmin(PatientDataAdmin, _allauth_account_admin.EmailAddressAdmin):
    patient_user = "user"


@admin.register(Authenticator)
class AuthenticatorAdmin(PatientDataAdmin, _allauth_mfa_admin.AuthenticatorAdmin):
    patient_user = "user"
