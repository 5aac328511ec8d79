"""Form rendering helpers for templates/partials/field.html.

A text field with a limit says so next to it ("Up to 500 characters.") and, with JavaScript,
counts down as the person types (static/js/pusterom.js). The browser's own ``maxlength`` is
left out on purpose: it cuts pasted text without a word. The server checks the limit instead
and sends the text back with a message, so nothing is ever cut silently.
"""

from __future__ import annotations

from django import forms, template
from django.utils.translation import ngettext

register = template.Library()

# Shorter limits belong to codes (an HPR number, an ICD-10 code) whose help text gives their
# format; those get no counter, but the browser does not cut them either.
COUNTER_FROM = 50


def _is_text(bound_field) -> bool:
    widget = bound_field.field.widget
    if isinstance(widget, forms.Textarea):
        return True
    return isinstance(widget, forms.TextInput) and widget.attrs.get("type", "text") == "text"


@register.simple_tag
def text_limit(bound_field) -> int | None:
    """The limit to show and count for this field, or None."""
    limit = getattr(bound_field.field, "max_length", None)
    if limit and limit >= COUNTER_FROM and _is_text(bound_field):
        return int(limit)
    return None


@register.simple_tag
def limited_widget(bound_field, limit=None):
    """The field's widget without the browser's ``maxlength``; with ``limit``, it carries the
    limit for the counter script and points to the limit's hint."""
    attrs: dict = {}
    if getattr(bound_field.field, "max_length", None) and _is_text(bound_field):
        attrs["maxlength"] = False  # left out of the HTML
    if limit:
        attrs["data-maxlength"] = limit
        described = [bound_field.aria_describedby or "", f"{bound_field.auto_id}_limit"]
        attrs["aria-describedby"] = " ".join(part for part in described if part)
    return bound_field.as_widget(attrs=attrs)


@register.simple_tag
def counter_texts() -> dict:
    """What the counter says, in the active language; {n} is filled in by the script."""
    return {
        "left_one": ngettext("You have %(n)s character left", "You have %(n)s characters left", 1)
        % {"n": "{n}"},
        "left_other": ngettext("You have %(n)s character left", "You have %(n)s characters left", 2)
        % {"n": "{n}"},
        "over_one": ngettext(
            "You have %(n)s character too many", "You have %(n)s characters too many", 1
        )
        % {"n": "{n}"},
        "over_other": ngettext(
            "You have %(n)s character too many", "You have %(n)s characters too many", 2
        )
        % {"n": "{n}"},
    }
