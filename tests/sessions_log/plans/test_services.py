"""Writing plans: versions, double submits and stale forms, restrictions, starter templates,
centre templates and a centre's own exercises."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sessions_log.models import PlannedExercise, PlannedSession, Programme, ProgrammeTemplate
from sessions_log.plans.exercises.services import save_centre_exercise
from sessions_log.plans.programmes import selectors, services
from sessions_log.plans.programmes.starter_templates import STARTER_TEMPLATES
from tests.factories import RestrictionFactory
from tests.sessions_log.plans.helpers import (
    centre_exercise,
    load_library,
    make_plan,
    session_input,
)


@pytest.fixture
def lib(db):
    return load_library()


def test_every_change_is_a_new_version_and_the_old_one_is_kept(cast, lib):
    first = make_plan(cast.patient_a, cast.physio_a)
    assert first.version == 1
    second, created = services.save_programme(
        patient=cast.patient_a,
        author=cast.physio_a,
        base_version=1,
        note="Litt mer nå.",
        sessions=[
            session_input("endurance", "1357", 40, (12, 14), [(lib["walk"], 1, None, None, 40)])
        ],
    )
    assert created and second.version == 2
    assert selectors.current_programme(patient=cast.patient_a) == second
    first.refresh_from_db()
    assert [s.minutes for s in first.sessions.all()] == [30, 30]
    assert [s.minutes for s in second.sessions.all()] == [40]
    assert PlannedExercise.objects.filter(session__programme=first).count() == 4


def test_saving_the_same_plan_again_writes_no_version(cast, lib):
    first = make_plan(cast.patient_a, cast.physio_a)
    sessions = [
        session_input("endurance", "135", 30, (11, 13), [(lib["walk"], 1, None, None, 30)]),
        session_input(
            "strength",
            "24",
            30,
            (12, 14),
            [
                (lib["sit-to-stand"], 3, 10, None, None),
                (lib["band-row"], 3, 12, None, None),
                (lib["one-leg-stand"], 3, None, 20, None),
            ],
        ),
    ]
    again, created = services.save_programme(
        patient=cast.patient_a,
        author=cast.physio_a,
        base_version=1,
        note="Start rolig.",
        sessions=sessions,
    )
    assert (again, created) == (first, False)
    assert Programme.objects.count() == 1


def test_a_form_opened_on_an_older_version_writes_nothing(cast, lib):
    make_plan(cast.patient_a, cast.physio_a)
    with pytest.raises(services.StaleVersion) as caught:
        services.save_programme(
            patient=cast.patient_a,
            author=cast.physio_a,
            base_version=0,
            note="",
            sessions=[session_input("endurance", "1", 20, (11, 13))],
        )
    assert caught.value.current.version == 1
    assert Programme.objects.count() == 1


def test_an_exercise_the_restrictions_exclude_is_refused(cast, lib):
    restriction = RestrictionFactory(
        patient=cast.patient_a, kind="bone_metastasis", body_area="lower_back", max_rpe=None
    )
    with pytest.raises(ValidationError):
        services.save_programme(
            patient=cast.patient_a,
            author=cast.physio_a,
            base_version=0,
            note="",
            restrictions=[restriction],
            sessions=[session_input(items=[(lib["woodchop"], 3, 10, None, None)])],
        )
    assert not Programme.objects.exists()
    assert not PlannedSession.objects.filter(programme__isnull=False).exists()


def test_the_starter_templates_are_made_once_in_bokmal(cast, lib):
    created = services.ensure_starter_templates(centre=cast.centre_a)
    assert [t.name for t in created] == [
        "Under cellegift – start",
        "Etter brystoperasjon",
        "Etter behandling – bygge opp",
        "Balanse og nevropati",
    ]
    assert services.ensure_starter_templates(centre=cast.centre_a) == []
    assert ProgrammeTemplate.objects.filter(centre=cast.centre_a).count() == 4
    breast = ProgrammeTemplate.objects.get(starter_key="after-breast-surgery")
    mobility = breast.sessions.get(kind="mobility")
    assert mobility.weekdays == "1234567"
    assert [i.exercise.slug for i in mobility.exercises.all()][:2] == ["wand-raise", "wall-walk"]
    # Every slug the starters name exists in the library.
    for starter in STARTER_TEMPLATES:
        for s in starter["sessions"]:
            for slug, *_dose in s["exercises"]:
                assert slug in lib, slug


def test_a_centre_template_name_is_unique_in_the_centre(cast, lib):
    services.ensure_starter_templates(centre=cast.centre_a)
    with pytest.raises(ValidationError) as caught:
        services.save_template(
            centre=cast.centre_a,
            author=cast.physio_a,
            name="etter brystoperasjon",
            description="",
            note="",
            sessions=[session_input()],
        )
    assert "name" in caught.value.error_dict
    other = services.save_template(
        centre=cast.centre_b,
        author=cast.physio_b,
        name="Etter brystoperasjon",
        description="",
        note="",
        sessions=[session_input(items=[(lib["walk"], 1, None, None, 20)])],
    )
    assert other.sessions.get().exercises.get().exercise == lib["walk"]


def test_the_shared_library_cannot_be_changed_by_a_centre(cast, lib):
    with pytest.raises(ValidationError):
        save_centre_exercise(
            centre=cast.centre_a,
            author=cast.physio_a,
            values={"name_nb": "Min gåtur"},
            exercise=lib["walk"],
        )
    lib["walk"].refresh_from_db()
    assert lib["walk"].name_nb == "Gåtur"
    own = centre_exercise(cast.centre_a, cast.physio_a)
    with pytest.raises(ValidationError):
        save_centre_exercise(
            centre=cast.centre_b, author=cast.physio_b, values={"name_nb": "Vår"}, exercise=own
        )
