"""Body areas, as the physiotherapist records them (restrictions, prior injuries) and as the
patient names where it hurts (the check-in): one list, so the two always line up. The
check-in shows the areas as chips grouped by region (``REGIONS``).

No models here: ``sessions_log.guidance`` (pure rules, no models) asks ``overlaps`` whether
today's pain is at a restricted area. Left and right are separate areas and never match each
other.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class BodyArea(models.TextChoices):
    NECK = "neck", _("Neck")
    SHOULDER_LEFT = "shoulder_left", _("Left shoulder")
    SHOULDER_RIGHT = "shoulder_right", _("Right shoulder")
    ARM_LEFT = "arm_left", _("Left arm")
    ARM_RIGHT = "arm_right", _("Right arm")
    CHEST = "chest", _("Chest")
    UPPER_BACK = "upper_back", _("Upper back")
    LOWER_BACK = "lower_back", _("Lower back")
    ABDOMEN = "abdomen", _("Stomach")
    PELVIS = "pelvis", _("Pelvis")
    HIP_LEFT = "hip_left", _("Left hip")
    HIP_RIGHT = "hip_right", _("Right hip")
    LEG_LEFT = "leg_left", _("Left leg")
    LEG_RIGHT = "leg_right", _("Right leg")
    KNEE_LEFT = "knee_left", _("Left knee")
    KNEE_RIGHT = "knee_right", _("Right knee")
    FOOT_LEFT = "foot_left", _("Left foot")
    FOOT_RIGHT = "foot_right", _("Right foot")
    WHOLE_BODY = "whole_body", _("Whole body")
    OTHER = "other", _("Other")


# The check-in's chips, by region, in the order they are shown: every area in exactly one
# region, left and right side by side.
REGIONS: tuple[tuple[str, tuple[BodyArea, ...]], ...] = (
    (
        _("Neck and trunk"),
        (
            BodyArea.NECK,
            BodyArea.CHEST,
            BodyArea.UPPER_BACK,
            BodyArea.LOWER_BACK,
            BodyArea.ABDOMEN,
            BodyArea.PELVIS,
        ),
    ),
    (
        _("Arms and shoulders"),
        (BodyArea.SHOULDER_LEFT, BodyArea.SHOULDER_RIGHT, BodyArea.ARM_LEFT, BodyArea.ARM_RIGHT),
    ),
    (
        _("Hips and legs"),
        (
            BodyArea.HIP_LEFT,
            BodyArea.HIP_RIGHT,
            BodyArea.LEG_LEFT,
            BodyArea.LEG_RIGHT,
            BodyArea.KNEE_LEFT,
            BodyArea.KNEE_RIGHT,
            BodyArea.FOOT_LEFT,
            BodyArea.FOOT_RIGHT,
        ),
    ),
    (_("Whole body and other"), (BodyArea.WHOLE_BODY, BodyArea.OTHER)),
)


# Areas that hold smaller ones: pain in the left knee is pain in the left leg, and a
# metastasis recorded at the pelvis may hurt in either hip. Same side only.
PARTS: dict[str, frozenset[str]] = {
    BodyArea.LEG_LEFT: frozenset({BodyArea.KNEE_LEFT, BodyArea.FOOT_LEFT}),
    BodyArea.LEG_RIGHT: frozenset({BodyArea.KNEE_RIGHT, BodyArea.FOOT_RIGHT}),
    BodyArea.PELVIS: frozenset({BodyArea.HIP_LEFT, BodyArea.HIP_RIGHT}),
}


def overlaps(first: str, second: str) -> bool:
    """Whether two recorded areas can be the same place: equal, one part of the other, or
    either the whole body. An empty area ("nowhere in particular") overlaps nothing."""
    if not first or not second:
        return False
    if first == second or BodyArea.WHOLE_BODY in (first, second):
        return True
    return second in PARTS.get(first, ()) or first in PARTS.get(second, ())
