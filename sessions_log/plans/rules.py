"""Training-plan rules: pure functions, no models, no database.

Two tables, each row with its source, so a clinic can review them as a whole:

- ``CONTRAINDICATIONS``: a restriction's kind and body area -> the exercise tags it excludes,
  and whether the exercise's seated or supported variant is used instead
  (``check_exercise``).
- ``ADAPTATIONS``: how the day's level (green / amber / red), its reason codes, the active
  restrictions and recent flags change a planned session (``adapt``).

Everything here works on plain data (``ExerciseFacts``, ``PlannedSessionData``; restrictions
are anything with ``kind``, ``body_area``, ``max_rpe`` and ``max_heart_rate``). Stored codes
are turned back into sentences in the active language by ``describe`` and
``describe_contraindication``.

Body areas are the values of ``patients.models.BodyArea``. A row names the areas it covers;
an area that no row names still gets the rows for any area of its kind (the after-surgery
"no load on the operated area" row works for any area, sided or not). To cover a new area,
add it to a row's ``areas``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext_lazy as _

from sessions_log import guidance
from sessions_log.guidance import AMBER, GREEN, RED, STEP_DOWN_FLAGS

# Tags: what an exercise loads or asks of the body ----------------------------------------

LOAD_PREFIX = "load:"  # "load:shoulder_left": the exercise loads that body area
IMPACT = "impact"
SPINAL_FLEXION = "spinal_flexion_loaded"
SPINAL_ROTATION = "spinal_rotation_loaded"
SPINAL_END_RANGE = "spinal_end_range"  # bending or twisting the spine far, even without load
BALANCE_UNSUPPORTED = "balance_unsupported"
OVERHEAD = "overhead_load"
HIP_HEAVY = "hip_load_heavy"

TAG_LABELS = {
    IMPACT: _("Impact (jumps, running, hopping)"),
    SPINAL_FLEXION: _("Loaded bending of the spine"),
    SPINAL_ROTATION: _("Loaded twisting of the spine"),
    SPINAL_END_RANGE: _("Bending or twisting the spine far"),
    BALANCE_UNSUPPORTED: _("Standing balance without support"),
    OVERHEAD: _("Load above the head"),
    HIP_HEAVY: _("Heavy loading of the hips and thighs"),
}
FLAG_TAGS = tuple(TAG_LABELS)


def load(area: str) -> str:
    return f"{LOAD_PREFIX}{area}"


def loaded_areas(tags: Iterable[str]) -> list[str]:
    return [t[len(LOAD_PREFIX) :] for t in tags if t.startswith(LOAD_PREFIX)]


# Sources, named next to each rule ---------------------------------------------------------

SEED = guidance.SEED.reference
ACSM = guidance.ACSM.reference

BONE_METASTASIS = (
    "Campbell KL et al. Exercise recommendation for people with bone metastases: expert "
    "consensus for health care providers and exercise professionals. JCO Oncol Pract "
    "2022;18(5):e697-e709 (exercise modified by lesion site: spine - no loaded flexion, "
    "extension or rotation; pelvis and femur - no heavy loading of the hip; no high impact)"
)
AFTER_SURGERY = SEED + "; restrictions after surgery as set by the physiotherapist"
LYMPHOEDEMA = ACSM + " (resistance exercise is safe with breast cancer related lymphoedema)"
NEUROPATHY = (
    ACSM + " (peripheral neuropathy: balance may be impaired; prefer supported or seated "
    "exercise such as a stationary bike)"
)
GUIDANCE_TABLE = "sessions_log.guidance (the day's level; red never suggests training)"

SIDES = ("left", "right")
SPINE = frozenset({"neck", "upper_back", "lower_back"})
PELVIS_FEMUR = frozenset({"pelvis", "hip_left", "hip_right", "leg_left", "leg_right"})
LOWER_LEG = frozenset({"knee_left", "knee_right", "foot_left", "foot_right"})
LEGS_AND_FEET = frozenset({"leg_left", "leg_right", "foot_left", "foot_right"})
SITE_UNKNOWN = frozenset({"", "whole_body", "other"})
ANY_AREA = frozenset()  # a row for every body area of its kind (and for none)
AREA = "{area}"  # in ``excludes``: the restriction's own body area


# The contraindication table ---------------------------------------------------------------


@dataclass(frozen=True)
class Contraindication:
    code: str  # stable; stored or shown next to an excluded exercise
    kind: str  # patients.models.Restriction.Kind value
    areas: frozenset[str]  # body areas it covers; ANY_AREA = every area
    excludes: frozenset[str]  # tags; load:{area} is the restriction's own area
    use_variant: bool  # the seated/supported variant replaces the exercise if it is allowed
    rule: str  # the rule in plain words, for the physiotherapist
    source: str

    def covers(self, restriction) -> bool:
        if getattr(restriction, "kind", None) != self.kind:
            return False
        return not self.areas or (getattr(restriction, "body_area", "") or "") in self.areas

    def excluded_tags(self, restriction) -> frozenset[str]:
        area = getattr(restriction, "body_area", "") or ""
        tags = set()
        for tag in self.excludes:
            if AREA in tag:
                if area and area not in SITE_UNKNOWN:
                    tags.add(tag.replace(AREA, area))
            else:
                tags.add(tag)
        return frozenset(tags)


def _row(code, kind, areas, excludes, use_variant, rule, source) -> Contraindication:
    return Contraindication(
        code, kind, frozenset(areas), frozenset(excludes), use_variant, rule, source
    )


CONTRAINDICATIONS: tuple[Contraindication, ...] = (
    # After surgery: no load on the operated area until the restriction ends.
    _row(
        "after_surgery_area",
        "after_surgery",
        ANY_AREA,
        {load(AREA)},
        False,
        _("After surgery: no load on the operated area until the restriction ends."),
        AFTER_SURGERY,
    ),
    *(
        _row(
            f"after_surgery_arm_{side}",
            "after_surgery",
            {f"shoulder_{side}", f"arm_{side}"},
            {load(f"shoulder_{side}"), load(f"arm_{side}"), OVERHEAD},
            False,
            _(
                "After surgery of a shoulder or arm (for example the breast and armpit): no "
                "load on that shoulder and arm and no load above the head. Gentle mobility "
                "exercises for the shoulder are still fine."
            ),
            AFTER_SURGERY,
        )
        for side in SIDES
    ),
    _row(
        "after_surgery_chest",
        "after_surgery",
        {"chest"},
        {load("chest"), OVERHEAD},
        False,
        _("After surgery of the chest: no load on the chest and no load above the head."),
        AFTER_SURGERY,
    ),
    _row(
        "after_surgery_abdomen",
        "after_surgery",
        {"abdomen", "pelvis"},
        {load("abdomen"), SPINAL_FLEXION, SPINAL_ROTATION},
        False,
        _(
            "After surgery of the stomach or pelvis: no load on the stomach and no loaded "
            "bending or twisting of the spine."
        ),
        AFTER_SURGERY,
    ),
    *(
        _row(
            f"after_surgery_leg_{side}",
            "after_surgery",
            {f"hip_{side}", f"leg_{side}", f"knee_{side}", f"foot_{side}"},
            {IMPACT},
            False,
            _("After surgery of a hip, leg, knee or foot: no impact."),
            AFTER_SURGERY,
        )
        for side in SIDES
    ),
    # Bone metastasis: modified by the site of the lesion.
    _row(
        "bone_metastasis_spine",
        "bone_metastasis",
        SPINE,
        {SPINAL_FLEXION, SPINAL_ROTATION, SPINAL_END_RANGE, IMPACT, OVERHEAD},
        True,
        _(
            "Bone metastasis in the spine: no loaded bending or twisting of the spine, no "
            "bending or twisting it far, no impact and no load above the head. A supported "
            "variant is used where there is one."
        ),
        BONE_METASTASIS,
    ),
    _row(
        "bone_metastasis_pelvis_femur",
        "bone_metastasis",
        PELVIS_FEMUR,
        {IMPACT, HIP_HEAVY},
        True,
        _(
            "Bone metastasis in the pelvis, hip or thigh bone: no impact and no heavy loading "
            "of the hips. A supported variant is used where there is one."
        ),
        BONE_METASTASIS,
    ),
    _row(
        "bone_metastasis_ribs",
        "bone_metastasis",
        {"chest"},
        {load("chest"), SPINAL_ROTATION},
        True,
        _(
            "Bone metastasis in the ribs or breastbone: no load on the chest and no loaded "
            "twisting. A supported variant is used where there is one."
        ),
        BONE_METASTASIS,
    ),
    *(
        _row(
            f"bone_metastasis_arm_{side}",
            "bone_metastasis",
            {f"shoulder_{side}", f"arm_{side}"},
            {load(f"shoulder_{side}"), load(f"arm_{side}"), OVERHEAD},
            True,
            _(
                "Bone metastasis in a shoulder or arm: no load on that shoulder and arm and no "
                "load above the head. A supported variant is used where there is one."
            ),
            BONE_METASTASIS,
        )
        for side in SIDES
    ),
    _row(
        "bone_metastasis_lower_leg",
        "bone_metastasis",
        LOWER_LEG,
        {IMPACT, load(AREA)},
        True,
        _(
            "Bone metastasis in a knee or foot: no impact and no load on that area. A "
            "supported variant is used where there is one."
        ),
        BONE_METASTASIS,
    ),
    _row(
        "bone_metastasis_site_unknown",
        "bone_metastasis",
        SITE_UNKNOWN,
        {IMPACT},
        True,
        _(
            "Bone metastasis without a single site: no impact until the physiotherapist has "
            "assessed the sites."
        ),
        BONE_METASTASIS,
    ),
    # Lymphoedema: stated so the table is complete; nothing is excluded.
    _row(
        "lymphoedema",
        "lymphoedema",
        ANY_AREA,
        set(),
        False,
        _(
            "Lymphoedema: nothing is excluded. Strength training that starts light and "
            "progresses slowly is safe and can help; watch the limb for more swelling."
        ),
        LYMPHOEDEMA,
    ),
    # Neuropathy: balance is not to be trusted without support.
    _row(
        "neuropathy_balance",
        "neuropathy",
        ANY_AREA,
        {BALANCE_UNSUPPORTED},
        True,
        _(
            "Neuropathy: no standing balance without support; the supported variant (holding "
            "on to a chair or a rail) is used instead."
        ),
        NEUROPATHY,
    ),
    _row(
        "neuropathy_feet",
        "neuropathy",
        LEGS_AND_FEET,
        {IMPACT},
        True,
        _(
            "Neuropathy in the legs or feet: no impact; a seated variant (for example the "
            "exercise bike) is used instead."
        ),
        NEUROPATHY,
    ),
    # Caps only: stated so the table is complete.
    _row(
        "cardiotoxic",
        "cardiotoxic",
        ANY_AREA,
        set(),
        False,
        _(
            "Heart-straining treatment: nothing is excluded; the highest effort and heart "
            "rate apply on every level."
        ),
        ACSM,
    ),
)
CONTRAINDICATIONS_BY_CODE = {row.code: row for row in CONTRAINDICATIONS}


def describe_contraindication(code: str) -> str:
    row = CONTRAINDICATIONS_BY_CODE.get(code)
    return str(row.rule) if row else ""


# Plain data -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dose:
    """Sets x repetitions, sets x seconds, or minutes (one set)."""

    sets: int = 1
    reps: int | None = None
    seconds: int | None = None
    minutes: int | None = None

    @property
    def unit(self) -> str:
        if self.minutes is not None:
            return "minutes"
        return "seconds" if self.seconds is not None else "reps"

    @property
    def volume(self) -> int:
        """Repetitions, or seconds, in total: to compare two doses of the same unit."""
        if self.minutes is not None:
            return self.sets * self.minutes * 60
        return self.sets * (self.seconds if self.seconds is not None else (self.reps or 0))


@dataclass(frozen=True)
class ExerciseFacts:
    key: object  # the exercise's primary key (or slug)
    name: str
    type: str
    tags: frozenset[str] = frozenset()
    variant: ExerciseFacts | None = None
    dose: Dose = field(default_factory=Dose)


@dataclass(frozen=True)
class PlannedItem:
    exercise: ExerciseFacts
    dose: Dose


@dataclass(frozen=True)
class PlannedSessionData:
    kind: str
    minutes: int
    borg_min: int
    borg_max: int
    setting: str = ""
    weekdays: str = ""
    note: str = ""
    items: tuple[PlannedItem, ...] = ()


# Checking an exercise against the restrictions ------------------------------------------


@dataclass(frozen=True)
class Check:
    allowed: bool
    rows: tuple[Contraindication, ...] = ()  # the rows that exclude it
    tags: frozenset[str] = frozenset()  # the tags that exclude it
    replacement: ExerciseFacts | None = None  # the variant to use instead, when there is one

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(row.code for row in self.rows)


def exclusions(restrictions: Iterable) -> list[tuple[Contraindication, frozenset[str]]]:
    """Each matching row with the tags it excludes for those restrictions."""
    found = []
    for restriction in restrictions:
        for row in CONTRAINDICATIONS:
            if row.covers(restriction):
                tags = row.excluded_tags(restriction)
                if tags:
                    found.append((row, tags))
    return found


def _hits(exercise: ExerciseFacts, rules) -> tuple[tuple[Contraindication, ...], frozenset]:
    rows, tags = [], set()
    for row, excluded in rules:
        hit = exercise.tags & excluded
        if hit:
            tags |= hit
            if row not in rows:
                rows.append(row)
    # A row for the area itself says it better than its kind's row for any area.
    specific = {row.kind for row in rows if row.areas}
    rows = [row for row in rows if row.areas or row.kind not in specific]
    return tuple(rows), frozenset(tags)


def check_exercise(exercise: ExerciseFacts, restrictions: Iterable = (), *, rules=None) -> Check:
    """Whether the restrictions allow the exercise, and its replacement when the table says
    the seated/supported variant is used instead (the first allowed one along the chain)."""
    rules = exclusions(restrictions) if rules is None else rules
    rows, tags = _hits(exercise, rules)
    if not rows:
        return Check(allowed=True)
    replacement = None
    if all(row.use_variant for row in rows):
        seen = {exercise.key}
        variant = exercise.variant
        while variant is not None and variant.key not in seen:
            if not _hits(variant, rules)[0]:
                replacement = variant
                break
            seen.add(variant.key)
            variant = variant.variant
    return Check(allowed=False, rows=rows, tags=tags, replacement=replacement)


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


def with_items(session: PlannedSessionData, items: Iterable[PlannedItem]) -> PlannedSessionData:
    return replace(session, items=tuple(items))
