"""The figures of `make bench` (demo/bench): table and bench-results.json from fake runs."""

import datetime as dt
import json
import zoneinfo

from demo.bench import report, runtime
from demo.bench.reminders_e2e import daytime_zone
from demo.bench.report import PageResult, WrkRun


def run(rps: float, *, p50=10.0, p99=40.0, status_errors=0, cpu=0.0) -> WrkRun:
    return WrkRun(
        requests=int(rps * 5),
        seconds=5.0,
        p50_ms=p50,
        p99_ms=p99,
        status_errors=status_errors,
        server_cpu_s=cpu,
    )


def pages() -> list[PageResult]:
    home = PageResult(name="patient_home", path="/me/", queries=9, bytes_raw=5457, bytes_gzip=2085)
    home.pairs = [
        (run(1000), run(50, p50=30, p99=90, cpu=3.0)),
        (run(800), run(48, p50=32, p99=80, cpu=2.4)),
        (run(1200), run(54, p50=28, p99=100, status_errors=2, cpu=2.7)),
    ]
    login = PageResult(name="login", path="/accounts/login/", bytes_raw=3152, bytes_gzip=1355)
    login.pairs = [(run(1000), run(175)), (run(1000), run(180)), (run(900), run(170))]
    return [home, login]


def test_it_takes_the_median_ratio_of_the_pairs():
    home = pages()[0]
    assert home.ratios == [0.05, 0.06, 0.045]
    assert home.ratio == 0.05
    assert home.rps == 50
    assert (home.p50_ms, home.p99_ms) == (30, 90)
    assert home.errors == 2
    assert home.cpu_ms == 10.0  # 2.4 s of server CPU over 240 requests, the median


def test_it_counts_no_cpu_time_when_it_was_not_measured():
    assert pages()[1].cpu_ms == 0.0


def test_it_writes_the_json_in_the_shape_of_the_issue():
    data = json.loads(json.dumps(report.results_json(pages())))
    assert data == {
        "baseline_rps": 1000.0,
        "pages": {
            "patient_home": {
                "ratio": 0.05,
                "rps": 50.0,
                "p50_ms": 30.0,
                "p99_ms": 90.0,
                "cpu_ms": 10.0,
                "queries": 9,
                "bytes_gzip": 2085,
                "errors": 2,
            },
            "login": {
                "ratio": 0.18,
                "rps": 175.0,
                "p50_ms": 10.0,
                "p99_ms": 40.0,
                "cpu_ms": 0.0,
                "queries": 0,
                "bytes_gzip": 1355,
                "errors": 0,
            },
        },
    }


def test_it_prints_one_row_per_page_with_ratio_range_and_sizes():
    lines = report.format_table(pages()).splitlines()
    assert lines[0].split() == [
        "page", "ratio", "range", "req/s", "p50", "ms", "p99", "ms", "cpu", "ms", "queries", "bytes",
        "gzip", "errors",
    ]  # fmt: skip
    assert lines[2].split() == [
        "patient_home", "0.050", "0.045-0.060", "50.0", "30.0", "90.0", "10.0", "9", "5,457",
        "2,085", "2",
    ]  # fmt: skip
    assert lines[3].split()[:3] == ["login", "0.180", "0.175-0.189"]
    assert lines[4] == "baseline: 1000.0 req/s (median of 6 runs, 800.0-1200.0)"


def test_it_reads_wrks_summary_line():
    line = (
        '{"requests": 500, "duration_us": 5000000, "p50_us": 12500, "p99_us": 80000, '
        '"status_errors": 1, "connect": 0, "read": 2, "write": 0, "timeout": 1}'
    )
    parsed = WrkRun.from_wrk(json.loads(line))
    assert parsed.rps == 100
    assert (parsed.p50_ms, parsed.p99_ms) == (12.5, 80)
    assert (parsed.status_errors, parsed.socket_errors) == (1, 3)


def test_it_uses_the_server_of_database_url_and_a_default_otherwise():
    assert runtime.server_url("postgres://u:pw@db.example:6543/pusterom") == (
        "postgresql://u:pw@db.example:6543/"
    )
    assert runtime.server_url("sqlite:///db.sqlite3") == "postgresql://postgres@127.0.0.1:5432/"
    assert runtime.server_url(None) == "postgresql://postgres@127.0.0.1:5432/"
    assert runtime.with_database("postgresql://postgres@h:5432/", "b") == (
        "postgresql://postgres@h:5432/b"
    )


def test_it_picks_a_zone_where_it_is_early_afternoon():
    for hour in range(24):
        now = dt.datetime(2026, 3, 5, hour, 40, tzinfo=dt.UTC)
        zone = daytime_zone(now)
        local = now.astimezone(zoneinfo.ZoneInfo(zone))
        assert 12 <= local.hour + local.minute / 60 <= 14, (hour, zone, local)
