"""Forms for closing and opening accounts, and for a patient's request to end."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from patients.models import END_REQUEST_MESSAGE_LIMIT
from pusterom.forms import LimitMessagesMixin
from pusterom.models import ACCOUNT_REASON_LIMIT


class DeactivateForm(LimitMessagesMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is the account closed?"),
        help_text=_("For example: the patient has moved, or has finished the programme."),
        max_length=ACCOUNT_REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a short reason.")},
    )

    def clean_reason(self):
        value = self.cleaned_data["reason"].strip()
        if not value:
            raise forms.ValidationError(_("Give a short reason."), code="required")
        return value


class ReactivateForm(LimitMessagesMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is the account opened again?"),
        required=False,
        max_length=ACCOUNT_REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EndRequestForm(LimitMessagesMixin, forms.Form):
    message = forms.CharField(
        label=_("Anything you want to tell the centre?"),
        help_text=_("For example why, or when it suits you to be called."),
        required=False,
        max_length=END_REQUEST_MESSAGE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
