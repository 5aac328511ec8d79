"""Form rendering helpers for templates/partials/field.html: choices as chips, and text
limits.

A text field with a limit says so next to it ("Up to 500 characters.") and, with JavaScript,
counts down as the person types (static/js/pusterom.js). The browser's own ``maxlength`` is
left out on purpose: it cuts pasted text without a word. The server checks the limit instead
and sends the text back with a message, so nothing is ever cut silently.
"""

from __future__ import annotations

from django import forms, template
from django.utils.translation import ngettext

from pusterom.markup import format_html, format_html_join

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


@register.simple_tag
def chips(choices, wide_empty=False):
    """The options of a radio or checkbox field (a bound field, or some of its options) as
    chips (``<label class="chip">`` around the input and its words), each input exactly as
    Django's widget templates write it; ``wide_empty`` widens the chip of the empty choice.
    Built here rather than through those templates: a check-in has about 90 options, and
    three template includes an option were most of the page's time (``make bench``)."""
    return format_html_join(
        "",
        '<label class="chip{}" for="{}"><input type="{}" name="{}"{}{}>'
        '<span class="chip__text">{}</span></label>',
        (
            (
                " chip--wide" if wide_empty and choice.data["value"] in ("", None) else "",
                choice.id_for_label,
                choice.data["type"],
                choice.data["name"],
                format_html(' value="{}"', choice.data["value"])
                if choice.data["value"] is not None
                else "",
                _attrs(choice.data["attrs"]),
                choice.choice_label,
            )
            for choice in choices
        ),
    )


def _attrs(attrs: dict):
    """``django/forms/widgets/attrs.html``: True as a bare name, False left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )
