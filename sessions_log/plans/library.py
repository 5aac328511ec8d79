"""The shared exercise library: read ``library.toml`` and write it to the database.

``sync_library`` is called by data migrations, with the migration's historical ``Exercise``
model: it creates the exercises that are new and updates the ones whose slug it knows, so a
changed text, dose or tag in the file ships as one more migration that calls it again.
It only sets fields the given model has, so an old migration keeps working after the model
grows. Exercises are never deleted here: plans refer to them.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

LIBRARY_FILE = Path(__file__).with_name("library.toml")
TEXT_FIELDS = ("name", "feel", "avoid")
LANGUAGES = ("nb", "en")


def read_library(path: Path = LIBRARY_FILE) -> list[dict]:
    with path.open("rb") as handle:
        return tomllib.load(handle)["exercise"]


def model_values(entry: dict) -> dict:
    """The entry as model field values (steps one per line, the Borg range split)."""
    values = {
        "type": entry["type"],
        "sets": entry.get("sets", 1),
        "reps": entry.get("reps"),
        "seconds": entry.get("seconds"),
        "minutes": entry.get("minutes"),
        "borg_min": entry["borg"][0],
        "borg_max": entry["borg"][1],
        "equipment": list(entry.get("equipment", [])),
        "tags": sorted(entry.get("tags", [])),
    }
    for language in LANGUAGES:
        for name in TEXT_FIELDS:
            values[f"{name}_{language}"] = entry.get(f"{name}_{language}", "")
        values[f"steps_{language}"] = "\n".join(entry.get(f"steps_{language}", []))
    return values


def sync_library(exercise_model, entries: list[dict] | None = None) -> tuple[int, int]:
    """Create or update the shared exercises; returns (created, updated)."""
    entries = read_library() if entries is None else entries
    known = {field.name for field in exercise_model._meta.get_fields()}
    shared = exercise_model.objects.filter(centre__isnull=True)
    existing = {exercise.slug: exercise for exercise in shared}
    created = updated = 0
    for entry in entries:
        values = {k: v for k, v in model_values(entry).items() if k in known}
        exercise = existing.get(entry["slug"])
        if exercise is None:
            existing[entry["slug"]] = exercise_model.objects.create(slug=entry["slug"], **values)
            created += 1
        elif any(getattr(exercise, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(exercise, key, value)
            exercise.save()
            updated += 1
    # Variants in a second pass: an entry may name one further down the file.
    for entry in entries:
        exercise = existing[entry["slug"]]
        variant = existing[entry["variant"]] if entry.get("variant") else None
        if exercise.variant_id != (variant.pk if variant else None):
            exercise.variant = variant
            exercise.save(update_fields=["variant"])
    return created, updated
