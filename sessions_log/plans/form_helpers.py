"""What the training-plan forms share: the number field with plain error messages, the
units a dose is counted in, and a service's ValidationError put on the form it came from."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

UNITS = [
    ("reps", _("repetitions")),
    ("seconds", _("seconds")),
    ("minutes", _("minutes")),
]


def number_field(label, *, low, high, required=True, help_text="", error=""):
    messages = {
        "required": error or _("Enter a number."),
        "invalid": error or _("Enter a whole number."),
        "min_value": _("Enter %(limit_value)s or more."),
        "max_value": _("Enter %(limit_value)s or less."),
    }
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        required=required,
        help_text=help_text,
        error_messages=messages,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


def add_errors(form, exc: ValidationError) -> None:
    """A service's ValidationError on ``form``: by field where the form has the field."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
