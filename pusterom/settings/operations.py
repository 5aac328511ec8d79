"""What runs beside the web requests: email and SMS delivery, Celery (broker, beat schedule),
the backlogs /health/ reports, and logging."""

from __future__ import annotations

from pusterom.settings.environment import (
    BASE_DIR,
    CELERY_BROKER_URL,
    DEBUG,
    DEFAULT_FROM_EMAIL,
    LOG_LEVEL,
    _email_host,
    _email_password,
    _email_port,
    _email_tls,
    _email_user,
)

# --- Email and SMS -------------------------------------------------------------------------

# Every email is written to the database outbox in the request ("default") and delivered by
# a Celery worker ("delivery"): no request waits for the mail server, and mail written while
# it is down goes out when it is back (pusterom.mail, pusterom.outbox). Without EMAIL_HOST in
# debug, "delivery" prints each email readably to the worker's console.
MAILERS = {
    "default": {"BACKEND": "pusterom.mail.OutboxBackend"},
    "delivery": (
        {"BACKEND": "pusterom.mail.ReadableConsoleBackend"}
        if DEBUG and not _email_host
        else {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": _email_port,
                "username": _email_user,
                "password": _email_password,
                "use_tls": _email_tls,
                "timeout": 10,
            },
        }
    ),
}
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery --------------------------------------------------------------------------------

CELERY_TIMEZONE = "UTC"
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# What a task prints (the development console email) is logged as INFO, not as a WARNING.
CELERY_WORKER_REDIRECT_STDOUTS_LEVEL = "INFO"
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing must fail fast when the broker is down: the web request has already saved
# its data, and the dispatcher catches up from the database later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# Transport options go to the broker's transport as they are, so each broker gets only what
# it understands: the SQLAlchemy transport passes unknown ones to create_engine(), which
# refuses Redis' socket options (the worker would die at start).
_PUBLISH_RETRY_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **_PUBLISH_RETRY_OPTIONS,
        "interval_max": 0.5,
        "visibility_timeout": 3600,
        "socket_connect_timeout": 1,
        "socket_timeout": 2,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {**_PUBLISH_RETRY_OPTIONS, "interval_max": 0.5}
CELERY_TASK_PUBLISH_RETRY = False
# Task modules outside an app's tasks.py.
CELERY_IMPORTS = ("sessions_log.reminders.tasks", "sessions_log.plans.tasks")
# One dispatcher a minute; the database decides what is due. A run that could not start
# within the minute is dropped (expires): the next one does its work. The outbox is flushed
# every minute the same way. Names are the tasks' stable names.
CELERY_BEAT_SCHEDULE: dict = {
    "dispatch-reminders": {
        "task": "sessions_log.dispatch_reminders",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "flush-outbox": {
        "task": "pusterom.flush_outbox",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "housekeeping": {
        "task": "pusterom.housekeeping",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
    # The patient list's plan adherence, after each local midnight and late-logged session.
    "refresh-plan-adherence": {
        "task": "sessions_log.refresh_plan_adherence",
        "schedule": 600.0,
        "options": {"expires": 540},
    },
}
CELERY_BEAT_SCHEDULER = "pusterom.celery:HeartbeatScheduler"
CELERY_BEAT_SCHEDULE_FILENAME = str(BASE_DIR / "celerybeat-schedule")
# A worker that starts dispatches reminders and flushes the outbox at once (catching up after
# a restart or outage) instead of waiting for the next beat. The tests switch it off.
RUN_ON_WORKER_START = True

# --- Health ----------------------------------------------------------------------------------

# Backlogs /health/ reports: name -> function returning a dict. Listed here so the core
# does not import the apps (DESIGN.md: dependencies run one way).
HEALTH_BACKLOGS = {
    "reminders": "sessions_log.reminders.selectors.unsent_backlog",
    "email": "pusterom.outbox.backlog",
}
# Container health checks and monitoring call these over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/"]

# --- Logging: no health data, ever. Log ids and event names only. ---------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"client_error_as_warning": {"()": "pusterom.log.ClientErrorAsWarning"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        **{
            f"django.security.{name}": {"filters": ["client_error_as_warning"]}
            for name in ("RequestDataTooBig", "TooManyFieldsSent", "TooManyFilesSent")
        },
    },
}
