"""The history page's weeks, written in Python (``sessions_log.checkins.markup``), are what
the template loop they replace wrote, character for character, in both languages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from sessions_log.checkins.markup import history_weeks
from sessions_log.checkins.selectors import HistoryDay, HistoryWeek
from sessions_log.models import CheckIn, WorkoutSession

# The loop as sessions_log/checkins/history.html had it.
TEMPLATE = (
    "{% load i18n history %}{% for week in weeks %}\n"
    '<section class="card" aria-labelledby="week-{{ week.week_start|date:\'Y-m-d\' }}">\n'
    "  <h2 id=\"week-{{ week.week_start|date:'Y-m-d' }}\">{% blocktranslate with "
    "number=week.iso_week %}Week {{ number }}{% endblocktranslate %}</h2>\n"
    '  <p class="muted">{% blocktranslate with start=week.week_start|date:"MONTH_DAY_FORMAT" '
    'end=week.week_end|date:"MONTH_DAY_FORMAT" %}Monday {{ start }} to Sunday {{ end }}'
    "{% endblocktranslate %}.\n"
    "  {% blocktranslate count counter=week.session_count %}{{ counter }} session{% plural %}"
    "{{ counter }} sessions{% endblocktranslate %}{% if week.minutes %}, {% blocktranslate "
    "count minutes=week.minutes %}{{ minutes }} minute{% plural %}{{ minutes }} minutes"
    "{% endblocktranslate %}{% endif %}.</p>\n"
    '  <ul class="list">\n'
    "    {% history_days week.days %}\n"
    "  </ul>\n"
    "</section>\n"
    "{% endfor %}"
)


def _session(pk, day, minutes, activity="walk"):
    return WorkoutSession(pk=pk, performed_on=day, duration_min=minutes, rpe=12, activity=activity)


def _weeks():
    monday = dt.date(2025, 12, 29)  # ISO week 1 of 2026
    return [
        HistoryWeek(
            week_start=monday + dt.timedelta(weeks=2),
            days=[
                HistoryDay(
                    monday + dt.timedelta(weeks=2, days=3),
                    check_in=CheckIn(pk=11, level="amber"),
                    sessions=[_session(21, monday, 1), _session(22, monday, 45, "strength")],
                )
            ],
        ),
        HistoryWeek(  # one session of one minute: the singular
            week_start=monday + dt.timedelta(weeks=1),
            days=[HistoryDay(monday + dt.timedelta(weeks=1), sessions=[_session(23, monday, 1)])],
        ),
        HistoryWeek(  # a check-in only: no minutes
            week_start=monday,
            days=[HistoryDay(monday, check_in=CheckIn(pk=12, level="green"))],
        ),
    ]


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_weeks_are_what_the_template_wrote(language):
    weeks = _weeks()
    with translation.override(language):
        expected = Template(TEMPLATE).render(Context({"weeks": weeks}))
        assert history_weeks(weeks) == expected
    assert "week-2025-12-29" in expected
    assert history_weeks([]) == ""
