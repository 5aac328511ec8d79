"""The models of the training log (one app label, ``sessions_log``), one module per feature.
Import them from here: ``from sessions_log.models import CheckIn``."""

from sessions_log.models.checkins import CheckIn, Level
from sessions_log.models.flags import Flag
from sessions_log.models.plans import (
    Equipment,
    Exercise,
    ExerciseType,
    PlannedExercise,
    PlannedSession,
    Programme,
    ProgrammeTemplate,
    ProgressionDecision,
)
from sessions_log.models.recovery import RecoveryReport
from sessions_log.models.reminders import Reminder
from sessions_log.models.workouts import WorkoutSession

__all__ = [
    "CheckIn",
    "Equipment",
    "Exercise",
    "ExerciseType",
    "Flag",
    "Level",
    "PlannedExercise",
    "PlannedSession",
    "Programme",
    "ProgressionDecision",
    "ProgrammeTemplate",
    "RecoveryReport",
    "Reminder",
    "WorkoutSession",
]
