"""How the day changes a planned session (pure: no models, no database).

``ADAPTATIONS``: how the day's level (green / amber / red), its reason codes, the active
restrictions and recent flags change a planned session; ``adapt`` gives today's version of
one, and ``describe`` turns the stored codes back into the patient's sentences.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from sessions_log.guidance import AMBER, GREEN, RED, STEP_DOWN_FLAGS
from sessions_log.plans.rules.contraindications import check_exercise, exclusions
from sessions_log.plans.rules.data import (
    BALANCE_UNSUPPORTED,
    Dose,
    ExerciseFacts,
    PlannedItem,
    PlannedSessionData,
    load,
)
from sessions_log.plans.rules.sources import (
    ACSM,
    AFTER_SURGERY,
    BONE_METASTASIS,
    GUIDANCE_TABLE,
    NEUROPATHY,
    SEED,
)

# The day's adaptation of a planned session ----------------------------------------------

AS_PLANNED = "as_planned"
LIGHTER = "lighter"
REST = "rest"

AMBER_BORG_MIN = 9
AMBER_BORG_MAX = 11
MIN_MINUTES = 5


@dataclass(frozen=True)
class Adaptation:
    code: str  # stable; stored with a logged session later
    rule: str  # the rule, for the clinic's review
    reason: str  # shown to the patient, in plain words
    source: str


ADAPTATIONS: tuple[Adaptation, ...] = (
    Adaptation(
        "red_rest",
        _("Red: nothing to do. Only the day's advice; red never suggests training."),
        _("Your body needs rest today, so there is no exercise today."),
        GUIDANCE_TABLE,
    ),
    Adaptation(
        "green_as_planned",
        _("Green: the session as planned."),
        _("You can do the session as planned."),
        SEED,
    ),
    Adaptation(
        "amber_half",
        _(
            "Amber: about half the volume: half the minutes (at least 5, never more than "
            "planned), half the sets rounded up, and repetitions or seconds so the total is "
            "about half."
        ),
        _("Today's session is about half of the planned one."),
        SEED + "; " + ACSM,
    ),
    Adaptation(
        "amber_easy",
        _("Amber: easy effort, Borg 9-11, never more than planned."),
        _("Keep the effort easy today, about 9 to 11 on the Borg scale."),
        ACSM,
    ),
    Adaptation(
        "amber_dizzy_supported",
        _(
            "Amber with dizziness: the seated or supported variant of every exercise that has "
            "one; standing balance without support is left out."
        ),
        _("You feel dizzy, so choose exercises where you sit or hold on."),
        SEED,
    ),
    Adaptation(
        "amber_pain_area",
        _("Amber with pain: exercises that load the painful area are left out."),
        _("Exercises that load the area that hurts are left out today."),
        ACSM,
    ),
    Adaptation(
        "recent_step_down",
        _(
            "After a recent slow recovery or a session that was too hard: the amber version, "
            "also on a green day, until the patient has recovered."
        ),
        _("You had not recovered from a recent session, so today's session is lighter."),
        SEED,
    ),
    Adaptation(
        "restriction_excluded",
        _(
            "Every level: an exercise excluded by an active restriction is replaced by its "
            "allowed variant or left out (the contraindication table)."
        ),
        _("Some exercises are changed or left out because of what you need to take care with."),
        BONE_METASTASIS + "; " + AFTER_SURGERY + "; " + NEUROPATHY,
    ),
    Adaptation(
        "effort_cap",
        _(
            "Every level: no effort target above the lowest Borg cap of the active "
            "restrictions; the lowest heart-rate cap is shown."
        ),
        _("The effort is kept within the limit your physiotherapist set."),
        GUIDANCE_TABLE,
    ),
)
ADAPTATIONS_BY_CODE = {row.code: row for row in ADAPTATIONS}


def describe(codes: Iterable[str]) -> tuple[str, ...]:
    """The patient's sentences for stored adaptation codes (unknown codes are skipped)."""
    return tuple(
        str(ADAPTATIONS_BY_CODE[c].reason) for c in dict.fromkeys(codes) if c in ADAPTATIONS_BY_CODE
    )


@dataclass(frozen=True)
class AdaptedItem:
    exercise: ExerciseFacts
    dose: Dose
    planned: PlannedItem
    codes: tuple[str, ...] = ()  # why it differs from the plan

    @property
    def replaced(self) -> bool:
        return self.exercise.key != self.planned.exercise.key


@dataclass(frozen=True)
class DroppedItem:
    planned: PlannedItem
    codes: tuple[str, ...]  # adaptation codes and contraindication codes


@dataclass(frozen=True)
class AdaptedSession:
    level: str  # the day's level
    mode: str  # as_planned / lighter / rest
    planned: PlannedSessionData
    minutes: int
    borg_min: int | None
    borg_max: int | None
    heart_rate_cap: int | None
    items: tuple[AdaptedItem, ...]
    dropped: tuple[DroppedItem, ...]
    codes: tuple[str, ...]  # the adaptation rows that applied, in table order

    @property
    def nothing_to_do(self) -> bool:
        return self.mode == REST

    @property
    def reasons(self) -> tuple[str, ...]:
        return describe(self.codes)


def lowest_caps(restrictions: Iterable) -> tuple[int | None, int | None]:
    """The lowest Borg cap and the lowest heart-rate cap (only the lowest applies)."""
    restrictions = tuple(restrictions)
    rpe = [r.max_rpe for r in restrictions if getattr(r, "max_rpe", None)]
    hr = [r.max_heart_rate for r in restrictions if getattr(r, "max_heart_rate", None)]
    return (min(rpe) if rpe else None, min(hr) if hr else None)


def lighter_dose(dose: Dose) -> Dose:
    """About half the volume, never more than planned (the amber_half row)."""
    sets = max(1, math.ceil(dose.sets / 2))
    if dose.minutes is not None:
        minutes = min(dose.minutes, max(MIN_MINUTES, dose.sets * dose.minutes // 2 // sets))
        return Dose(sets=sets, minutes=minutes)
    if dose.seconds is not None:
        seconds = min(dose.seconds, max(1, dose.sets * dose.seconds // 2 // sets))
        return Dose(sets=sets, seconds=seconds)
    reps = dose.reps or 0
    return Dose(sets=sets, reps=min(reps, max(1, dose.sets * reps // 2 // sets)))


def _dose_for(item: PlannedItem, exercise: ExerciseFacts) -> Dose:
    """The planned dose carries over to a variant measured the same way; otherwise the
    variant's own default dose."""
    if exercise.key == item.exercise.key or exercise.dose.unit == item.dose.unit:
        return item.dose
    return exercise.dose


def adapt(
    session: PlannedSessionData,
    *,
    level: str,
    reasons: Iterable[str] = (),
    restrictions: Iterable = (),
    recent_flags: Iterable[str] = (),
    pain_area: str = "",
) -> AdaptedSession:
    """Today's version of a planned session (see ADAPTATIONS for each rule).

    ``level`` and ``reasons`` come from the day's check-in (sessions_log.guidance codes);
    ``restrictions`` are those in force today; ``recent_flags`` the kinds of the patient's
    recent flags (guidance.STEP_DOWN_FLAGS); ``pain_area`` the check-in's painful area."""
    if level not in (GREEN, AMBER, RED):
        raise ValueError(f"unknown level {level!r}")
    reasons = frozenset(reasons)
    restrictions = tuple(restrictions)
    rpe_cap, hr_cap = lowest_caps(restrictions)
    if level == RED:
        return AdaptedSession(
            level=level,
            mode=REST,
            planned=session,
            minutes=0,
            borg_min=None,
            borg_max=None,
            heart_rate_cap=hr_cap,
            items=(),
            dropped=tuple(DroppedItem(item, ("red_rest",)) for item in session.items),
            codes=("red_rest",),
        )

    codes: set[str] = set()
    step_down = bool(frozenset(recent_flags) & set(STEP_DOWN_FLAGS))
    lighter = level == AMBER or step_down
    if step_down:
        codes.add("recent_step_down")
    if not lighter:
        codes.add("green_as_planned")
    dizzy = level == AMBER and "dizziness_mild" in reasons
    painful = pain_area if level == AMBER and "pain_moderate" in reasons else ""

    rules = exclusions(restrictions)
    items: list[AdaptedItem] = []
    dropped: list[DroppedItem] = []
    for item in session.items:
        exercise, why = item.exercise, []
        check = check_exercise(exercise, rules=rules)
        if not check.allowed:
            codes.add("restriction_excluded")
            if check.replacement is None:
                dropped.append(DroppedItem(item, ("restriction_excluded", *check.codes)))
                continue
            exercise = check.replacement
            why += ["restriction_excluded", *check.codes]
        if dizzy:
            variant = exercise.variant
            if variant is not None and check_exercise(variant, rules=rules).allowed:
                exercise = variant
                why.append("amber_dizzy_supported")
                codes.add("amber_dizzy_supported")
            elif BALANCE_UNSUPPORTED in exercise.tags:
                dropped.append(DroppedItem(item, ("amber_dizzy_supported",)))
                codes.add("amber_dizzy_supported")
                continue
        if painful and load(painful) in exercise.tags:
            dropped.append(DroppedItem(item, ("amber_pain_area",)))
            codes.add("amber_pain_area")
            continue
        dose = _dose_for(item, exercise)
        if lighter:
            dose = lighter_dose(dose)
            why.append("amber_half")
        items.append(AdaptedItem(exercise, dose, item, tuple(dict.fromkeys(why))))

    minutes, borg_min, borg_max = session.minutes, session.borg_min, session.borg_max
    if lighter:
        codes |= {"amber_half", "amber_easy"}
        minutes = min(minutes, max(MIN_MINUTES, minutes // 2))
        borg_max = min(borg_max, AMBER_BORG_MAX)
        borg_min = min(borg_min, AMBER_BORG_MIN, borg_max)
    if rpe_cap is not None and borg_max > rpe_cap:
        codes.add("effort_cap")
        borg_max = rpe_cap
        borg_min = min(borg_min, borg_max)
    return AdaptedSession(
        level=level,
        mode=LIGHTER if lighter else AS_PLANNED,
        planned=session,
        minutes=minutes,
        borg_min=borg_min,
        borg_max=borg_max,
        heart_rate_cap=hr_cap,
        items=tuple(items),
        dropped=tuple(dropped),
        codes=tuple(row.code for row in ADAPTATIONS if row.code in codes),
    )
