"""Server-rendered SVG charts: geometry from plain numbers, and the templates that draw it."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from sessions_log.triage import charts

TODAY = dt.date(2026, 3, 10)  # a Tuesday


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def check_in(day, energy=5, pain=2, sleep="good"):
    return SimpleNamespace(date=day, energy=energy, pain=pain, sleep=sleep)


def session(day, minutes=30, rpe=12, recovery_days=None, state=""):
    return SimpleNamespace(
        performed_on=day,
        duration_min=minutes,
        rpe=rpe,
        recovery_days=recovery_days,
        recovery_state=state,
        get_activity_display=lambda: "Walk",
    )


def test_it_breaks_the_line_where_a_day_has_no_check_in():
    days = [TODAY - dt.timedelta(days=n) for n in (0, 1, 5, 6)]
    energy_pain, sleep = charts.checkin_charts(check_ins=[check_in(d) for d in days], today=TODAY)

    energy = energy_pain.series[0]
    assert len(energy.points) == 4
    assert len(energy.segments) == 2  # two runs of two days, not one line across the gap
    assert len(energy_pain.table_rows) == 4
    assert energy_pain.table_rows[0][1:] == ["5", "2"]
    assert sleep.table_rows[0][1] == "Good"


def test_it_puts_0_at_the_bottom_and_10_at_the_top():
    chart, _sleep = charts.checkin_charts(
        check_ins=[check_in(TODAY, energy=10, pain=0)], today=TODAY
    )

    energy, pain = chart.series
    assert energy.points[0].y == chart.top
    assert pain.points[0].y == chart.bottom
    assert energy.points[0].x == chart.right  # today is the last day


def test_it_counts_vigorous_minutes_double_per_week():
    monday = TODAY - dt.timedelta(days=1)
    chart = charts.weekly_minutes_chart(
        sessions=[
            session(monday, minutes=30, rpe=12),
            session(TODAY, minutes=20, rpe=15),  # vigorous: counts 40
            session(monday, minutes=25, rpe=10),  # light: trained, not counted
            session(monday - dt.timedelta(days=1), minutes=60),  # Sunday: the week before
            session(TODAY - dt.timedelta(weeks=9), minutes=99),  # outside the 8 weeks
        ],
        today=TODAY,
    )

    assert len(chart.bars) == 8
    this_week, last_week = chart.table_rows[-1], chart.table_rows[-2]
    assert this_week[1:] == ["75", "70"]
    assert last_week[1:] == ["60", "60"]
    assert sum(int(row[1]) for row in chart.table_rows) == 135
    # The 150-minute line sits between the axis ticks for 100 and 200.
    ticks = {t.label: t.pos for t in chart.y_ticks}
    assert ticks["200"] < chart.reference.pos < ticks["100"]


def test_it_marks_sessions_without_a_recovery_answer():
    chart = charts.recovery_days_chart(
        sessions=[
            session(TODAY - dt.timedelta(days=5), recovery_days=1),
            session(TODAY - dt.timedelta(days=4), recovery_days=4),
            session(TODAY - dt.timedelta(days=1), state="no_answer"),
        ]
    )

    one, four, missing = chart.bars
    assert not one.missing and not four.missing and missing.missing
    assert four.height == 4 * one.height
    assert [row[-1] for row in chart.table_rows] == ["1", "4", "No answer"]
    assert chart.y_ticks[-1].label == "4"


def test_it_draws_svg_with_a_title_axis_labels_and_a_table_in_any_language():
    chart = charts.recovery_days_chart(sessions=[session(TODAY, recovery_days=2)])
    with translation.override("nb"):
        html = render_to_string("sessions_log/triage/_chart_bar.html", {"chart": chart})

    assert '<svg class="chart"' in html and 'role="img"' in html
    assert f'<title id="chart-recovery-days-title">{chart.title}</title>' in html
    assert chart.x_label in html and chart.y_label in html
    assert "<table>" in html and '<th scope="row">' in html
    # Localised numbers would turn 12.5 into 12,5 and break the drawing.
    values = re.findall(r' (?:x|y|width|height)="([^"]+)"', html)
    assert values and not any("," in value for value in values)


def test_it_says_so_when_there_is_nothing_to_draw():
    chart, _sleep = charts.checkin_charts(check_ins=[], today=TODAY)
    html = render_to_string("sessions_log/triage/_chart_line.html", {"chart": chart})

    assert chart.is_empty
    assert "<svg" not in html
    assert "No check-ins in this period." in html


def test_it_draws_each_series_with_its_own_marker_and_a_legend():
    days = [TODAY - dt.timedelta(days=n) for n in range(3)]
    chart, sleep = charts.checkin_charts(check_ins=[check_in(d) for d in days], today=TODAY)
    html = render_to_string("sessions_log/triage/_chart_line.html", {"chart": chart})

    energy, pain = html.split('<g class="chart__series--a">')[1].split("</g>")[:2]
    assert energy.count("<circle") == 3 and "<rect" not in energy
    assert pain.count('<rect class="chart__point"') == 3
    assert html.count('<polyline class="chart__line"') == 2
    legend = html.split('<ul class="chart-legend">')[1].split("</ul>")[0]
    assert "Energy" in legend and "Pain" in legend
    assert '<ul class="chart-legend">' not in render_to_string(
        "sessions_log/triage/_chart_line.html", {"chart": sleep}
    )


def test_it_escapes_the_words_it_draws():
    chart = charts.recovery_days_chart(sessions=[session(TODAY, recovery_days=2)])
    chart.title = "Dager <til> & fra"
    chart.table_rows[0][1] = "<b>Walk</b>"

    html = render_to_string("sessions_log/triage/_chart_bar.html", {"chart": chart})

    assert "Dager &lt;til&gt; &amp; fra" in html
    assert "<b>" not in html and "&lt;b&gt;Walk&lt;/b&gt;" in html
