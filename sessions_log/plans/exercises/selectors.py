"""Reads for the exercise library: what a centre sees, the exercises as plain facts for the
rules (with their variant chains), which of them a patient's restrictions exclude, and the
dose of an exercise in a patient's current plan. Lists cost a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from sessions_log.models import Exercise, ExerciseType, PlannedExercise, Programme
from sessions_log.plans.rules.contraindications import Check, check_exercise, exclusions
from sessions_log.plans.rules.data import ExerciseFacts
from sessions_log.plans.words import dose_text


def visible_exercises(*, centre_id):
    """The shared library and the centre's own exercises."""
    return (
        Exercise.objects.filter(Q(centre__isnull=True) | Q(centre_id=centre_id))
        .select_related("variant")
        .order_by("type", "name_nb", "pk")
    )


def library(*, centre_id, type: str = "") -> list[Exercise]:
    """The library page: two queries at most, however many exercises (one for the list)."""
    qs = visible_exercises(centre_id=centre_id)
    if type:
        qs = qs.filter(type=type)
    order = [value for value, _label in ExerciseType.choices]
    # Sorted by the name in the reader's language, which the database does not know.
    return sorted(qs, key=lambda e: (order.index(e.type), e.name.lower()))


def facts(exercises: Iterable[Exercise]) -> dict[int, ExerciseFacts]:
    """Plain facts for the rules, with variant chains built in memory (no extra query)."""
    exercises = {e.pk: e for e in exercises}
    built: dict[int, ExerciseFacts] = {}

    def build(pk: int, seen: frozenset) -> ExerciseFacts:
        if pk in built:
            return built[pk]
        exercise = exercises[pk]
        variant = None
        if exercise.variant_id in exercises and exercise.variant_id not in seen:
            variant = build(exercise.variant_id, seen | {pk})
        built[pk] = ExerciseFacts(
            key=pk,
            name=exercise.name,
            type=exercise.type,
            tags=frozenset(exercise.tags),
            variant=variant,
            dose=exercise.dose,
        )
        return built[pk]

    for pk in exercises:
        build(pk, frozenset())
    return built


def centre_facts(*, centre_id) -> tuple[dict[int, Exercise], dict[int, ExerciseFacts]]:
    exercises = {e.pk: e for e in visible_exercises(centre_id=centre_id)}
    return exercises, facts(exercises.values())


def unsuitable(*, exercise_facts: dict[int, ExerciseFacts], restrictions) -> dict[int, Check]:
    """The exercises the restrictions exclude, each with why and its replacement."""
    found = exclusions(restrictions)
    if not found:
        return {}
    checks = {pk: check_exercise(f, rules=found) for pk, f in exercise_facts.items()}
    return {pk: check for pk, check in checks.items() if not check.allowed}


def unsuitable_reason(check: Check) -> str:
    return " ".join(str(row.rule) for row in check.rows)


def variant_chain(exercises: Iterable[Exercise]) -> dict[int, Exercise]:
    """The variants (and theirs) of the given exercises: one query per level, at most three."""
    found: dict[int, Exercise] = {}
    wanted = {e.variant_id for e in exercises if e.variant_id} - {e.pk for e in exercises}
    for _level in range(3):
        if not wanted:
            break
        batch = list(Exercise.objects.filter(pk__in=wanted))
        found |= {e.pk: e for e in batch}
        wanted = {e.variant_id for e in batch if e.variant_id} - set(found)
    return found


def planned_dose(*, patient, exercise) -> str:
    """The dose of ``exercise`` in the patient's current plan, or empty. Two queries."""
    latest = Programme.objects.filter(patient=patient).order_by("-version").first()
    if latest is None:
        return ""
    item = PlannedExercise.objects.filter(session__programme=latest, exercise=exercise).first()
    return dose_text(item.dose) if item else ""
