"""``make bench`` runs for minutes outside the suite; this keeps its parts true to the product:
the seeded centre (with training plans) and every page it measures, fetched the way the
benchmark fetches them, answer as expected (a form that changed would otherwise only show
when someone next runs the benchmark)."""

from __future__ import annotations

import pytest

from demo.bench import pages
from demo.bench.seed import seed_centre
from patients.models import PatientProfile
from sessions_log.models import Programme, WorkoutSession


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
