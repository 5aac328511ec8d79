"""Training-plan test data: the shipped library, plans and templates for the fixed cast."""

from __future__ import annotations

from sessions_log.models import Exercise, Programme
from sessions_log.plans import library, rules, services


def load_library() -> dict[str, Exercise]:
    """The shared library, as the data migration leaves it (tests with transactional_db
    empty the tables, so tests that need it load it again; it is idempotent)."""
    library.sync_library(Exercise)
    return {e.slug: e for e in Exercise.objects.filter(centre__isnull=True)}


def library_facts() -> dict[str, rules.ExerciseFacts]:
    """The shipped library as plain facts, straight from the file (no database)."""
    entries = {entry["slug"]: entry for entry in library.read_library()}
    built: dict[str, rules.ExerciseFacts] = {}

    def build(slug):
        if slug not in built:
            entry = entries[slug]
            values = library.model_values(entry)
            built[slug] = rules.ExerciseFacts(
                key=slug,
                name=entry["name_en"],
                type=entry["type"],
                tags=frozenset(entry.get("tags", [])),
                variant=build(entry["variant"]) if entry.get("variant") else None,
                dose=rules.Dose(
                    sets=values["sets"],
                    reps=values["reps"],
                    seconds=values["seconds"],
                    minutes=values["minutes"],
                ),
            )
        return built[slug]

    for slug in entries:
        build(slug)
    return built


def session_input(kind="strength", days="24", minutes=30, borg=(11, 13), items=(), **extra):
    """A SessionInput; items are (exercise, sets, reps, seconds, minutes)."""
    return services.SessionInput(
        weekdays=days,
        kind=kind,
        setting=extra.get("setting", "centre"),
        minutes=minutes,
        borg_min=borg[0],
        borg_max=borg[1],
        note=extra.get("note", ""),
        exercises=[
            services.ItemInput(e, sets=s, reps=r, seconds=sec, minutes=m)
            for e, s, r, sec, m in items
        ],
    )


def make_plan(patient, physio, *, note="Start rolig.") -> Programme:
    """Version 1 of a small plan for ``patient``: a walk and a strength session."""
    lib = load_library()
    programme, _created = services.save_programme(
        patient=patient,
        author=physio,
        base_version=Programme.objects.filter(patient=patient).count(),
        note=note,
        sessions=[
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
        ],
    )
    return programme


def centre_exercise(centre, physio=None, **values) -> Exercise:
    fields = {
        "name_nb": "Trappeløp på senteret",
        "name_en": "",
        "type": "endurance",
        "steps_nb": "Gå til trappa\nGå opp og ned\nHvil på toppen",
        "sets": 1,
        "minutes": 10,
        "borg_min": 11,
        "borg_max": 14,
        "equipment": ["step"],
        "tags": ["load:knee_left", "load:knee_right"],
    } | values
    return services.save_centre_exercise(centre=centre, author=physio, values=fields)
