"""Reads for training plans: the library a centre sees, a patient's current programme and its
versions, a template as a draft for a patient, the changes between two versions, the
patient's week, "Dagens økt" (today's sessions adapted to the check-in, and what one tap
logs), and planned vs done day by day. Lists cost a fixed number of queries however many
rows they have."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from patients.selectors import active_restrictions
from sessions_log.checkins.selectors import recent_step_down_flags
from sessions_log.guidance import AMBER, GREEN, RED
from sessions_log.models import (
    CheckIn,
    Equipment,
    Exercise,
    ExerciseType,
    PlannedExercise,
    PlannedSession,
    Programme,
    ProgrammeTemplate,
    WorkoutSession,
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
    programme: Programme | None = None,
) -> list[TodaysSession]:
    """The current programme's sessions planned on ``day``, each adapted to the day's level
    and reasons (guidance codes), the restrictions in force and the recent flag kinds.
    For "Dagens økt": a fixed number of queries (pass ``programme`` if you have it)."""
    programme = programme or current_programme(patient=patient)
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


# "Dagens økt": the home page's card, and what one tap logs ---------------------------------

# The check-in stores why the day stepped down; these are the flag kinds behind those codes.
STEP_DOWN_CODES = {"recent_slow_recovery": "slow_recovery", "recent_too_hard": "too_hard"}
BEFORE_CHECK_IN = "before_check_in"


def recent_flags_for(*, patient, check_in) -> list[str]:
    """The step-down flag kinds for today's adaptation: those the check-in saw, and any
    raised since (a "not recovered" answer after the morning's check-in counts at once)."""
    kinds = {STEP_DOWN_CODES[c] for c in check_in.reasons if c in STEP_DOWN_CODES}
    kinds.update(recent_step_down_flags(patient=patient))
    return sorted(kinds)


@dataclass
class CardExercise:
    exercise: Exercise
    dose: str
    instead_of: Exercise | None  # the planned exercise it replaces today, if any


@dataclass
class CardSession:
    today: TodaysSession
    exercises: list[CardExercise]
    left_out: int
    done: list[WorkoutSession]  # logged today for this planned session

    @property
    def session(self) -> PlannedSession:
        return self.today.session

    @property
    def adapted(self) -> rules.AdaptedSession:
        return self.today.adapted

    @property
    def lighter_today(self) -> bool:
        return self.adapted.mode == rules.LIGHTER


@dataclass
class TodayCard:
    """What "Dagens økt" shows. ``state``: before_check_in, or the mode of today's version
    (rules.AS_PLANNED on a green day, rules.LIGHTER on an amber day or after a recent
    step-down flag, rules.REST on a red day: nothing to do)."""

    day: dt.date
    state: str
    sessions: list[CardSession]
    reasons: tuple[str, ...]  # why today's version differs from the plan, in plain words

    @property
    def can_log(self) -> bool:
        """The one-tap buttons: after a check-in that is not red."""
        return self.state in (rules.AS_PLANNED, rules.LIGHTER)


def _card_session(today: TodaysSession, done: list) -> CardSession:
    exercises = today.exercises
    return CardSession(
        today=today,
        exercises=[
            CardExercise(
                exercise=exercises[item.exercise.key],
                dose=dose_text(item.dose),
                instead_of=exercises.get(item.planned.exercise.key) if item.replaced else None,
            )
            for item in today.adapted.items
        ],
        left_out=len(today.adapted.dropped),
        done=done,
    )


def todays_card(*, patient, day: dt.date, check_in) -> TodayCard | None:
    """ "Dagens økt" for the home page: today's planned sessions adapted to today's check-in
    (level, reasons, pain area, recent step-down flags) and the restrictions in force; before
    the check-in, the plan for today as planned (restrictions applied). None without a plan.
    A fixed number of queries (about ten with a plan, one without)."""
    programme = current_programme(patient=patient)
    if programme is None:
        return None
    if check_in is None:
        level, reasons, flags, pain_area = GREEN, (), (), ""
    else:
        level, reasons, pain_area = check_in.level, check_in.reasons, check_in.pain_area
        flags = recent_flags_for(patient=patient, check_in=check_in) if level != RED else ()
    todays = todays_sessions(
        patient=patient,
        day=day,
        level=level,
        reasons=reasons,
        recent_flags=flags,
        pain_area=pain_area,
        programme=programme,
    )
    if check_in is None:
        state = BEFORE_CHECK_IN
    elif todays:
        state = todays[0].adapted.mode  # the day's level and flags are the same for each
    else:
        state = {GREEN: rules.AS_PLANNED, AMBER: rules.LIGHTER}.get(level, rules.REST)
    done: dict[int, list] = {}
    if todays:
        for workout in WorkoutSession.objects.filter(
            patient=patient, performed_on=day, planned_session__in=[t.session for t in todays]
        ).order_by("started_at", "pk"):
            done.setdefault(workout.planned_session_id, []).append(workout)
    sessions = [_card_session(t, done.get(t.session.pk, [])) for t in todays]
    codes = [c for t in todays for c in t.adapted.codes if c != "green_as_planned"]
    return TodayCard(
        day=day,
        state=state,
        sessions=sessions,
        reasons=rules.describe(codes) if state != BEFORE_CHECK_IN else (),
    )


# What "I did today's session" logs: the activity and setting of a planned session.
ACTIVITY_FOR_KIND = {
    ExerciseType.STRENGTH: WorkoutSession.Activity.STRENGTH,
    ExerciseType.BALANCE: WorkoutSession.Activity.BALANCE,
    ExerciseType.MOBILITY: WorkoutSession.Activity.MOBILITY,
    ExerciseType.BREATHING: WorkoutSession.Activity.OTHER,
}
# Endurance is logged by the equipment of its longest exercise; without a machine, a walk.
ACTIVITY_FOR_EQUIPMENT = {
    Equipment.BIKE: WorkoutSession.Activity.CYCLE,
    Equipment.CROSS_TRAINER: WorkoutSession.Activity.CARDIO,
    Equipment.ROWING_MACHINE: WorkoutSession.Activity.CARDIO,
    Equipment.TREADMILL: WorkoutSession.Activity.CARDIO,
}
SETTING_FOR_PLAN = {
    PlannedSession.Setting.CENTRE: WorkoutSession.Setting.SELF,
    PlannedSession.Setting.GROUP: WorkoutSession.Setting.GROUP,
    PlannedSession.Setting.HOME: WorkoutSession.Setting.HOME,
}
DONE, LIGHTER = "done", "lighter"  # the two one-tap answers: today's version, or lighter


def workout_activity(today: TodaysSession) -> str:
    """The activity a logged session of today's (adapted) version is saved as."""
    items = [(i.dose, today.exercises[i.exercise.key].equipment) for i in today.adapted.items]
    return activity_for(today.session.kind, items)


def activity_for(kind: str, items) -> str:
    """The WorkoutSession activity for a planned session of ``kind`` whose exercises are
    ``items``, (rules.Dose, equipment codes) pairs: endurance by its longest exercise."""
    if kind != ExerciseType.ENDURANCE:
        return ACTIVITY_FOR_KIND[kind]
    for _dose, equipment in sorted(items, key=lambda item: -item[0].volume)[:1]:
        for code in equipment:
            if code in ACTIVITY_FOR_EQUIPMENT:
                return ACTIVITY_FOR_EQUIPMENT[code]
    return WorkoutSession.Activity.WALK


@dataclass
class PlannedLog:
    """What one tap on "Dagens økt" saves, before the effort is chosen."""

    session: PlannedSession
    version: rules.AdaptedSession  # the version the patient did
    plan_followed: str
    activity: str
    setting: str

    @property
    def minutes(self) -> int:
        return self.version.minutes

    @property
    def target(self) -> tuple[int, int]:
        return self.version.borg_min, self.version.borg_max

    @property
    def suggested_rpe(self) -> int:
        """Pre-set on the effort page: the middle of the target range."""
        low, high = self.target
        return (low + high) // 2


def planned_log(*, patient, session: PlannedSession, day: dt.date, how: str):
    """What logging ``session`` on ``day`` saves for ``how`` (DONE: the version "Dagens økt"
    shows; LIGHTER: its lighter version), or None when it cannot be logged from the card:
    no check-in yet, a red day, or not one of the day's planned sessions of the current plan.

    ``plan_followed`` is measured against the programme: the amber (lighter) version done
    as shown is "lighter", so only sessions done as the physiotherapist planned them count
    towards "ready for more"."""
    check_in = CheckIn.objects.filter(patient=patient, date=day).first()
    if check_in is None or check_in.level == RED:
        return None
    flags = recent_flags_for(patient=patient, check_in=check_in)
    level = AMBER if how == LIGHTER else check_in.level
    todays = todays_sessions(
        patient=patient,
        day=day,
        level=level,
        reasons=check_in.reasons,
        recent_flags=flags,
        pain_area=check_in.pain_area,
    )
    today = next((t for t in todays if t.session.pk == session.pk), None)
    if today is None:
        return None
    lighter = how == LIGHTER or today.adapted.mode == rules.LIGHTER
    return PlannedLog(
        session=today.session,
        version=today.adapted,
        plan_followed=(
            WorkoutSession.PlanFollowed.LIGHTER
            if lighter
            else WorkoutSession.PlanFollowed.AS_PLANNED
        ),
        activity=workout_activity(today),
        setting=SETTING_FOR_PLAN[today.session.setting],
    )


# Planned vs done ------------------------------------------------------------------------------

NOT_DONE = "not_done"
PENDING = "pending"


@dataclass
class PlannedOutcome:
    session: PlannedSession
    workout: WorkoutSession | None
    day: dt.date
    today: dt.date

    @property
    def status(self) -> str:
        """as_planned, lighter or other (WorkoutSession.plan_followed); not_done for a day
        that is over; pending for today and later."""
        if self.workout is not None:
            return self.workout.plan_followed
        return NOT_DONE if self.day < self.today else PENDING


@dataclass
class PlanDay:
    day: dt.date
    programme: Programme | None  # the version in force that day
    planned: list[PlannedOutcome]
    extra: list[WorkoutSession]  # logged that day, not for one of its planned sessions
    today: dt.date

    @property
    def name(self) -> str:
        return str(WEEKDAY_NAMES[str(self.day.isoweekday())])

    @property
    def is_today(self) -> bool:
        return self.day == self.today


def version_on(programmes: list[Programme], day: dt.date, tz) -> Programme | None:
    """The version in force on ``day``: the newest one made on or before it (local dates)."""
    made = [p for p in programmes if timezone.localtime(p.created_at, tz).date() <= day]
    return max(made, key=lambda p: p.version, default=None)


def planned_vs_done(
    *, patient, start: dt.date, end: dt.date, today: dt.date | None = None
) -> list[PlanDay]:
    """Every day from ``start`` to ``end``: the sessions the programme version in force that
    day planned, each with the workout logged for it (linked by ``planned_session``; a
    workout linked to another version's session of the same kind counts for it too), and
    the other workouts of the day. Three queries, however long the period."""
    today = today or patient.local_today()
    tz = patient.centre.tzinfo
    programmes = list(
        Programme.objects.filter(patient=patient).prefetch_related(
            Prefetch("sessions", queryset=PlannedSession.objects.order_by("order", "id"))
        )
    )
    by_day: dict[dt.date, list[WorkoutSession]] = {}
    for workout in (
        WorkoutSession.objects.filter(
            patient=patient, performed_on__gte=start, performed_on__lte=end
        )
        .select_related("planned_session")
        .order_by("started_at", "pk")
    ):
        by_day.setdefault(workout.performed_on, []).append(workout)
    days = []
    day = start
    while day <= end:
        programme = version_on(programmes, day, tz)
        weekday = str(day.isoweekday())
        planned = (
            [s for s in programme.sessions.all() if weekday in s.weekdays] if programme else []
        )
        workouts = by_day.get(day, [])
        linked = [w for w in workouts if w.planned_session_id]
        outcomes = []
        for session in planned:
            match = next((w for w in linked if w.planned_session_id == session.pk), None)
            if match is None:
                match = next(
                    (
                        w
                        for w in linked
                        if w.planned_session.kind == session.kind
                        and w.planned_session_id not in {s.pk for s in planned}
                    ),
                    None,
                )
            if match is not None:
                linked.remove(match)
            outcomes.append(PlannedOutcome(session=session, workout=match, day=day, today=today))
        matched = {id(o.workout) for o in outcomes if o.workout is not None}
        extra = [w for w in workouts if id(w) not in matched]
        days.append(
            PlanDay(day=day, programme=programme, planned=outcomes, extra=extra, today=today)
        )
        day += dt.timedelta(days=1)
    return days
