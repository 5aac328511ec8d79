"""The plain data the training-plan rules work on (pure: no models, no database): the tags
that say what an exercise loads or asks of the body, an exercise's facts, a dose, and a planned
session with its exercises. The selectors build these from the models
(``plans.exercises.selectors.facts``, ``plans.programmes.selectors.session_data``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext_lazy as _

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


def with_items(session: PlannedSessionData, items: Iterable[PlannedItem]) -> PlannedSessionData:
    return replace(session, items=tuple(items))
