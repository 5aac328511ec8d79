"""Kept for the reminder tests, which still import logging a session from here; the writes
live in the feature packages (``sessions_log.checkins.services``)."""

from sessions_log.checkins.services import log_session

__all__ = ["log_session"]
