"""Helpers for markup built in Python (``sessions_log.triage.markup``,
``sessions_log.checkins.markup``, ``patients.markup``): lists of many rows, where the template
engine's cost per node was most of a page's time. Each helper gives what the template filter,
tag or model method it names would.

``format_html`` and ``format_html_join`` are Django's, without the lazy-argument check that
``django.utils.html.escape`` makes on each value (``keep_lazy``): on the triage queue that
check alone was about a tenth of the page's time. They escape exactly as Django's do
(``tests/pusterom/test_markup.py`` compares the two).
"""

from __future__ import annotations

import datetime as dt
import functools
import html
from collections.abc import Mapping

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import formats
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.timesince import timesince
from django.utils.timezone import template_localtime
from django.utils.translation import get_language

_escape = html.escape  # what django.utils.html.escape calls, quotes included


def escaped(value) -> str:
    """``django.utils.html.conditional_escape(value)``: safe strings (anything with
    ``__html__``) as they are, everything else escaped."""
    if type(value) is str:
        return _escape(value)
    if isinstance(value, Promise):
        value = str(value)
    to_html = getattr(value, "__html__", None)
    if to_html is not None:
        return to_html()
    return _escape(str(value))


def format_html(format_string: str, *args, **kwargs) -> SafeString:
    """``django.utils.html.format_html``: every argument escaped unless it is safe."""
    if not (args or kwargs):
        raise TypeError("args or kwargs must be provided.")
    if kwargs:
        return SafeString(
            format_string.format(
                *map(escaped, args), **{key: escaped(v) for key, v in kwargs.items()}
            )
        )
    return SafeString(format_string.format(*map(escaped, args)))


def format_html_join(sep: str, format_string: str, args_generator) -> SafeString:
    """``django.utils.html.format_html_join``: ``format_html`` over each group of arguments,
    joined by ``sep`` (escaped unless it is safe)."""
    return SafeString(
        escaped(sep).join(
            format_html(format_string, **args)
            if isinstance(args, Mapping)
            else format_html(format_string, *args)
            for args in args_generator
        )
    )


def date(value, format_name: str) -> str:
    """``{{ value|date:format_name }}``: a moment in the current time zone, a date as it is."""
    if type(value) is dt.date:  # no time zone: the same words for every request
        return _date_words(value, format_name, get_language())
    if format_name == "c":  # what Django's "c" is, without parsing a format
        return template_localtime(value).isoformat()
    return formats.date_format(template_localtime(value), format_name)


@functools.lru_cache(maxsize=4096)
def _date_words(value: dt.date, format_name: str, language: str) -> str:
    # Django parses the format anew for each date (a tenth of the history page's time); a
    # page repeats its days, and patients' pages share the calendar. ``language`` is the
    # active one, which the format and the names of days and months depend on.
    return formats.date_format(value, format_name)


def time_since(value: dt.datetime, now: dt.datetime) -> str:
    """``django.utils.timesince.timesince(value, now)`` ("3 days, 2 hours"). Less than four
    weeks apart, the words depend only on the whole minutes between the two (no calendar
    month fits in), so they are made once per number of minutes and language: the queue
    shows one for each of its rows."""
    delta = now - value
    if dt.timedelta(0) <= delta < _WORDS_BY_MINUTES_UNTIL:
        return _time_since_minutes(delta // dt.timedelta(minutes=1), get_language())
    return timesince(value, now)


_WORDS_BY_MINUTES_UNTIL = dt.timedelta(days=28)  # the shortest month


@functools.lru_cache(maxsize=4096)
def _time_since_minutes(minutes: int, language: str) -> str:
    start = dt.datetime(2001, 1, 1, tzinfo=dt.UTC)  # January: 31 days, no month boundary
    return timesince(start, start + dt.timedelta(minutes=minutes))


def url_for_pk(viewname: str):
    """``{% url viewname pk %}`` for many rows: reversed once (per script prefix), then
    filled in. ``url_for_pk("app:page")(12)`` gives "/.../12/"."""
    return _url_pattern(viewname, get_script_prefix(), get_urlconf()).format


@functools.lru_cache(maxsize=64)
def _url_pattern(viewname: str, prefix: str, urlconf) -> str:
    marker = "987654321"  # a number no route has as a literal part
    url = reverse(viewname, args=[marker], urlconf=urlconf)
    if url.count(marker) != 1:
        raise ValueError(f"{viewname} does not take one number: {url}")
    return url.replace("{", "{{").replace("}", "}}").replace(marker, "{}")


def choice_label(obj, field_name: str) -> str:
    """``obj.get_<field_name>_display()``, from a table made once per model, field and
    language (Django builds the field's choices anew on every call: a tenth of a millisecond,
    which adds up over a list of many rows)."""
    value = getattr(obj, field_name)
    return _labels(type(obj), field_name, get_language()).get(value, value)


@functools.lru_cache(maxsize=256)
def _labels(model, field_name: str, language: str) -> dict:
    return {key: str(label) for key, label in model._meta.get_field(field_name).flatchoices}
