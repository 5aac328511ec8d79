"""Forms for referrals, the invitation, the intake conversation, restrictions and prior
injuries. Forms check what was typed; rules that need the database live in services."""

from __future__ import annotations

import datetime as dt

import phonenumbers
from django import forms
from django.contrib.auth import password_validation
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patients.models import (
    REFERRAL_REASON_LIMIT,
    BodyArea,
    IntakeConversation,
    PriorInjury,
    Referral,
    Restriction,
    TreatmentPhase,
)
from pusterom.forms import LimitMessagesMixin
from pusterom.models import User

# Plausible ages for a referral to an adult training centre.
MIN_AGE = 16
MAX_AGE = 110


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def normalise_phone(value: str) -> str:
    """A Norwegian or international mobile number in E.164 (+4791234567), or ValidationError."""
    try:
        number = phonenumbers.parse(value, "NO")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise forms.ValidationError(
            _("Enter a valid mobile number, for example 912 34 567 or +46 70 123 45 67."),
            code="invalid_phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


class ReferralForm(LimitMessagesMixin, forms.ModelForm):
    class Meta:
        model = Referral
        fields = [
            "first_name",
            "last_name",
            "birth_date",
            "email",
            "phone",
            "referring_doctor",
            "doctor_hpr_number",
            "referring_unit",
            "diagnosis_code",
            "diagnosis_text",
            "treatment_phase",
            "received_on",
            "notes",
        ]
        widgets = {
            "birth_date": DateInput(),
            "received_on": DateInput(),
            "treatment_phase": forms.RadioSelect,
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "doctor_hpr_number": forms.TextInput(attrs={"inputmode": "numeric"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "phone": _("Norwegian numbers as they are; other countries with + and country code."),
            "doctor_hpr_number": _("7 to 9 digits."),
            "email": _("Give an email address, a mobile number, or both."),
        }
        error_messages = {
            "doctor_hpr_number": {
                "required": _("Enter the doctor's HPR number."),
                "max_length": _("The HPR number is 7 to 9 digits, with no letters."),
            },
            "first_name": {"required": _("Enter the patient's first name.")},
            "last_name": {"required": _("Enter the patient's last name.")},
            "birth_date": {
                "required": _("Enter the date of birth."),
                "invalid": _("Enter the date of birth as a date, for example 17.05.1960."),
            },
            "email": {"invalid": _("Enter a valid email address, like name@example.no.")},
            "referring_doctor": {"required": _("Enter the name of the referring doctor.")},
            "referring_unit": {"required": _("Enter the referring unit.")},
            "diagnosis_text": {"required": _("Enter the diagnosis.")},
            "treatment_phase": {"required": _("Choose the treatment phase.")},
            "received_on": {
                "required": _("Enter the date the referral was received."),
                "invalid": _("Enter the date as a date, for example 01.03.2026."),
            },
        }

    def __init__(self, *args, today: dt.date, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("received_on"):
            self.initial["received_on"] = today
        self.fields["treatment_phase"].choices = TreatmentPhase.choices
        self.fields["first_name"].widget.attrs["autocomplete"] = "off"
        self.fields["last_name"].widget.attrs["autocomplete"] = "off"
        self.fields["email"].widget.attrs["autocomplete"] = "off"

    def clean_first_name(self):
        return self.cleaned_data["first_name"].strip()

    def clean_last_name(self):
        return self.cleaned_data["last_name"].strip()

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        return normalise_phone(value) if value else ""

    def clean_doctor_hpr_number(self):
        value = self.cleaned_data["doctor_hpr_number"].replace(" ", "")
        if not (value.isascii() and value.isdigit()) or not 7 <= len(value) <= 9:
            raise forms.ValidationError(
                _("The HPR number is 7 to 9 digits, with no letters."), code="invalid_hpr"
            )
        return value

    def clean_diagnosis_code(self):
        return self.cleaned_data["diagnosis_code"].strip().upper()

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        if value >= self.today:
            raise forms.ValidationError(
                _("The date of birth must be in the past."), code="future_birth_date"
            )
        age = _age_on(value, self.today)
        if not MIN_AGE <= age <= MAX_AGE:
            raise forms.ValidationError(
                _("Check the date of birth: the patient would be %(age)s years old."),
                code="implausible_birth_date",
                params={"age": age},
            )
        return value

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > self.today:
            raise forms.ValidationError(
                _("The date received cannot be in the future."), code="future_received_on"
            )
        return value

    def clean(self):
        cleaned = super().clean()
        if (
            "email" in cleaned
            and "phone" in cleaned
            and not cleaned.get("email")
            and not cleaned.get("phone")
        ):
            self.add_error(
                "email",
                forms.ValidationError(
                    _("Give an email address or a mobile number, so we can invite the patient."),
                    code="no_contact",
                ),
            )
        return cleaned

    def validate_unique(self):
        # Duplicates are looked for by the service, which can link to the existing referral.
        pass

    def validate_constraints(self, exclude=None):
        pass


class ReferralSearchForm(LimitMessagesMixin, forms.Form):
    q = forms.CharField(
        label=_("Search by name"), required=False, max_length=100, widget=forms.SearchInput
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))] + list(Referral.Status.choices),
    )


class ReferralOutcomeForm(LimitMessagesMixin, forms.Form):
    """Close a referral, or mark it declined, with a reason."""

    status = forms.ChoiceField(
        label=_("What happened?"),
        widget=forms.RadioSelect,
        choices=[
            (Referral.Status.DECLINED, _("The patient declined")),
            (Referral.Status.CLOSED, _("Close the referral")),
        ],
        error_messages={"required": _("Choose declined or closed.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REFERRAL_REASON_LIMIT,
        error_messages={"required": _("Give a short reason.")},
    )

    def __init__(self, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        field.choices = [c for c in field.choices if c[0] in allowed]

    def clean_reason(self):
        value = self.cleaned_data["reason"].strip()
        if not value:
            raise forms.ValidationError(_("Give a short reason."), code="required")
        return value


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


class IntakeForm(LimitMessagesMixin, forms.ModelForm):
    class Meta:
        model = IntakeConversation
        fields = ["held_on", "activity_background", "goals", "notes"]
        widgets = {
            "held_on": DateInput(),
            "activity_background": forms.RadioSelect,
            "goals": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "held_on": {
                "required": _("Enter the date of the conversation."),
                "invalid": _("Enter the date as a date, for example 01.03.2026."),
            },
            "activity_background": {"required": _("Choose how active the patient has been.")},
            "goals": {"required": _("Write the patient's goals, in their own words.")},
        }

    def __init__(self, *args, today: dt.date, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)
        self.fields["activity_background"].choices = IntakeConversation.Background.choices
        if not self.is_bound:
            self.initial.setdefault("held_on", today)

    def clean_held_on(self):
        value = self.cleaned_data["held_on"]
        if value > self.today:
            raise forms.ValidationError(
                _("The conversation cannot be in the future."), code="future"
            )
        return value


class RestrictionForm(LimitMessagesMixin, forms.ModelForm):
    class Meta:
        model = Restriction
        fields = ["kind", "body_area", "max_rpe", "max_heart_rate", "starts_on", "ends_on", "note"]
        widgets = {
            "kind": forms.RadioSelect,
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "max_rpe": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "max_heart_rate": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "body_area": _("Needed after surgery and for bone metastasis."),
            "max_rpe": _("6 to 20. For example 13 = somewhat hard."),
            "max_heart_rate": _("Beats a minute, 60 to 220."),
            "ends_on": _("Leave empty if it lasts until you end it."),
            "note": _("The patient sees this note."),
        }
        error_messages = {
            "kind": {"required": _("Choose the kind of restriction.")},
            "starts_on": {
                "required": _("Enter the date the restriction starts."),
                "invalid": _("Enter the date as a date, for example 01.03.2026."),
            },
            "ends_on": {"invalid": _("Enter the date as a date, for example 01.03.2026.")},
            "max_rpe": {
                "min_value": _("The Borg scale goes from 6 to 20."),
                "max_value": _("The Borg scale goes from 6 to 20."),
                "invalid": _("Enter a whole number from 6 to 20."),
            },
            "max_heart_rate": {
                "min_value": _("Enter a heart rate from 60 to 220."),
                "max_value": _("Enter a heart rate from 60 to 220."),
                "invalid": _("Enter a whole number from 60 to 220."),
            },
        }

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Restriction.Kind.choices
        self.fields["body_area"].choices = [("", _("Choose a body area"))] + BodyArea.choices
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("starts_on", today)


class PriorInjuryForm(LimitMessagesMixin, forms.ModelForm):
    class Meta:
        model = PriorInjury
        fields = ["body_area", "description", "since_year"]
        widgets = {"since_year": forms.NumberInput(attrs={"inputmode": "numeric"})}
        help_texts = {"description": _("For example: old meniscus injury, tennis elbow.")}
        error_messages = {
            "body_area": {"required": _("Choose the body area.")},
            "description": {"required": _("Describe the injury in a few words.")},
            "since_year": {
                "min_value": _("Enter a year from 1920 onwards."),
                "max_value": _("The year cannot be in the future."),
                "invalid": _("Enter a year, for example 2015."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body_area"].choices = [("", _("Choose a body area"))] + BodyArea.choices

    def clean_since_year(self):
        value = self.cleaned_data["since_year"]
        if value and value > timezone.localdate().year:
            raise forms.ValidationError(_("The year cannot be in the future."), code="future")
        return value
