"""Charts for the physiotherapist, drawn on the server as inline SVG (no JavaScript library).

The functions here turn plain numbers into geometry: ``line_chart`` (a daily line, broken
where a day has no value) and ``bar_chart`` (bars on a 0-based axis), and from them the
patient page's charts (check-ins, minutes a week, days to recover). The geometry is a
``Chart`` (``sessions_log.triage.chart_svg``), which writes itself out as markup with a
table of the same numbers. Dates are labelled in the active language.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sessions_log import activity
from sessions_log.triage.chart_svg import (
    BOTTOM,
    HEIGHT,
    LEFT,
    RIGHT,
    TOP,
    WIDTH,
    Bar,
    Chart,
    Point,
    Series,
    Tick,
)

# "You should recover within about one day" (DESIGN.md).
RECOVERY_TARGET_DAYS = 1


def _y_scale(value: float, lo: float, hi: float) -> float:
    span = (hi - lo) or 1
    return round(HEIGHT - BOTTOM - (value - lo) / span * (HEIGHT - BOTTOM - TOP), 1)


def _x_scale(index: float, count: int) -> float:
    span = max(count - 1, 1)
    return round(LEFT + index / span * (WIDTH - RIGHT - LEFT), 1)


def short_date(day: dt.date) -> str:
    return _short_date(day, get_language())


@functools.lru_cache(maxsize=2048)
def _short_date(day: dt.date, language: str) -> str:
    # A chart labels a day up to three times and a page draws the same eight weeks four
    # times: formatting each date once per language saves most of the time of building them.
    return formats.date_format(day, "j M")


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    y_label: str,
    start: dt.date,
    days: int,
    series: list[tuple[str, str, dict[dt.date, float]]],
    y_min: float,
    y_max: float,
    y_ticks: list[tuple[float, str]],
    value_label=str,
) -> Chart:
    """A daily line chart from ``start`` over ``days`` days. Days without a value break the
    line (a gap is not a zero)."""
    dates = [start + dt.timedelta(days=i) for i in range(days)]
    chart = Chart(
        chart_id=chart_id,
        title=title,
        description=description,
        x_label=_("Date"),
        y_label=y_label,
        x_ticks=[
            Tick(_x_scale(i, days), short_date(d)) for i, d in enumerate(dates) if i % 14 == 0
        ],
        y_ticks=[Tick(_y_scale(v, y_min, y_max), label) for v, label in y_ticks],
        table_head=[_("Date"), *[name for name, _css, _values in series]],
        table_rows=[],
    )
    for name, css, values in series:
        line = Series(name=name, css=css)
        run: list[str] = []
        for i, day in enumerate(dates):
            value = values.get(day)
            if value is None:
                if run:
                    line.segments.append(" ".join(run))
                run = []
                continue
            point = Point(_x_scale(i, days), _y_scale(value, y_min, y_max), value_label(value))
            line.points.append(point)
            run.append(f"{point.x},{point.y}")
        if run:
            line.segments.append(" ".join(run))
        chart.series.append(line)
    for day in dates:
        cells = [values.get(day) for _name, _css, values in series]
        if any(c is not None for c in cells):
            chart.table_rows.append(
                [short_date(day), *["–" if c is None else value_label(c) for c in cells]]
            )
    return chart


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    x_label: str,
    y_label: str,
    bars: list[tuple[str, float | None]],
    y_ticks: list[float],
    reference: tuple[float, str] | None,
    table_head: list[str],
    table_rows: list[list[str]],
) -> Chart:
    """Bars on a 0-based axis; a bar without a value is a small marker on the axis."""
    y_max = max(y_ticks) if y_ticks else 1
    count = max(len(bars), 1)
    band = (WIDTH - RIGHT - LEFT) / count
    width = round(min(band * 0.7, 48), 1)
    every = max(1, -(-count // 8))  # at most ~8 axis labels
    chart = Chart(
        chart_id=chart_id,
        title=title,
        description=description,
        x_label=x_label,
        y_label=y_label,
        x_ticks=[],
        y_ticks=[Tick(_y_scale(v, 0, y_max), formats.number_format(v)) for v in y_ticks],
        table_head=table_head,
        table_rows=table_rows,
        reference=Tick(_y_scale(reference[0], 0, y_max), reference[1]) if reference else None,
    )
    base = HEIGHT - BOTTOM
    for i, (label, value) in enumerate(bars):
        centre = LEFT + band * (i + 0.5)
        x = round(centre - width / 2, 1)
        if value is None:
            chart.bars.append(Bar(x, base - 4, width, 4, label, missing=True))
        else:
            top = _y_scale(min(value, y_max), 0, y_max)
            chart.bars.append(Bar(x, top, width, round(base - top, 1), label))
        if i % every == 0:
            chart.x_ticks.append(Tick(round(centre, 1), label))
    return chart


def _nice_ticks(highest: float, step: int) -> list[float]:
    top = max(step, -(-int(highest) // step) * step)
    return list(range(0, top + 1, step))


# --- The patient page's charts --------------------------------------------------------------


def checkin_charts(*, check_ins, today: dt.date, weeks: int = 8) -> list[Chart]:
    """Energy and pain (0-10) in one chart, sleep in another, over the last ``weeks``."""
    days = weeks * 7
    start = today - dt.timedelta(days=days - 1)
    energy = {c.date: c.energy for c in check_ins}
    pain = {c.date: c.pain for c in check_ins}
    sleep_value = {"poor": 0, "ok": 1, "good": 2}
    sleep_names = {0: _("Poor"), 1: _("OK"), 2: _("Good")}
    sleep = {c.date: sleep_value[c.sleep] for c in check_ins if c.sleep in sleep_value}
    return [
        line_chart(
            chart_id="chart-energy-pain",
            title=_("Energy and pain, last %(weeks)s weeks") % {"weeks": weeks},
            description=_("From the daily check-ins, on a scale from 0 to 10."),
            y_label=_("Score (0–10)"),
            start=start,
            days=days,
            series=[
                (_("Energy"), "chart__series--a", energy),
                (_("Pain"), "chart__series--b", pain),
            ],
            y_min=0,
            y_max=10,
            y_ticks=[(v, str(v)) for v in range(0, 11, 2)],
        ),
        line_chart(
            chart_id="chart-sleep",
            title=_("Sleep, last %(weeks)s weeks") % {"weeks": weeks},
            description=_("From the daily check-ins: poor, OK or good."),
            y_label=_("Sleep"),
            start=start,
            days=days,
            series=[(_("Sleep"), "chart__series--c", sleep)],
            y_min=0,
            y_max=2,
            y_ticks=list(sleep_names.items()),
            value_label=lambda v: str(sleep_names[v]),
        ),
    ]


def weekly_minutes_chart(*, sessions, today: dt.date, weeks: int = 8) -> Chart:
    """Minutes per ISO week against the weekly goal, counted as ``sessions_log.activity``
    counts them: moderate effort counts, vigorous counts double, light is listed only."""
    this_monday = activity.week_start(today)
    mondays = [this_monday - dt.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    plain = dict.fromkeys(mondays, 0)
    counted = dict.fromkeys(mondays, 0)
    for session in sessions:
        monday = activity.week_start(session.performed_on)
        if monday in plain:
            plain[monday] += session.duration_min
            counted[monday] += activity.counted_minutes(
                duration_min=session.duration_min, rpe=session.rpe
            )
    labels = {m: _("Week %(number)s") % {"number": m.isocalendar().week} for m in mondays}
    goal = activity.GUIDELINE_MINUTES
    return bar_chart(
        chart_id="chart-weekly-minutes",
        title=_("Minutes a week, last %(weeks)s weeks") % {"weeks": weeks},
        description=_(
            "Effort %(low)s to %(high)s on the Borg scale counts, %(vigorous)s or more counts "
            "double. The line marks the weekly goal of %(goal)s minutes."
        )
        % {
            "low": activity.MODERATE.lowest_rpe,
            "high": activity.MODERATE.highest_rpe,
            "vigorous": activity.VIGOROUS.lowest_rpe,
            "goal": goal,
        },
        x_label=_("Week"),
        y_label=_("Minutes"),
        bars=[(str(m.isocalendar().week), counted[m]) for m in mondays],
        y_ticks=_nice_ticks(max([goal + 30, *counted.values()]), 50),
        reference=(goal, _("Goal: %(minutes)s min") % {"minutes": goal}),
        table_head=[_("Week"), _("Minutes trained"), _("Minutes counted")],
        table_rows=[
            [f"{labels[m]} ({short_date(m)})", str(plain[m]), str(counted[m])] for m in mondays
        ],
    )


def recovery_days_chart(*, sessions) -> Chart:
    """Days to recover per session; the line marks "within about one day"."""
    states = {
        "not_yet": _("Not asked yet"),
        "open": _("Waiting for an answer"),
        "answered_today": _("Not recovered yet"),
        "no_answer": _("No answer"),
    }
    bars, rows = [], []
    highest = 3
    for session in sessions:
        label = short_date(session.performed_on)
        days = session.recovery_days
        bars.append((label, days))
        if days is None:
            text = states.get(getattr(session, "recovery_state", ""), _("No answer"))
        else:
            highest = max(highest, days)
            text = str(days)
        rows.append([label, str(session.get_activity_display()), str(session.duration_min), text])
    return bar_chart(
        chart_id="chart-recovery-days",
        title=_("Days to recover, per session"),
        description=_(
            "How many days after each session the patient said they had recovered. "
            "The line marks one day. A small mark on the axis means no answer yet."
        ),
        x_label=_("Session"),
        y_label=_("Days"),
        bars=bars,
        y_ticks=list(range(0, highest + 1)),
        reference=(RECOVERY_TARGET_DAYS, _("1 day")),
        table_head=[_("Session"), _("Activity"), _("Minutes"), _("Days to recover")],
        table_rows=rows,
    )
