"""A chart's geometry and its markup: ``Chart`` holds the ticks, lines, points and bars in
SVG coordinates (worked out from plain numbers in ``sessions_log.triage.charts``), and
``Chart.svg()``, ``Chart.legend()`` and ``Chart.table()`` write it out: each chart has a
``<title>``, axis labels and the same numbers in a table under it (screen readers, printing).
The templates ``sessions_log/triage/_chart_line.html`` and ``_chart_bar.html`` put the pieces
in a figure with its caption. The markup is written here rather than by template tags a
point at a time: a patient page has some 400 points and table cells, which cost the template
engine about ten times as long.

Colours come from CSS classes, so dark mode and print work; series also differ by line
style and marker shape, never by colour alone. Coordinates are written with a decimal point
whatever the language, and every text is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Drawn about this wide in a half-width card on a desktop, so text keeps a readable size.
WIDTH = 560
HEIGHT = 280
LEFT, RIGHT, TOP, BOTTOM = 60, 16, 16, 60


@dataclass
class Tick:
    pos: float
    label: str


@dataclass
class Point:
    x: float
    y: float
    label: str

    @property
    def corner_x(self) -> float:  # square markers are drawn from their top-left corner
        return round(self.x - 3.5, 1)

    @property
    def corner_y(self) -> float:
        return round(self.y - 3.5, 1)


@dataclass
class Series:
    name: str
    css: str  # chart__series--a / --b / --c: line style and marker differ, not only colour
    points: list[Point] = field(default_factory=list)
    segments: list[str] = field(default_factory=list)  # polyline "x,y x,y" runs without gaps

    @property
    def square_markers(self) -> bool:  # the second series: squares, the others circles
        return self.css == "chart__series--b"


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    missing: bool = False  # no value: drawn as a small marker on the axis


@dataclass
class Chart:
    chart_id: str
    title: str
    description: str
    x_label: str
    y_label: str
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    table_head: list[str]
    table_rows: list[list[str]]
    series: list[Series] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    reference: Tick | None = None
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM

    @property
    def is_empty(self) -> bool:
        return not self.table_rows

    @property
    def tick_label_x(self) -> int:
        return self.left - 6

    @property
    def tick_label_y(self) -> int:
        return self.bottom + 22

    @property
    def reference_label_y(self) -> float:
        return round(self.reference.pos - 6, 1) if self.reference else 0

    @property
    def x_label_y(self) -> int:
        return self.height - 8

    @property
    def y_label_x(self) -> int:
        return 14

    @property
    def y_label_y(self) -> float:
        return (self.top + self.bottom) / 2

    # Markup ---------------------------------------------------------------------------------

    def svg(self) -> SafeString:
        """The chart as inline SVG: a line chart if it has series, else a bar chart."""
        cid = escape(self.chart_id)
        same_numbers = escape(_("The same numbers are in the table under the chart."))
        out = [
            f'<svg class="chart" viewBox="0 0 {self.width} {self.height}" role="img" '
            f'aria-labelledby="{cid}-title {cid}-desc" focusable="false">',
            f'<title id="{cid}-title">{escape(self.title)}</title>',
            f'<desc id="{cid}-desc">{escape(self.description)} {same_numbers}</desc>',
        ]
        for tick in self.y_ticks:
            out.append(
                f'<line class="chart__grid" x1="{self.left}" x2="{self.right}" y1="{tick.pos}" '
                f'y2="{tick.pos}"/><text class="chart__tick" x="{self.tick_label_x}" '
                f'y="{tick.pos}" text-anchor="end" dominant-baseline="middle">'
                f"{escape(tick.label)}</text>"
            )
        for bar in self.bars:
            css = "chart__bar chart__bar--missing" if bar.missing else "chart__bar"
            out.append(
                f'<rect class="{css}" x="{bar.x}" y="{bar.y}" width="{bar.width}" '
                f'height="{bar.height}"/>'
            )
        for tick in self.x_ticks:
            out.append(
                f'<text class="chart__tick" x="{tick.pos}" y="{self.tick_label_y}" '
                f'text-anchor="middle">{escape(tick.label)}</text>'
            )
        if self.reference:
            pos = self.reference.pos
            out.append(
                f'<line class="chart__reference" x1="{self.left}" x2="{self.right}" '
                f'y1="{pos}" y2="{pos}"/><text class="chart__reference-label" x="{self.right}" '
                f'y="{self.reference_label_y}" text-anchor="end">'
                f"{escape(self.reference.label)}</text>"
            )
        out += [
            f'<line class="chart__axis" x1="{self.left}" x2="{self.right}" y1="{self.bottom}" '
            f'y2="{self.bottom}"/>',
            f'<line class="chart__axis" x1="{self.left}" x2="{self.left}" y1="{self.top}" '
            f'y2="{self.bottom}"/>',
            f'<text class="chart__label" x="{self.right}" y="{self.x_label_y}" '
            f'text-anchor="end">{escape(self.x_label)}</text>',
            f'<text class="chart__label" x="{self.y_label_x}" y="{self.y_label_y}" '
            f'text-anchor="middle" transform="rotate(-90 {self.y_label_x} {self.y_label_y})">'
            f"{escape(self.y_label)}</text>",
        ]
        for series in self.series:
            out.append(f'<g class="{series.css}">')
            out += [f'<polyline class="chart__line" points="{run}"/>' for run in series.segments]
            if series.square_markers:
                out += [
                    f'<rect class="chart__point" x="{p.corner_x}" y="{p.corner_y}" width="7" '
                    'height="7"/>'
                    for p in series.points
                ]
            else:
                out += [
                    f'<circle class="chart__point" cx="{p.x}" cy="{p.y}" r="3.5"/>'
                    for p in series.points
                ]
            out.append("</g>")
        out.append("</svg>")
        return mark_safe("\n".join(out))  # noqa: S308 - every text above is escaped

    def legend(self) -> SafeString:
        """Which line is which, by line style and marker (only for more than one series)."""
        if len(self.series) < 2:
            return mark_safe("")
        items = []
        for series in self.series:
            marker = (
                '<rect class="chart__point" x="10.5" y="2.5" width="7" height="7"/>'
                if series.square_markers
                else '<circle class="chart__point" cx="14" cy="6" r="3.5"/>'
            )
            items.append(
                f'<li class="{series.css}"><svg class="chart-legend__key" viewBox="0 0 28 12" '
                'aria-hidden="true" focusable="false"><line class="chart__line" x1="0" x2="28" '
                f'y1="6" y2="6"/>{marker}</svg>{escape(series.name)}</li>'
            )
        return mark_safe(f'<ul class="chart-legend">{"".join(items)}</ul>')  # noqa: S308

    def table(self) -> SafeString:
        """The chart's numbers as a table, folded under the chart."""
        title = escape(self.title)
        head = "".join(f'<th scope="col">{escape(cell)}</th>' for cell in self.table_head)
        rows = []
        for row in self.table_rows:
            first, *rest = row
            cells = "".join(f"<td>{escape(cell)}</td>" for cell in rest)
            rows.append(f'<tr><th scope="row">{escape(first)}</th>{cells}</tr>')
        summary = escape(_("Show the numbers: %(title)s") % {"title": self.title})
        return mark_safe(  # noqa: S308 - every text is escaped
            f'<details class="chart-table">\n  <summary>{summary}</summary>\n'
            f'  <div class="table-wrap" tabindex="0" role="region" aria-label="{title}">\n'
            f'    <table>\n      <caption class="visually-hidden">{title}</caption>\n'
            f"      <thead><tr>{head}</tr></thead>\n"
            f"      <tbody>{''.join(rows)}</tbody>\n    </table>\n  </div>\n</details>"
        )
