"""The adherence chart's bars and its table's rows (``adherence.AdherenceChart``,
``adherence.Week``), built in Python. As template loops, with a lookup per coordinate, they
were some 1.6 ms of the physiotherapist's patient page (``make bench``, page
``patient_page``); the rest of ``sessions_log/plans/_adherence.html`` stays a template.
``tests/sessions_log/plans/test_adherence_markup.py`` compares the two, character for
character. Every value goes through ``format_html`` (escaped); numbers are written as the
template wrote them with localisation off (SVG coordinates) or on (the table)."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from pusterom.markup import date, format_html, format_html_join


def adherence_bars(chart) -> SafeString:
    """The chart's grid lines with their ticks, then each week's label and bar parts."""
    ticks = format_html_join(
        "",
        '<line class="chart__grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        '<text class="chart__tick" x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (tick_x, tick_x, chart.top, chart.bottom, tick_x, chart.tick_y, tick)
            for tick_x, tick in chart.ticks
        ),
    )
    rows = []
    for row in chart.rows:
        parts = []
        for part in row.segments:
            parts.append(
                format_html(
                    '<rect class="adherence__part adherence__part--{}" x="{}" y="{}" '
                    'width="{}" height="22"/>',
                    part.css,
                    part.x,
                    row.y,
                    part.width,
                )
            )
            if part.show_count:
                parts.append(
                    format_html(
                        '<text class="adherence__count adherence__count--{}" x="{}" y="{}" '
                        'text-anchor="middle" dominant-baseline="middle">{}</text>',
                        part.css,
                        part.text_x,
                        row.text_y,
                        part.count,
                    )
                )
        rows.append(
            format_html(
                '<text class="chart__tick" x="{}" y="{}" text-anchor="end" '
                'dominant-baseline="middle">{}</text>\n      {}',
                chart.left - 8,
                row.text_y,
                row.label,
                SafeString("".join(parts)),
            )
        )
    return SafeString(ticks + "\n      " + "".join(rows))


def adherence_rows(weeks) -> SafeString:
    """The table's body: a row a week, planned and done, and the days to recover."""
    return format_html_join(
        "",
        "<tr>\n"
        '        <th scope="row">{} <span class="muted">{}–{}</span></th>\n'
        '        <td class="num">{}</td>\n'
        '        <td class="num">{}</td>\n'
        '        <td class="num">{}</td>\n'
        '        <td class="num">{}</td>\n'
        '        <td class="num">{}</td>\n'
        '        <td class="num">{}</td>\n'
        "        <td>{}</td>\n"
        "      </tr>",
        (
            (
                _("Week %(number)s") % {"number": week.number},
                date(week.monday, "MONTH_DAY_FORMAT"),
                date(week.sunday, "MONTH_DAY_FORMAT"),
                number_format(week.planned),
                number_format(week.as_planned),
                number_format(week.lighter),
                number_format(week.other),
                number_format(week.not_done),
                number_format(week.to_come),
                week.recovery_text or "–",
            )
            for week in weeks
        ),
    )
