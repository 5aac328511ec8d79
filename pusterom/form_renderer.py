"""The site's form renderer (``FORM_RENDERER``): Django's, with the plainest widgets written
in Python.

Django renders each ``<input>`` and ``<textarea>`` through three small templates (the
widget's, ``input.html`` and ``attrs.html``), and a ``<select>`` through two more for each
option. On a sign-in page that was a quarter of the time it took to answer. These widgets
are written here instead, character for character as those templates write them
(``tests/pusterom/test_form_renderer.py`` compares the two over every input type, selects
with and without groups, and many values and attributes). Every other widget, and any widget
or option given a template of its own, still goes through Django's templates.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"
# The widget templates that are nothing but {% include "django/forms/widgets/input.html" %}.
INPUT_TEMPLATES = frozenset(
    f"{WIDGETS}{name}.html"
    for name in (
        "input",
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)
TEXTAREA_TEMPLATE = f"{WIDGETS}textarea.html"
SELECT_TEMPLATE = f"{WIDGETS}select.html"
OPTION_TEMPLATE = f"{WIDGETS}select_option.html"


def _formatted(value) -> str:
    """``{{ value|stringformat:'s' }}``: escaped unless it was marked safe."""
    text = str(value)  # what "%s" % value gives, tuples included (the filter wraps them)
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict) -> str:
    """``attrs.html``: False leaves an attribute out, True writes its name alone."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def input_html(widget: dict) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def textarea_html(widget: dict) -> str:
    value = widget["value"]
    text = conditional_escape(value) if value else ""
    name = conditional_escape(widget["name"])
    return f'<textarea name="{name}"{_attrs(widget["attrs"])}>\n{text}</textarea>'


def _shown(value) -> str:
    """``{{ value }}``: localized, then escaped unless marked safe."""
    return conditional_escape(localize(value))


def select_html(widget: dict) -> str | None:
    """``select.html`` and its options; None if an option has a template of its own."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            parts.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_shown(option['label'])}</option>\n"  # the option template's last line
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in INPUT_TEMPLATES:
            return mark_safe(input_html(context["widget"]))  # noqa: S308 - escaped above
        if template_name == TEXTAREA_TEMPLATE:
            return mark_safe(textarea_html(context["widget"]))  # noqa: S308 - escaped above
        if template_name == SELECT_TEMPLATE:
            html = select_html(context["widget"])
            if html is not None:
                return mark_safe(html)  # noqa: S308 - escaped above
        return super().render(template_name, context, request=request)
