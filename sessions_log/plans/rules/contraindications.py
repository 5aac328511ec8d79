"""What a restriction excludes (pure: no models, no database).

``CONTRAINDICATIONS``: a restriction's kind and body area -> the exercise tags it excludes, and
whether the exercise's seated or supported variant is used instead; ``check_exercise`` checks
one exercise against the restrictions in force and finds its replacement.

Body areas are the values of ``patients.models.BodyArea``. A row names the areas it covers;
an area that no row names still gets the rows for any area of its kind (the after-surgery
"no load on the operated area" row works for any area, sided or not). To cover a new area,
add it to a row's ``areas``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from sessions_log.plans.rules.data import (
    BALANCE_UNSUPPORTED,
    HIP_HEAVY,
    IMPACT,
    OVERHEAD,
    SPINAL_END_RANGE,
    SPINAL_FLEXION,
    SPINAL_ROTATION,
    ExerciseFacts,
    load,
)
from sessions_log.plans.rules.sources import (
    ACSM,
    AFTER_SURGERY,
    BONE_METASTASIS,
    LYMPHOEDEMA,
    NEUROPATHY,
)

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
