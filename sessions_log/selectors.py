"""Kept for the reminder pages, which still import the weekly progress from here; the reads
live in the feature packages (``sessions_log.checkins.selectors``) and the week in
``sessions_log.activity``."""

from sessions_log.activity import week_start
from sessions_log.checkins.selectors import weekly_progress

__all__ = ["week_start", "weekly_progress"]
