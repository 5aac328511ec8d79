"""The patient creates their account from the invitation link."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from patients.models import Referral
from pusterom.forms import LimitMessagesMixin
from pusterom.models import User


class AcceptInvitationForm(LimitMessagesMixin, forms.Form):
    """The patient creates their account from the invitation link."""

    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter a valid email address, like name@example.no."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    email_confirmed = forms.BooleanField(
        label=_("This is my email address."),
        error_messages={"required": _("Tick the box if this is your email address.")},
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters. A few words in a row are easy to remember."),
        error_messages={"required": _("Choose a password.")},
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Type the password again.")},
    )
    privacy_accepted = forms.BooleanField(
        label=_("I have read the privacy notice and agree that Pusterom stores my information."),
        error_messages={"required": _("Tick the box to accept the privacy notice.")},
    )

    def __init__(self, *args, referral: Referral, **kwargs):
        self.referral = referral
        super().__init__(*args, **kwargs)
        if referral.email:
            # The link came to this address: show it, don't let it change.
            del self.fields["email"]
            self.fields["email_confirmed"].label = _("%(email)s is my email address.") % {
                "email": referral.email
            }
        else:
            del self.fields["email_confirmed"]

    @property
    def account_email(self) -> str:
        if self.referral.email:
            return self.referral.email
        return self.cleaned_data.get("email", "")

    def clean_email(self):
        value = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=value).exists():
            raise forms.ValidationError(
                _("This email address already has an account. Contact your centre for help."),
                code="email_taken",
            )
        return value

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error(
                "password2",
                forms.ValidationError(_("The two passwords are not the same."), code="mismatch"),
            )
        elif password1:
            probe = User(
                email=self.account_email,
                first_name=self.referral.first_name,
                last_name=self.referral.last_name,
                role=User.Role.PATIENT,
            )
            try:
                password_validation.validate_password(password1, user=probe)
            except forms.ValidationError as exc:
                self.add_error("password1", [self._plain(error) for error in exc.error_list])
        return cleaned

    # Django's validators decide; the patient reads our own, kinder words for them.
    PASSWORD_MESSAGES = {
        "password_too_short": _("Choose a longer password: at least 10 characters."),
        "password_too_common": _("This password is used by many people. Choose another one."),
        "password_entirely_numeric": _("Use some letters too, not only numbers."),
        "password_too_similar": _("The password is too like your name or email. Choose another."),
    }

    def _plain(self, error: forms.ValidationError) -> forms.ValidationError:
        message = self.PASSWORD_MESSAGES.get(error.code)
        return forms.ValidationError(message, code=error.code) if message else error
