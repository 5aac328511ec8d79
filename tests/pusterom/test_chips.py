"""``{% chips field %}`` writes each option as Django's own widget templates would: the same
inputs (type, name, value, id, class, required, checked), labels escaped."""

from __future__ import annotations

import pytest
from django import forms
from django.template import Context, Template

from pusterom.templatetags.pusterom_forms import chips

THROUGH_THE_WIDGET_TEMPLATES = Template(
    '{% for choice in field %}<label class="chip" for="{{ choice.id_for_label }}">'
    '{{ choice.tag }}<span class="chip__text">{{ choice.choice_label }}</span></label>'
    "{% endfor %}"
)


class Answers(forms.Form):
    sleep = forms.ChoiceField(
        choices=[("good", "Good"), ("poor", 'Poor <sleep> & "more"')],
        widget=forms.RadioSelect(attrs={"class": "chips--three"}),
    )
    pain = forms.TypedChoiceField(
        choices=[(n, str(n)) for n in range(11)], coerce=int, widget=forms.RadioSelect
    )
    signs = forms.MultipleChoiceField(
        choices=[("fever", "Fever"), ("chills", "Chills")],
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "chips--signs"}),
    )


@pytest.mark.parametrize(
    "form",
    [
        Answers(),
        Answers(initial={"sleep": "poor", "pain": 3, "signs": ["chills"]}),
        Answers({"sleep": "nonsense", "pain": "10", "signs": ["fever", "chills"]}),
    ],
    ids=["empty", "initial", "bound"],
)
@pytest.mark.parametrize("name", ["sleep", "pain", "signs"])
def test_chips_are_what_the_widget_templates_write(form, name):
    field = form[name]
    expected = THROUGH_THE_WIDGET_TEMPLATES.render(Context({"field": field}))
    assert str(chips(field)) == expected
    assert expected.count("<input") == len(field.field.choices)


def test_only_the_empty_choice_is_widened():
    class Where(forms.Form):
        area = forms.ChoiceField(
            choices=[("knee", "Knee"), ("", "Nowhere in particular")],
            required=False,
            widget=forms.RadioSelect,
        )

    assert str(chips(Where()["area"], wide_empty=True)).count("chip--wide") == 1
    assert "chip--wide" not in str(chips(Answers()["pain"], wide_empty=True))  # 0 is a value
