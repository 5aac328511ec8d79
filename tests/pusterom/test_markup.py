"""The helpers for markup built in Python give what Django's own display and filters give."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from pusterom.markup import choice_label, date
from sessions_log.models import CheckIn, Flag


@pytest.mark.parametrize("language", ["nb", "en"])
def test_choice_label_is_the_fields_display_in_the_active_language(language):
    with translation.override(language):
        for kind in Flag.Kind.values:
            flag = Flag(kind=kind)
            assert choice_label(flag, "kind") == flag.get_kind_display()
        check_in = CheckIn(level="amber", sleep="poor", pain_area="knee_left")
        for name in ("level", "sleep", "pain_area"):
            assert choice_label(check_in, name) == getattr(check_in, f"get_{name}_display")()


def test_choice_label_gives_an_unknown_value_back_as_it_is():
    assert choice_label(Flag(kind="retired_kind"), "kind") == "retired_kind"


def test_date_is_the_date_filter():
    from django.template import Context, Template

    moment = dt.datetime(2026, 3, 10, 23, 30, tzinfo=dt.UTC)  # 00:30 the next day in Oslo
    with translation.override("nb"):
        expected = Template('{{ m|date:"SHORT_DATETIME_FORMAT" }}').render(Context({"m": moment}))
        assert date(moment, "SHORT_DATETIME_FORMAT") == expected
        iso = Template('{{ m|date:"c" }}').render(Context({"m": moment}))
        assert date(moment, "c") == iso == "2026-03-11T00:30:00+01:00"
        assert date(moment.date(), "c") == Template('{{ d|date:"c" }}').render(
            Context({"d": moment.date()})
        )
