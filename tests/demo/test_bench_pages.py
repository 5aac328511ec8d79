"""``make bench`` runs for minutes outside the suite; this keeps its parts true to the product:
the seeded centre (with training plans) and every page it measures, fetched the way the
benchmark fetches them, answer as expected (a form that changed would otherwise only show
when someone next runs the benchmark)."""

from __future__ import annotations

import pytest
from django.db import connection

from demo.bench import pages
from demo.bench.seed import seed_centre
from patients.models import PatientProfile
from sessions_log.models import Programme, WorkoutSession

# The benchmark runs on PostgreSQL only (README, "Benchmarks"): its seed writes in bulk with
# PostgreSQL's SQL. On the SQLite default of a fresh checkout these tests have nothing to check.
pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the benchmark's seed needs PostgreSQL"
)


@pytest.fixture
def seeded(db, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return seed_centre(patients=30, weeks=3)


def test_the_seeded_centre_has_plans_followed_and_flags(seeded):
    counts = seeded.counts
    assert counts["patients"] == 30
    assert counts["programmes"] == Programme.objects.count() > 15
    assert counts["workouts_from_plan"] == (
        WorkoutSession.objects.filter(planned_session__isnull=False).count()
    )
    assert counts["workouts_from_plan"] > 0
    assert counts["open_flags"] > 0
    # "Plan followed" was computed for the patients with a plan, as the nightly task does.
    assert PatientProfile.objects.filter(plan_adherence__isnull=False).count() > 0
    # The patient whose pages are measured has a plan, so the plan page shows one.
    assert Programme.objects.filter(patient_id=seeded.patient_id).exists()


@pytest.mark.parametrize("name", pages.PAGE_NAMES)
def test_every_measured_page_answers_as_the_benchmark_expects(seeded, name):
    page = next(p for p in pages.PAGES if p.name == name)
    people = pages.visitors(seeded)
    figures = pages.probe(
        page,
        path=pages.path_of(page, seeded),
        visitor=people[page.who],
        body=pages.form_body(page, seeded),
    )  # raises when a page answers otherwise (a changed form, a failed sign-in)
    if page.who is not None:
        assert figures["queries"] > 0
    if page.mode == "get":
        assert figures["bytes_gzip"] > 0


def test_the_in_process_mode_measures_a_page_as_the_benchmark_fetches_it(seeded):
    from demo.bench import inprocess

    page = next(p for p in pages.PAGES if p.name == "checkin_form")
    cpu, wall = inprocess.measure(
        page,
        path=pages.path_of(page, seeded),
        visitor=pages.visitors(seeded)[page.who],
        body={},
        requests=4,
        batches=2,
    )
    assert 0 < cpu <= wall  # one thread: its CPU time fits in the time that passed


def test_the_in_process_mode_stops_at_a_page_that_answers_otherwise(seeded):
    from demo.bench import inprocess

    page = next(p for p in pages.PAGES if p.name == "checkin_form")
    anonymous = pages.visitors(seeded)[None]  # sent to the sign-in page
    with pytest.raises(RuntimeError, match="answered 302"):
        inprocess.measure(
            page,
            path=pages.path_of(page, seeded),
            visitor=anonymous,
            body={},
            requests=2,
            batches=1,
        )


def _count_spec(tmp_path, seeded, visitor):
    import json

    page = next(p for p in pages.PAGES if p.name == "checkin_form")
    spec = tmp_path / "spec.json"
    spec.write_text(
        json.dumps(
            {
                "name": page.name,
                "mode": page.mode,
                "path": pages.path_of(page, seeded),
                "body": {},
                "session_key": visitor.session_keys[0] if visitor.session_keys else "",
            }
        )
    )
    return str(spec)


def test_a_counted_run_requests_the_page_as_the_benchmark_does(seeded, tmp_path, capsys):
    """``--instructions`` runs demo.bench.count under valgrind; without it, it is the same."""
    from demo.bench import count

    patient = pages.visitors(seeded)["patient"]
    assert count.main(_count_spec(tmp_path, seeded, patient), 2) == 0
    anonymous = pages.visitors(seeded)[None]  # sent to the sign-in page
    assert count.main(_count_spec(tmp_path, seeded, anonymous), 2) == 1
    assert "answered 302" in capsys.readouterr().err


def test_the_instruction_count_is_read_from_callgrinds_summary():
    from demo.bench import inprocess

    class Finished:
        def __init__(self, returncode, stderr):
            self.returncode, self.stderr = returncode, stderr

        def communicate(self):
            return "", self.stderr

    summary = "==7842== Events    : Ir\n==7842== Collected : 5319552264\n"
    assert inprocess._collected(Finished(0, summary)) == 5_319_552_264
    with pytest.raises(RuntimeError, match="counted run failed"):
        inprocess._collected(Finished(1, summary))
    with pytest.raises(RuntimeError, match="counted run failed"):
        inprocess._collected(Finished(0, "valgrind: command not found"))
