"""pusterom.form_renderer writes inputs, textareas and selects as Django's templates do."""

import datetime as dt
import itertools

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from pusterom.form_renderer import INPUT_TEMPLATES, FormRenderer

DJANGO = DjangoTemplates()
OURS = FormRenderer()

INPUT_WIDGETS = [
    forms.TextInput,
    forms.EmailInput,
    forms.PasswordInput,
    forms.NumberInput,
    forms.DateInput,
    forms.DateTimeInput,
    forms.TimeInput,
    forms.HiddenInput,
    forms.URLInput,
    forms.SearchInput,
    forms.TelInput,
    forms.ColorInput,
    forms.FileInput,
    forms.CheckboxInput,
]
VALUES = [
    None,
    "",
    0,
    12,
    3.5,
    "plain",
    "a \"quoted\" <b>bold</b> & 'single'",
    mark_safe("<i>safe</i>"),  # noqa: S308 - what a caller may pass
    dt.date(2026, 11, 30),
    dt.datetime(2026, 11, 30, 7, 5),
    "line one\nline two  ",
    ("a", 1),
]
ATTRS = [
    {},
    {"id": "id_x", "required": True, "maxlength": False, "autocomplete": "email"},
    {"class": 'x"y', "data-n": 5, "aria-describedby": "id_x_helptext id_x_limit"},
    {"disabled": True, "placeholder": "<hint>", "step": 0.5, "min": 0},
]


def both(widget, value, attrs):
    return (
        widget.render("field", value, attrs=attrs, renderer=DJANGO),
        widget.render("field", value, attrs=attrs, renderer=OURS),
    )


@pytest.mark.parametrize("widget_class", INPUT_WIDGETS, ids=lambda w: w.__name__)
def test_inputs_match_djangos_templates(widget_class):
    compared = 0
    for value, attrs in itertools.product(VALUES, ATTRS):
        widget = widget_class()
        assert f"django/forms/widgets/{widget.input_type}.html" in INPUT_TEMPLATES
        django_html, ours = both(widget, value, attrs)
        assert ours == django_html, (value, attrs)
        compared += 1
    assert compared == len(VALUES) * len(ATTRS)


def test_textareas_match_djangos_templates():
    for value, attrs in itertools.product(VALUES, ATTRS):
        django_html, ours = both(forms.Textarea(), value, attrs)
        assert ours == django_html, (value, attrs)


SELECT_CHOICES = [
    [("a", "A <1>"), ("b", "B & b"), ("", "---------")],
    [(1, 1), (2, 2000), (3, mark_safe("<b>three</b>"))],  # noqa: S308 - what a caller may pass
    [("Group <1>", [("x", "X"), ("y", "Y")]), ("z", "Z"), (2026, [(7, "Seven")])],
    [(True, "Yes"), (False, "No"), (None, "Unknown")],
]


@pytest.mark.parametrize("choices", SELECT_CHOICES)
@pytest.mark.parametrize("widget_class", [forms.Select, forms.SelectMultiple])
def test_selects_match_djangos_templates(widget_class, choices):
    for value, attrs in itertools.product(
        [None, "", "a", "b", 1, "2", "x", 7, True, ["x", "z"]], ATTRS
    ):
        widget = widget_class(choices=choices)
        django_html, ours = both(widget, value, attrs)
        assert ours == django_html, (value, attrs)


def test_translated_labels_and_yes_no_selects_match_djangos_templates(settings):
    from django.utils.translation import gettext_lazy, override

    widget = forms.Select(choices=[("a", gettext_lazy("Yes")), ("b", gettext_lazy("No"))])
    with override("nb"):
        django_html, ours = both(widget, "a", {"id": "id_s"})
    assert ours == django_html and ">Ja</option>" in ours
    for value in (None, True, False, "unknown"):
        django_html, ours = both(forms.NullBooleanSelect(), value, {})
        assert ours == django_html, value


def test_an_option_with_a_template_of_its_own_goes_through_the_templates():
    class Fancy(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = Fancy(choices=[("a", "A")])
    django_html, ours = both(widget, "a", {})
    assert ours == django_html and "<input" in ours


def test_other_widgets_still_use_djangos_templates():
    radio = forms.RadioSelect(choices=[("a", "A <1>"), ("b", "B")])
    assert radio.render("s", "b", renderer=OURS) == radio.render("s", "b", renderer=DJANGO)
    date = forms.SelectDateWidget(years=[2026])
    assert date.render("d", dt.date(2026, 1, 2), renderer=OURS) == date.render(
        "d", dt.date(2026, 1, 2), renderer=DJANGO
    )


class SignUpLike(forms.Form):
    email = forms.EmailField(help_text="We write <only> here.")
    password = forms.CharField(widget=forms.PasswordInput)
    minutes = forms.IntegerField(min_value=1, max_value=600)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(widget=forms.Textarea, max_length=500, required=False)
    kind = forms.ChoiceField(choices=[("walk", "Walk"), ("bike", "Bike")])
    agree = forms.BooleanField()


def test_a_whole_form_with_errors_renders_the_same_as_with_djangos_renderer(settings):
    data = {"email": 'who@"x', "password": "<s>", "minutes": "0", "day": "x", "notes": "a & b"}
    ours = str(SignUpLike(data=data, renderer=OURS))
    assert ours == str(SignUpLike(data=data, renderer=DJANGO))
    assert 'type="password"' in ours and "<textarea" in ours and "<select" in ours
    assert settings.FORM_RENDERER == "pusterom.form_renderer.FormRenderer"
