"""The shared exercise library: shipped by a data migration from library.toml, complete in
both languages, and updated in place by slug."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import IntegrityError
from django.utils import translation

from patients.models import BodyArea
from sessions_log.models import Equipment, Exercise
from sessions_log.plans import library
from sessions_log.plans.rules import data
from tests.sessions_log.plans.helpers import centre_exercise, load_library

ENTRIES = library.read_library()


def test_the_file_has_at_least_40_exercises_of_every_type():
    counts = Counter(entry["type"] for entry in ENTRIES)
    assert sum(counts.values()) >= 40
    assert set(counts) == {"endurance", "strength", "balance", "mobility", "breathing"}
    assert counts["mobility"] >= 5 and counts["breathing"] >= 3
    assert len({e["slug"] for e in ENTRIES}) == len(ENTRIES)


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["slug"] for e in ENTRIES])
def test_each_exercise_is_complete_in_bokmal_and_english(entry):
    for language in ("nb", "en"):
        assert 3 <= len(entry[f"steps_{language}"]) <= 6
        assert (
            entry[f"name_{language}"] and entry[f"feel_{language}"] and entry[f"avoid_{language}"]
        )
    low, high = entry["borg"]
    assert 6 <= low <= high <= 20
    assert sum(k in entry for k in ("reps", "seconds", "minutes")) == 1
    assert set(entry["equipment"]) <= set(Equipment.values)
    for tag in entry["tags"]:
        area = tag.removeprefix(data.LOAD_PREFIX)
        assert tag in data.TAG_LABELS or (tag != area and area in BodyArea.values), tag
    if entry.get("variant"):
        assert entry["variant"] in {e["slug"] for e in ENTRIES}
        assert entry["variant"] != entry["slug"]


def test_the_migration_put_the_library_in_the_database(db):
    lib = load_library()  # a no-op after the migration, a reload after a flushed test
    assert len(lib) == len(ENTRIES)
    walk = lib["walk"]
    assert walk.variant == lib["exercise-bike"]
    assert walk.minutes == 30 and (walk.borg_min, walk.borg_max) == (11, 13)
    assert walk.steps_nb.count("\n") == 3
    assert lib["split-squat"].tags == sorted(
        [
            "hip_load_heavy",
            "balance_unsupported",
            "load:hip_left",
            "load:hip_right",
            "load:leg_left",
            "load:leg_right",
            "load:knee_left",
            "load:knee_right",
        ]
    )


def test_syncing_again_changes_nothing_and_an_edited_entry_updates_in_place(db):
    load_library()
    assert library.sync_library(Exercise) == (0, 0)
    changed = [dict(e) for e in ENTRIES]
    walk = next(e for e in changed if e["slug"] == "walk")
    walk["name_en"] = "A walk"
    walk["minutes"] = 25
    pk = Exercise.objects.get(slug="walk", centre=None).pk
    assert library.sync_library(Exercise, changed) == (0, 1)
    updated = Exercise.objects.get(pk=pk)
    assert (updated.name_en, updated.minutes) == ("A walk", 25)


def test_it_shows_the_readers_language_and_falls_back_to_bokmal(db, centre_a):
    walk = load_library()["walk"]
    with translation.override("en"):
        assert walk.name == "Walk"
        assert walk.steps[0] == "Put on good shoes and clothes for the weather."
    with translation.override("nb"):
        assert walk.name == "Gåtur"
    own = centre_exercise(centre_a)
    with translation.override("en"):
        assert own.name == "Trappeløp på senteret"
        assert own.steps == ["Gå til trappa", "Gå opp og ned", "Hvil på toppen"]


def test_the_database_refuses_an_exercise_with_two_dose_units(db):
    with pytest.raises(IntegrityError):
        Exercise.objects.create(
            slug="x",
            type="strength",
            name_nb="X",
            steps_nb="a",
            sets=1,
            reps=10,
            minutes=5,
            borg_min=11,
            borg_max=13,
        )


def test_two_centres_may_use_the_same_slug_but_not_the_shared_one_twice(db, centre_a, centre_b):
    first = centre_exercise(centre_a)
    second = centre_exercise(centre_b)
    assert first.slug == second.slug
    assert centre_exercise(centre_a).slug == f"{first.slug}-2"
    load_library()
    with pytest.raises(IntegrityError):
        Exercise.objects.create(
            slug="walk",
            type="endurance",
            name_nb="Gå",
            steps_nb="a",
            minutes=5,
            borg_min=11,
            borg_max=13,
        )
