"""What every form of the product shares."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

TOO_LONG = _(
    "The text is too long: at most %(limit_value)s characters, and it has %(show_value)s. "
    "Shorten it – your text is still here."
)


class LimitMessagesMixin:
    """Every text field with a limit says, when the limit is passed, by how much, in plain
    words; a message a form gives itself for ``max_length`` wins."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if getattr(field, "max_length", None) and "max_length" not in field.error_messages:
                field.error_messages["max_length"] = TOO_LONG
