"""Phone numbers the app shows or calls: parsed with ``phonenumbers`` (Norway unless the
number says otherwise), stored in E.164 (+4722934000, what a ``tel:`` link needs) and shown
the way people write them (22 93 40 00)."""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

REGION = "NO"


def _parse(value: str):
    try:
        number = phonenumbers.parse(value, REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def validate_phone_number(value: str) -> None:
    """A model field validator: any valid Norwegian or international number."""
    if value and _parse(value) is None:
        raise ValidationError(
            _("Enter a valid phone number, for example 22 93 40 00 or +46 8 123 456 78."),
            code="invalid_phone",
        )


def normalise(value: str) -> str:
    """The number in E.164, or the value unchanged when it is empty or not a valid number
    (the validator reports those)."""
    number = _parse(value) if value else None
    if number is None:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display(value: str) -> str:
    """A stored number as people write it: national format for Norway, international else."""
    number = _parse(value) if value else None
    if number is None:
        return value
    same_country = phonenumbers.region_code_for_number(number) == REGION
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if same_country
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)
