"""The call button a result page leads with (templates/partials/call_button.html): the right
number for the day's urgency, as a tel: link with the number on it."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from sessions_log.guidance import assess
from tests.factories import CentreFactory

WELL = {"sleep": "good", "energy": 7, "nausea": "none", "dizziness": "none", "pain": 0}


@pytest.fixture
def centre(db):
    return CentreFactory(name="Pusterom Oslo", phone="+4722123456", ward_phone="+4791506588")


def _render(answers, centre, language="nb"):
    result = assess({**WELL, **answers})
    with translation.override(language):
        return render_to_string(
            "partials/call_button.html", {"urgency": result.urgency, "centre": centre}
        )


def _links(html):
    return re.findall(r'<a class="(call__\w+)" href="tel:([^"]+)">(.*?)</a>', html, re.S)


def test_it_leads_a_fever_with_the_wards_number(centre):
    html = _render({"fever_38": True}, centre)
    links = _links(html)
    assert [(cls, number) for cls, number, _text in links] == [
        ("call__button", "+4791506588"),
        ("call__other", "113"),
    ]
    assert "Ring kreftavdelingen nå" in links[0][2]
    assert "91 50 65 88" in links[0][2]


@pytest.mark.parametrize("sign", ["chest_symptoms", "fainted", "confusion", "back_pain_weakness"])
def test_it_leads_an_emergency_with_113(centre, sign):
    links = _links(_render({sign: True}, centre, language="en"))
    assert links[0][:2] == ("call__button", "113")
    assert "Call the emergency number" in links[0][2]
    assert links[1][:2] == ("call__other", "+4791506588")


def test_it_leads_a_red_day_without_a_call_now_with_the_centre(centre):
    links = _links(_render({"dizziness": "strong"}, centre, language="en"))
    assert links[0][:2] == ("call__button", "+4722123456")
    assert "Call your centre today" in links[0][2] and "22 12 34 56" in links[0][2]
    assert "When the centre is closed" in links[1][2]


@pytest.mark.parametrize("answers", [{}, {"sleep": "poor"}, {"energy": 1}, {"fell": True}])
def test_it_shows_nothing_when_no_call_is_needed(centre, answers):
    assert _render(answers, centre).strip() == ""


def test_it_still_says_who_to_call_when_a_number_is_missing(db):
    bare = CentreFactory(name="Pusterom Hamar")
    html = _render({"fever_38": True}, bare, language="en")
    assert "Call the oncology ward that treats you now." in html
    assert [number for _cls, number, _text in _links(html)] == ["113"]
    html = _render({"pain": 8}, bare, language="en")
    assert "Contact your centre today." in html
    assert _links(html) == []
