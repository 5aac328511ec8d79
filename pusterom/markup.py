"""Helpers for markup built in Python (``sessions_log.triage.markup``,
``sessions_log.checkins.markup``, ``patients.markup``): lists of many rows, where the template
engine's cost per node was most of a page's time. Each helper gives what the template filter,
tag or model method it names would."""

from __future__ import annotations

import functools

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import formats
from django.utils.timezone import template_localtime
from django.utils.translation import get_language


def date(value, format_name: str) -> str:
    """``{{ value|date:format_name }}``: a moment in the current time zone, a date as it is."""
    if format_name == "c":  # what Django's "c" is, without parsing a format
        return template_localtime(value).isoformat()
    return formats.date_format(template_localtime(value), format_name)


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
