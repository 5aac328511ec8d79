"""Logging helpers that settings.LOGGING refers to (no Django imports: loaded before apps)."""

from __future__ import annotations

import logging


class ClientErrorAsWarning(logging.Filter):
    """An oversized or over-long request body (RequestDataTooBig, TooManyFieldsSent,
    TooManyFilesSent) is the client's problem and answered with 400: Django logs it as an
    ERROR with a traceback, which pages an operator for nothing. Keep it as one WARNING line."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.levelno = logging.WARNING
        record.levelname = logging.getLevelName(logging.WARNING)
        record.exc_info = None
        record.exc_text = None
        return True
