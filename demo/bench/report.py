"""The figures of ``make bench``: from wrk's runs to one table and ``bench-results.json``.

A page's ratio is its requests per second over the bare baseline view's in the run just
before it (one pair). On a shared machine the absolute figures move with whatever else runs;
the ratio moves much less, which is why it is what the targets are written in. Each page
gets three pairs; the table shows the median ratio and its range.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field


@dataclass(frozen=True)
class WrkRun:
    """One wrk run, from the JSON line bench.lua prints."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    status_errors: int = 0  # responses other than 2xx/3xx
    socket_errors: int = 0  # connect, read, write errors and timeouts
    server_cpu_s: float = 0.0  # CPU time gunicorn's processes spent during the run

    @classmethod
    def from_wrk(cls, data: dict) -> WrkRun:
        return cls(
            requests=int(data["requests"]),
            seconds=data["duration_us"] / 1e6,
            p50_ms=data["p50_us"] / 1000,
            p99_ms=data["p99_us"] / 1000,
            status_errors=int(data["status_errors"]),
            socket_errors=sum(int(data[k]) for k in ("connect", "read", "write", "timeout")),
        )

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass
class PageResult:
    name: str  # the key in bench-results.json
    path: str
    queries: int = 0  # per request, counted once outside the load test
    bytes_raw: int = 0
    bytes_gzip: int = 0
    pairs: list[tuple[WrkRun, WrkRun]] = field(default_factory=list)  # (baseline, page)

    @property
    def ratios(self) -> list[float]:
        return [page.rps / base.rps for base, page in self.pairs if base.rps]

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios) if self.ratios else 0.0

    @property
    def rps(self) -> float:
        return statistics.median(page.rps for _, page in self.pairs) if self.pairs else 0.0

    @property
    def p50_ms(self) -> float:
        return statistics.median(page.p50_ms for _, page in self.pairs) if self.pairs else 0.0

    @property
    def p99_ms(self) -> float:
        return statistics.median(page.p99_ms for _, page in self.pairs) if self.pairs else 0.0

    @property
    def cpu_ms(self) -> float:
        """gunicorn's CPU time per request (median of the runs): unlike the rates, it hardly
        moves when other work slows the machine down. PostgreSQL's is not included."""
        per_request = [
            1000 * page.server_cpu_s / page.requests
            for _, page in self.pairs
            if page.requests and page.server_cpu_s
        ]
        return statistics.median(per_request) if per_request else 0.0

    @property
    def errors(self) -> int:
        """Responses other than 2xx/3xx, and socket errors, over all of the page's runs."""
        return sum(page.status_errors + page.socket_errors for _, page in self.pairs)


def baseline_rps(pages: list[PageResult]) -> float:
    runs = [base.rps for page in pages for base, _ in page.pairs]
    return statistics.median(runs) if runs else 0.0


def results_json(pages: list[PageResult]) -> dict:
    """The shape issue 14 asks for."""
    return {
        "baseline_rps": round(baseline_rps(pages), 1),
        "pages": {
            page.name: {
                "ratio": round(page.ratio, 4),
                "rps": round(page.rps, 1),
                "p50_ms": round(page.p50_ms, 1),
                "p99_ms": round(page.p99_ms, 1),
                "cpu_ms": round(page.cpu_ms, 2),
                "queries": page.queries,
                "bytes_gzip": page.bytes_gzip,
                "errors": page.errors,
            }
            for page in pages
        },
    }


COLUMNS = (
    ("page", "<"),
    ("ratio", ">"),
    ("range", "<"),
    ("req/s", ">"),
    ("p50 ms", ">"),
    ("p99 ms", ">"),
    ("cpu ms", ">"),
    ("queries", ">"),
    ("bytes", ">"),
    ("gzip", ">"),
    ("errors", ">"),
)


def format_table(pages: list[PageResult]) -> str:
    rows = [
        (
            page.name,
            f"{page.ratio:.3f}",
            f"{min(page.ratios, default=0):.3f}-{max(page.ratios, default=0):.3f}",
            f"{page.rps:.1f}",
            f"{page.p50_ms:.1f}",
            f"{page.p99_ms:.1f}",
            f"{page.cpu_ms:.1f}",
            str(page.queries),
            f"{page.bytes_raw:,}",
            f"{page.bytes_gzip:,}",
            str(page.errors),
        )
        for page in pages
    ]
    widths = [
        max(len(title), *(len(row[i]) for row in rows)) if rows else len(title)
        for i, (title, _) in enumerate(COLUMNS)
    ]

    def line(cells) -> str:
        return "  ".join(
            f"{cell:{align}{width}}"
            for cell, (_, align), width in zip(cells, COLUMNS, widths, strict=True)
        ).rstrip()

    base_runs = [base.rps for page in pages for base, _ in page.pairs]
    out = [line(title for title, _ in COLUMNS), line("-" * w for w in widths)]
    out += [line(row) for row in rows]
    if base_runs:
        out.append(
            f"baseline: {baseline_rps(pages):.1f} req/s (median of {len(base_runs)} runs, "
            f"{min(base_runs):.1f}-{max(base_runs):.1f})"
        )
    return "\n".join(out)
