"""Kept for the reminder pages, which still import the weekly progress from here; the reads
live in the feature packages (``sessions_log.checkins.selectors``)."""

from sessions_log.checkins.selectors import week_start, weekly_progress

__all__ = ["week_start", "weekly_progress"]
