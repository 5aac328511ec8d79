"""The helpers for markup built in Python give what Django's own display and filters give."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import html as django_html
from django.utils import translation
from django.utils.functional import lazy, lazystr
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from pusterom import markup
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


@pytest.mark.parametrize("language", ["nb", "en"])
def test_a_date_is_the_date_filter_in_each_language_however_often_it_is_asked(language):
    from django.template import Context, Template

    formats_ = ("l", "D", "MONTH_DAY_FORMAT", "DATE_FORMAT", "SHORT_DATE_FORMAT", "c", "Y-m-d")
    day = dt.date(2026, 3, 10)
    with translation.override(language):
        for name in formats_:
            expected = Template(f'{{{{ d|date:"{name}" }}}}').render(Context({"d": day}))
            assert date(day, name) == expected
            assert date(day, name) == expected  # the second time from the cache
    with translation.override("nb"):
        norwegian = date(day, "l")
    with translation.override("en"):
        assert date(day, "l") == "Tuesday" != norwegian == "tirsdag"


@pytest.mark.parametrize("language", ["nb", "en"])
def test_time_since_is_djangos_timesince(language):
    from django.utils.timesince import timesince

    from pusterom.markup import time_since

    # Across a month's end, a leap day and a change to summer time, in Oslo and in UTC.
    starts = [
        dt.datetime(2026, 1, 31, 23, 59, 30, 500, tzinfo=dt.UTC),
        dt.datetime(2028, 2, 28, 8, 0, tzinfo=dt.UTC),
        dt.datetime(2026, 3, 28, 22, 15, tzinfo=ZoneInfo("Europe/Oslo")),
    ]
    gaps = [
        dt.timedelta(0),
        dt.timedelta(seconds=59, microseconds=999_999),
        dt.timedelta(minutes=1),
        dt.timedelta(minutes=61, seconds=30),
        dt.timedelta(hours=23, minutes=59),
        dt.timedelta(days=1),
        dt.timedelta(days=6, hours=23),
        dt.timedelta(days=13, minutes=1),
        dt.timedelta(days=27, hours=23, minutes=59, seconds=59),
        dt.timedelta(days=28),
        dt.timedelta(days=29, hours=1),
        dt.timedelta(days=35),
        dt.timedelta(days=31, hours=5),
        dt.timedelta(days=400),
        dt.timedelta(minutes=-5),  # in the future
    ]
    with translation.override(language):
        for start in starts:
            for gap in gaps:
                now = start + gap
                assert time_since(start, now) == timesince(start, now), (start, gap)
                assert time_since(start, now) == timesince(start, now)  # again, cached


class _HasHtml:
    """Not a string, but knows its markup (as markupsafe's ``Markup`` does)."""

    def __html__(self):
        return "<b>own</b>"

    def __str__(self):
        return "<unused>"


VALUES = [
    "plain",
    "",
    "<script>alert('x')</script> & \"quoted\"",
    "Ærlig & øyeblikk <3",
    mark_safe("<em>safe</em>"),
    SafeString("<br>"),
    lazystr("<lazy & plain>"),
    lazy(lambda: mark_safe("<i>lazy safe</i>"), SafeString)(),
    gettext_lazy("Acknowledge"),
    0,
    17,
    2.5,
    None,
    True,
    dt.date(2026, 3, 10),
    _HasHtml(),
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_escaped_is_djangos_conditional_escape(value):
    expected = django_html.conditional_escape(value)
    assert markup.escaped(value) == str(expected)


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_format_html_is_djangos(value):
    for template in ("{}", '<td data-label="{}">{}</td>', "{0}{0}"):
        args = (value, value) if template.count("{") == 2 else (value,)
        ours = markup.format_html(template, *args)
        theirs = django_html.format_html(template, *args)
        assert ours == theirs
        assert isinstance(ours, SafeString)
    ours = markup.format_html("<a title='{title}'>{}</a>", value, title=value)
    assert ours == django_html.format_html("<a title='{title}'>{}</a>", value, title=value)


def test_format_html_wants_arguments_as_djangos_does():
    with pytest.raises(TypeError):
        markup.format_html("<b>nothing to fill in</b>")
    with pytest.raises(TypeError):
        django_html.format_html("<b>nothing to fill in</b>")


@pytest.mark.parametrize("sep", ["", "\n", "<hr>", mark_safe("<hr>")], ids=repr)
def test_format_html_join_is_djangos(sep):
    groups = [(value, value) for value in VALUES]
    ours = markup.format_html_join(sep, "<li>{} {}</li>", iter(groups))
    assert ours == django_html.format_html_join(sep, "<li>{} {}</li>", iter(groups))
    assert isinstance(ours, SafeString)
    named = [{"a": value, "b": "<x>"} for value in VALUES]
    assert markup.format_html_join(sep, "{a}:{b}", named) == django_html.format_html_join(
        sep, "{a}:{b}", named
    )
    assert markup.format_html_join(sep, "{}", []) == ""
