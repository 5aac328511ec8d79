"""Clinic staff's forms: registering a referral, searching the list, closing a referral.
Forms check what was typed; rules that need the database live in services."""

from __future__ import annotations

import datetime as dt

import phonenumbers
from django import forms
from django.utils.translation import gettext_lazy as _

from patients.forms.widgets import DateInput
from patients.models import REFERRAL_REASON_LIMIT, Referral, TreatmentPhase, age_on
from pusterom.forms import LimitMessagesMixin

# Plausible ages for a referral to an adult training centre.
MIN_AGE = 16
MAX_AGE = 110


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
        age = age_on(value, self.today)
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
