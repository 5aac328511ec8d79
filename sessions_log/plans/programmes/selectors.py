"""Reads for programmes and templates: a patient's current programme and its versions, a
centre's templates, a programme's or template's sessions as the editor's rows or as plain
data for the rules, and a template as a draft for a patient (restrictions applied). Lists
cost a fixed number of queries however many rows they have."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from sessions_log.models import PlannedExercise, PlannedSession, Programme, ProgrammeTemplate
from sessions_log.plans.exercises.selectors import unsuitable_reason
from sessions_log.plans.rules.contraindications import check_exercise, exclusions
from sessions_log.plans.rules.data import Dose, PlannedItem, PlannedSessionData


def with_sessions(qs):
    return qs.prefetch_related(
        Prefetch(
            "sessions",
            queryset=PlannedSession.objects.prefetch_related(
                Prefetch(
                    "exercises",
                    queryset=PlannedExercise.objects.select_related(
                        "exercise", "exercise__variant"
                    ),
                )
            ),
        )
    )


def current_programme(*, patient, with_author: bool = True) -> Programme | None:
    """The version the patient sees: the highest. Three queries with its sessions and their
    exercises; ``with_author=False`` leaves out who made it (``created_by``, read when used),
    which "Dagens økt" does not show."""
    programmes = Programme.objects.filter(patient=patient)
    if with_author:
        programmes = programmes.select_related("created_by")
    return with_sessions(programmes).order_by("-version").first()


def programme_versions(*, patient) -> list[Programme]:
    """Every version (and the progression suggestion it was made from, if any), newest
    first: four queries however many versions."""
    return list(
        with_sessions(
            Programme.objects.filter(patient=patient).select_related(
                "created_by", "template", "made_from_suggestion"
            )
        ).order_by("-version")
    )


def templates_for_centre(*, centre_id) -> list[ProgrammeTemplate]:
    return list(
        with_sessions(ProgrammeTemplate.objects.filter(centre_id=centre_id)).order_by("name")
    )


# Plain data for the editor, the diff and the rules --------------------------------------------


def session_rows(owner) -> list[dict]:
    """A programme's or template's sessions as the editor's initial data."""
    rows = []
    for session in owner.sessions.all():
        rows.append(
            {
                "weekdays": list(session.weekdays),
                "kind": session.kind,
                "setting": session.setting,
                "minutes": session.minutes,
                "borg_min": session.borg_min,
                "borg_max": session.borg_max,
                "note": session.note,
                "exercises": [
                    _exercise_row(item.exercise_id, item.dose) for item in session.exercises.all()
                ],
            }
        )
    return rows


def _exercise_row(exercise_id, dose: Dose) -> dict:
    unit = dose.unit
    amount = {"reps": dose.reps, "seconds": dose.seconds, "minutes": dose.minutes}[unit]
    return {"exercise": str(exercise_id), "sets": dose.sets, "amount": amount, "unit": unit}


def session_data(session: PlannedSession, exercise_facts) -> PlannedSessionData:
    """A stored session as plain data for ``rules.adaptations.adapt``."""
    return PlannedSessionData(
        kind=session.kind,
        minutes=session.minutes,
        borg_min=session.borg_min,
        borg_max=session.borg_max,
        setting=session.setting,
        weekdays=session.weekdays,
        note=session.note,
        items=tuple(
            PlannedItem(exercise_facts[item.exercise_id], item.dose)
            for item in session.exercises.all()
            if item.exercise_id in exercise_facts
        ),
    )


@dataclass
class Replacement:
    """What applying a template for this patient changed."""

    session: int  # 1-based
    planned: str
    replacement: str  # empty: left out, the physiotherapist chooses another
    reason: str


@dataclass
class Draft:
    rows: list[dict]
    replacements: list[Replacement] = field(default_factory=list)


def template_draft(*, template, exercise_facts, restrictions) -> Draft:
    """The template as a plan for this patient: an exercise the restrictions exclude is
    replaced by its allowed variant where the table says so; otherwise it stays, marked, and
    the plan cannot be saved until the physiotherapist replaces it."""
    rows = session_rows(template)
    found = exclusions(restrictions)
    replacements = []
    for number, row in enumerate(rows, start=1):
        for item in row["exercises"]:
            planned = exercise_facts.get(int(item["exercise"]))
            check = check_exercise(planned, rules=found) if planned else None
            if check is None or check.allowed:
                continue
            reason = unsuitable_reason(check)
            if check.replacement is None:
                # Stays, marked in the editor: saving asks for another exercise.
                replacements.append(Replacement(number, planned.name, "", reason))
                continue
            item["exercise"] = str(check.replacement.key)
            if check.replacement.dose.unit != item["unit"]:
                item.update(_exercise_row(check.replacement.key, check.replacement.dose))
            replacements.append(Replacement(number, planned.name, check.replacement.name, reason))
        row["exercises"] = _merge_minutes(row["exercises"])
    return Draft(rows=rows, replacements=replacements)


def _merge_minutes(items: list[dict]) -> list[dict]:
    """One row per exercise done for minutes: a replacement that is already in the session
    (the rowing machine becoming the bike next to the bike) makes one longer bout."""
    merged: list[dict] = []
    for item in items:
        same = next((m for m in merged if m["exercise"] == item["exercise"]), None)
        if same and item["unit"] == same["unit"] == "minutes" and item["sets"] == same["sets"] == 1:
            same["amount"] += item["amount"]
        else:
            merged.append(item)
    return merged
