"""The adherence chart's bars and table rows, written in Python
(``sessions_log.plans.review.markup``), are what the template loops they replace wrote,
character for character, in both languages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from sessions_log.plans.review.adherence import Week, adherence_chart
from sessions_log.plans.review.markup import adherence_bars, adherence_rows

# The loops as sessions_log/plans/_adherence.html had them.
TEMPLATE_BARS = (
    "{% load l10n %}{% localize off %}"
    '{% for tick_x, tick in review.chart.ticks %}<line class="chart__grid" x1="{{ tick_x }}" '
    'x2="{{ tick_x }}" y1="{{ review.chart.top }}" y2="{{ review.chart.bottom }}"/>'
    '<text class="chart__tick" x="{{ tick_x }}" y="{{ review.chart.tick_y }}" '
    'text-anchor="middle">{{ tick }}</text>{% endfor %}\n'
    '      {% for row in review.chart.rows %}<text class="chart__tick" '
    'x="{{ review.chart.left|add:\'-8\' }}" y="{{ row.text_y }}" text-anchor="end" '
    'dominant-baseline="middle">{{ row.label }}</text>\n'
    '      {% for part in row.segments %}<rect class="adherence__part '
    'adherence__part--{{ part.css }}" x="{{ part.x }}" y="{{ row.y }}" '
    'width="{{ part.width }}" height="22"/>{% if part.show_count %}<text '
    'class="adherence__count adherence__count--{{ part.css }}" x="{{ part.text_x }}" '
    'y="{{ row.text_y }}" text-anchor="middle" dominant-baseline="middle">{{ part.count }}'
    "</text>{% endif %}{% endfor %}{% endfor %}{% endlocalize %}"
)
TEMPLATE_ROWS = (
    "{% load i18n %}{% for week in review.weeks %}<tr>\n"
    '        <th scope="row">{% blocktranslate with number=week.number %}Week {{ number }}'
    '{% endblocktranslate %} <span class="muted">{{ week.monday|date:"MONTH_DAY_FORMAT" }}–'
    '{{ week.sunday|date:"MONTH_DAY_FORMAT" }}</span></th>\n'
    '        <td class="num">{{ week.planned }}</td>\n'
    '        <td class="num">{{ week.as_planned }}</td>\n'
    '        <td class="num">{{ week.lighter }}</td>\n'
    '        <td class="num">{{ week.other }}</td>\n'
    '        <td class="num">{{ week.not_done }}</td>\n'
    '        <td class="num">{{ week.to_come }}</td>\n'
    '        <td>{{ week.recovery_text|default:"–" }}</td>\n'
    "      </tr>{% endfor %}"
)

WEEKS = [
    # Monday of ISO week 1 2026 falls in 2025; a week of every kind; big and small counts.
    Week(dt.date(2025, 12, 29), as_planned=3, recovery_days=[1, None, 2]),
    Week(dt.date(2026, 1, 5), as_planned=1, lighter=1, other=1, not_done=1, to_come=1),
    Week(dt.date(2026, 1, 12), not_done=4),
    Week(dt.date(2026, 1, 19), as_planned=12, lighter=2, recovery_days=[None]),
    Week(dt.date(2026, 1, 26), to_come=1),
    Week(dt.date(2026, 2, 2), as_planned=1500, other=3),  # a thousands separator, if any
]


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("count", [1, 2, 6])
def test_the_bars_and_rows_are_what_the_template_wrote(language, count):
    weeks = WEEKS[:count]

    class Review:
        pass

    review = Review()
    review.weeks, review.chart = weeks, adherence_chart(weeks)
    with translation.override(language):
        context = Context({"review": review})
        assert adherence_bars(review.chart) == Template(TEMPLATE_BARS).render(context)
        assert adherence_rows(weeks) == Template(TEMPLATE_ROWS).render(context)


def test_the_patient_page_shows_the_bars_and_rows():
    weeks = WEEKS[:2]
    bars, rows = adherence_bars(adherence_chart(weeks)), adherence_rows(weeks)
    assert bars.count("<rect") == 6  # 3 + 5 parts - the parts of zero
    assert 'adherence__part--not-done" x="' in bars
    assert rows.count("<tr>") == 2 and "1, –, 2" in rows
