"""Reads for training plans: the library a centre sees, a patient's current programme and its
versions, a template as a draft for a patient, the changes between two versions, and the
patient's week. Lists cost a fixed number of queries however many rows they have."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from patients.selectors import active_restrictions
from sessions_log.guidance import GREEN
from sessions_log.models import (
    Exercise,
    ExerciseType,
    PlannedExercise,
    PlannedSession,
    Programme,
    ProgrammeTemplate,
)
from sessions_log.plans import rules

WEEKDAYS = [
    ("1", gettext_lazy("Monday")),
    ("2", gettext_lazy("Tuesday")),
    ("3", gettext_lazy("Wednesday")),
    ("4", gettext_lazy("Thursday")),
    ("5", gettext_lazy("Friday")),
    ("6", gettext_lazy("Saturday")),
    ("7", gettext_lazy("Sunday")),
]
WEEKDAY_NAMES = dict(WEEKDAYS)


def weekday_names(days: str) -> str:
    names = [str(WEEKDAY_NAMES[d]).lower() for d in days if d in WEEKDAY_NAMES]
    if len(names) <= 1:
        return "".join(names).capitalize()
    text = _("%(days)s and %(last)s") % {"days": ", ".join(names[:-1]), "last": names[-1]}
    return text[:1].upper() + text[1:]


def dose_text(dose: rules.Dose) -> str:
    """ "3 × 10", "3 × 30 s", "20 min" or "2 × 5 min"."""
    if dose.minutes is not None:
        if dose.sets > 1:
            return _("%(sets)s × %(minutes)s min") % {"sets": dose.sets, "minutes": dose.minutes}
        return _("%(minutes)s min") % {"minutes": dose.minutes}
    if dose.seconds is not None:
        return _("%(sets)s × %(seconds)s s") % {"sets": dose.sets, "seconds": dose.seconds}
    return _("%(sets)s × %(reps)s") % {"sets": dose.sets, "reps": dose.reps}


# The library --------------------------------------------------------------------------------


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


def facts(exercises: Iterable[Exercise]) -> dict[int, rules.ExerciseFacts]:
    """Plain facts for the rules, with variant chains built in memory (no extra query)."""
    exercises = {e.pk: e for e in exercises}
    built: dict[int, rules.ExerciseFacts] = {}

    def build(pk: int, seen: frozenset) -> rules.ExerciseFacts:
        if pk in built:
            return built[pk]
        exercise = exercises[pk]
        variant = None
        if exercise.variant_id in exercises and exercise.variant_id not in seen:
            variant = build(exercise.variant_id, seen | {pk})
        built[pk] = rules.ExerciseFacts(
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


def centre_facts(*, centre_id) -> tuple[dict[int, Exercise], dict[int, rules.ExerciseFacts]]:
    exercises = {e.pk: e for e in visible_exercises(centre_id=centre_id)}
    return exercises, facts(exercises.values())


def unsuitable(
    *, exercise_facts: dict[int, rules.ExerciseFacts], restrictions
) -> dict[int, rules.Check]:
    """The exercises the restrictions exclude, each with why and its replacement."""
    found = rules.exclusions(restrictions)
    if not found:
        return {}
    checks = {pk: rules.check_exercise(f, rules=found) for pk, f in exercise_facts.items()}
    return {pk: check for pk, check in checks.items() if not check.allowed}


def unsuitable_reason(check: rules.Check) -> str:
    return " ".join(str(row.rule) for row in check.rows)


# Programmes ---------------------------------------------------------------------------------


def _with_sessions(qs):
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


def current_programme(*, patient) -> Programme | None:
    """The version the patient sees: the highest. Four queries with its sessions."""
    return (
        _with_sessions(Programme.objects.filter(patient=patient).select_related("created_by"))
        .order_by("-version")
        .first()
    )


def programme_versions(*, patient) -> list[Programme]:
    """Every version (and the progression suggestion it was made from, if any), newest
    first: four queries however many versions."""
    return list(
        _with_sessions(
            Programme.objects.filter(patient=patient).select_related(
                "created_by", "template", "made_from_suggestion"
            )
        ).order_by("-version")
    )


def templates_for_centre(*, centre_id) -> list[ProgrammeTemplate]:
    return list(
        _with_sessions(ProgrammeTemplate.objects.filter(centre_id=centre_id)).order_by("name")
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


def _exercise_row(exercise_id, dose: rules.Dose) -> dict:
    unit = dose.unit
    amount = {"reps": dose.reps, "seconds": dose.seconds, "minutes": dose.minutes}[unit]
    return {"exercise": str(exercise_id), "sets": dose.sets, "amount": amount, "unit": unit}


def session_data(session: PlannedSession, exercise_facts) -> rules.PlannedSessionData:
    """A stored session as plain data for ``rules.adapt``."""
    return rules.PlannedSessionData(
        kind=session.kind,
        minutes=session.minutes,
        borg_min=session.borg_min,
        borg_max=session.borg_max,
        setting=session.setting,
        weekdays=session.weekdays,
        note=session.note,
        items=tuple(
            rules.PlannedItem(exercise_facts[item.exercise_id], item.dose)
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
    found = rules.exclusions(restrictions)
    replacements = []
    for number, row in enumerate(rows, start=1):
        for item in row["exercises"]:
            planned = exercise_facts.get(int(item["exercise"]))
            check = rules.check_exercise(planned, rules=found) if planned else None
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


def snapshot(programme) -> list[dict]:
    """A version as plain data for ``describe_changes``."""
    return [
        {
            "kind": s.get_kind_display(),
            "weekdays": s.weekdays,
            "minutes": s.minutes,
            "borg": (s.borg_min, s.borg_max),
            "setting": s.get_setting_display(),
            "note": s.note,
            "items": [
                (item.exercise_id, item.exercise.name, item.dose) for item in s.exercises.all()
            ],
        }
        for s in programme.sessions.all()
    ]


def describe_changes(
    old: list[dict] | None, new: list[dict], *, old_note="", new_note=""
) -> list[str]:
    """What changed from one version to the next, one sentence each (pure; no queries)."""
    if old is None:
        return [_("First version.")]
    lines = []
    for number in range(1, max(len(old), len(new)) + 1):
        before = old[number - 1] if number <= len(old) else None
        after = new[number - 1] if number <= len(new) else None
        label = {"number": number, "kind": (after or before)["kind"]}
        if before is None:
            lines.append(_("Session %(number)s (%(kind)s) added.") % label)
            continue
        if after is None:
            lines.append(_("Session %(number)s (%(kind)s) removed.") % label)
            continue
        if before["kind"] != after["kind"]:
            lines.append(
                _("Session %(number)s: %(old)s became %(new)s.")
                % {"number": number, "old": before["kind"], "new": after["kind"]}
            )
        if before["weekdays"] != after["weekdays"]:
            lines.append(
                _("Session %(number)s (%(kind)s): days %(old)s → %(new)s.")
                % {
                    **label,
                    "old": weekday_names(before["weekdays"]).lower(),
                    "new": weekday_names(after["weekdays"]).lower(),
                }
            )
        if before["minutes"] != after["minutes"]:
            lines.append(
                _("Session %(number)s (%(kind)s): %(old)s → %(new)s minutes.")
                % {**label, "old": before["minutes"], "new": after["minutes"]}
            )
        if before["borg"] != after["borg"]:
            lines.append(
                _("Session %(number)s (%(kind)s): effort %(old)s → %(new)s.")
                % {
                    **label,
                    "old": "{}–{}".format(*before["borg"]),
                    "new": "{}–{}".format(*after["borg"]),
                }
            )
        if before["setting"] != after["setting"]:
            lines.append(
                _("Session %(number)s (%(kind)s): %(old)s → %(new)s.")
                % {**label, "old": before["setting"].lower(), "new": after["setting"].lower()}
            )
        if before["note"] != after["note"]:
            lines.append(_("Session %(number)s (%(kind)s): the note changed.") % label)
        lines += _item_changes(label, before["items"], after["items"])
    if old_note != new_note:
        lines.append(_("The note for the patient changed."))
    return lines


def _item_changes(label, before, after) -> list[str]:
    lines = []
    old = {pk: (name, dose) for pk, name, dose in before}
    new = {pk: (name, dose) for pk, name, dose in after}
    for pk, (name, dose) in new.items():
        if pk not in old:
            lines.append(
                _("Session %(number)s (%(kind)s): %(exercise)s added (%(dose)s).")
                % {**label, "exercise": name, "dose": dose_text(dose)}
            )
        elif old[pk][1] != dose:
            lines.append(
                _("Session %(number)s (%(kind)s): %(exercise)s %(old)s → %(new)s.")
                % {**label, "exercise": name, "old": dose_text(old[pk][1]), "new": dose_text(dose)}
            )
    for pk, (name, _dose) in old.items():
        if pk not in new:
            lines.append(
                _("Session %(number)s (%(kind)s): %(exercise)s removed.")
                % {**label, "exercise": name}
            )
    if [pk for pk, *_r in before if pk in new] != [pk for pk, *_r in after if pk in old]:
        lines.append(_("Session %(number)s (%(kind)s): new order of the exercises.") % label)
    return lines


@dataclass
class Version:
    programme: Programme
    changes: list[str]


def version_history(*, patient) -> list[Version]:
    """Every version with what changed from the one before, newest first."""
    versions = programme_versions(patient=patient)
    history = []
    for index, programme in enumerate(versions):
        previous = versions[index + 1] if index + 1 < len(versions) else None
        history.append(
            Version(
                programme=programme,
                changes=describe_changes(
                    snapshot(previous) if previous else None,
                    snapshot(programme),
                    old_note=previous.note if previous else "",
                    new_note=programme.note,
                ),
            )
        )
    return history


# The patient's week -------------------------------------------------------------------------


@dataclass
class PlanSession:
    session: PlannedSession
    days: str
    adapted: rules.AdaptedSession
    exercises: list[tuple[Exercise, str]]  # (exercise, dose text) as the patient does them
    left_out: int

    @property
    def lines(self) -> list:
        """Adapted and left-out exercises in the planned order (for the physiotherapist)."""
        order = {id(item): index for index, item in enumerate(self.adapted.planned.items)}
        lines = [*self.adapted.items, *self.adapted.dropped]
        return sorted(lines, key=lambda line: order.get(id(line.planned), 0))


@dataclass
class WeekPlan:
    programme: Programme
    sessions: list[PlanSession]
    week: list[tuple[str, list[PlannedSession]]]  # (day name, that day's sessions)
    restrictions: list


def week_plan(*, patient, day: dt.date | None = None) -> WeekPlan | None:
    """The current programme as the patient sees it: each session as planned, with what an
    active restriction excludes replaced or left out (rules.adapt on a green day)."""
    programme = current_programme(patient=patient)
    if programme is None:
        return None
    day = day or patient.local_today()
    restrictions = active_restrictions(patient=patient, day=day)
    exercises = {
        item.exercise_id: item.exercise
        for s in programme.sessions.all()
        for item in s.exercises.all()
    }
    variants = _variant_chain(exercises.values())
    exercises |= variants
    exercise_facts = facts(exercises.values())
    sessions = []
    for session in programme.sessions.all():
        adapted = rules.adapt(
            session_data(session, exercise_facts), level=GREEN, restrictions=restrictions
        )
        sessions.append(
            PlanSession(
                session=session,
                days=weekday_names(session.weekdays),
                adapted=adapted,
                exercises=[(exercises[i.exercise.key], dose_text(i.dose)) for i in adapted.items],
                left_out=len(adapted.dropped),
            )
        )
    week = [
        (str(name), [s.session for s in sessions if iso in s.session.weekdays])
        for iso, name in WEEKDAYS
    ]
    return WeekPlan(programme=programme, sessions=sessions, week=week, restrictions=restrictions)


@dataclass
class TodaysSession:
    session: PlannedSession
    adapted: rules.AdaptedSession
    exercises: dict[int, Exercise]  # every exercise the adapted session names, by key


def todays_sessions(
    *,
    patient,
    day: dt.date,
    level: str,
    reasons: Iterable[str] = (),
    recent_flags: Iterable[str] = (),
    pain_area: str = "",
) -> list[TodaysSession]:
    """The current programme's sessions planned on ``day``, each adapted to the day's level
    and reasons (guidance codes), the restrictions in force and the recent flag kinds.
    For "Dagens økt": a fixed number of queries."""
    programme = current_programme(patient=patient)
    if programme is None:
        return []
    weekday = str(day.isoweekday())
    planned = [s for s in programme.sessions.all() if weekday in s.weekdays]
    if not planned:
        return []
    restrictions = active_restrictions(patient=patient, day=day)
    exercises = {i.exercise_id: i.exercise for s in planned for i in s.exercises.all()}
    exercises |= _variant_chain(exercises.values())
    exercise_facts = facts(exercises.values())
    reasons, recent_flags = tuple(reasons), tuple(recent_flags)
    return [
        TodaysSession(
            session=session,
            adapted=rules.adapt(
                session_data(session, exercise_facts),
                level=level,
                reasons=reasons,
                restrictions=restrictions,
                recent_flags=recent_flags,
                pain_area=pain_area,
            ),
            exercises=exercises,
        )
        for session in planned
    ]


def _variant_chain(exercises: Iterable[Exercise]) -> dict[int, Exercise]:
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
