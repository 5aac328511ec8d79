"""The models of the training log, one module per feature; import them from here."""

from sessions_log.models.checkins import (
    CheckIn,
    Flag,
    Level,
    RecoveryReport,
    Reminder,
    WorkoutSession,
)

__all__ = ["CheckIn", "Flag", "Level", "RecoveryReport", "Reminder", "WorkoutSession"]
