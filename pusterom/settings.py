"""Pusterom settings: one module, everything from the environment.

Without any environment the project runs on embedded defaults (a SQLite file and a
SQLite-backed Celery broker) so ``make run`` needs no servers. Production sets
DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS and the email variables.
A missing or malformed value stops start-up with one line naming the variable.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from pusterom.env import (
    ConfigError,
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    load_dotenv,
)

BASE_DIR = Path(__file__).resolve().parent.parent

try:
    load_dotenv(BASE_DIR / ".env")
    DEBUG = env_bool("DEBUG", False)
    if DEBUG:
        SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-" + "x" * 40)
    else:
        SECRET_KEY = env_str("SECRET_KEY", required=True)
        if len(SECRET_KEY) < 50:
            raise ConfigError("SECRET_KEY must be at least 50 random characters")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
    if not DEBUG and not ALLOWED_HOSTS:
        raise ConfigError("ALLOWED_HOSTS is required when DEBUG is off")
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
    DATABASE_URL = env_str("DATABASE_URL", "sqlite:///db.sqlite3")
    DATABASES = {"default": database_from_url(DATABASE_URL, base_dir=BASE_DIR)}
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        # Persistent connections: opening one per request costs more than the page. The
        # health check (a round trip before a reused connection's first query in a request)
        # turns a connection that the database closed meanwhile into a new one instead of
        # an error page.
        DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 600, minimum=0)
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = env_bool("CONN_HEALTH_CHECKS", True)
    REDIS_URL = env_str("REDIS_URL")
    CELERY_BROKER_URL = env_str(
        "CELERY_BROKER_URL",
        REDIS_URL or "sqla+sqlite:///" + str(BASE_DIR / ".celery-broker.sqlite3"),
    )
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
    BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
    PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if BEHIND_PROXY else 0, minimum=0)
    # Links in emails. `make run` serves on PORT, so its emails point there.
    SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{env_int('PORT', 8000, minimum=1)}").rstrip(
        "/"
    )
    DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Pusterom <noreply@pusterom.localhost>")
    _email_host = env_str("EMAIL_HOST")
    _email_port = env_int("EMAIL_PORT", 587, minimum=1)
    _email_user = env_str("EMAIL_HOST_USER")
    _email_password = env_str("EMAIL_HOST_PASSWORD")
    _email_tls = env_bool("EMAIL_USE_TLS", True)
    if not DEBUG and not _email_host:
        raise ConfigError("EMAIL_HOST is required when DEBUG is off")
    SMS_BACKEND = env_str(
        "SMS_BACKEND",
        "patients.sms.ConsoleSmsBackend" if DEBUG else "patients.sms.DisabledSmsBackend",
    )
    if not DEBUG and SMS_BACKEND == "patients.sms.ConsoleSmsBackend":
        # It would write every text message, invitation links included, to the log.
        raise ConfigError(
            "SMS_BACKEND is the console backend, which logs messages and their links; "
            "name a provider's backend, or patients.sms.DisabledSmsBackend for no SMS"
        )
    LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
    # Routes a bare view at /bench/baseline/, the yardstick of `make bench` (demo/bench).
    # Only the benchmark's own server turns it on; never in production.
    BENCH_BASELINE_VIEW = env_bool("BENCH_BASELINE_VIEW", False)
except ConfigError as exc:
    raise SystemExit(f"pusterom: configuration error: {exc}") from None

# --- Django core ---------------------------------------------------------------------------

INSTALLED_APPS = [
    "pusterom",
    "patients",
    "sessions_log",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
]
# The demo accounts have a published password and two-factor secret: the demo app (seed_demo,
# demo_codes, bench_reminders) is installed only when the process started in debug mode, and
# seed_demo checks again (the test runner's later DEBUG=False does not change this).
DEMO_DATA_ALLOWED = DEBUG
if DEMO_DATA_ALLOWED:
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "pusterom.middleware.UserLanguageMiddleware",
    "pusterom.middleware.ClinicianSessionMiddleware",
    "pusterom.middleware.RequireMfaMiddleware",
    "pusterom.middleware.ReauthenticateMiddleware",
    "pusterom.middleware.NoStoreForSignedInMiddleware",
]

ROOT_URLCONF = "pusterom.urls"
WSGI_APPLICATION = "pusterom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pusterom.context_processors.site",
            ],
        },
    }
]

# Messages live in the session, never in a cookie the browser keeps readable ("Signed in as
# <full name>").
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

AUTH_USER_MODEL = "pusterom.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Rate limits (allauth) need a cache shared by all processes; the database cache works on
# SQLite and PostgreSQL alike and does not fail when Redis is down.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "pusterom_cache",
    }
}
# Sessions are kept in the database. With Redis they are read from it (pusterom.sessions):
# a signed-in request then makes no session query, and when Redis is down the pages go on
# from the database. Short timeouts, no retries: a Redis that does not answer costs a
# request at most a fraction of a second, and the next ones skip it for a while.
if REDIS_URL:
    CACHES["sessions"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {
            "socket_connect_timeout": 0.25,
            "socket_timeout": 0.25,
            "retry_on_timeout": False,
        },
    }
    SESSION_ENGINE = "pusterom.sessions"
    SESSION_CACHE_ALIAS = "sessions"

# --- Language and time ---------------------------------------------------------------------

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "pusterom_language"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
TIME_ZONE = "Europe/Oslo"
USE_TZ = True

# --- Static files --------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Security ------------------------------------------------------------------------------

SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 14 * 24 * 3600  # patients stay signed in on their own phone
X_FRAME_OPTIONS = "DENY"
# A form sent with an expired or missing CSRF token gets our 403 page, in the user's language.
CSRF_FAILURE_VIEW = "pusterom.errors.csrf_failure"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No inline script and no third-party host anywhere. allauth's TOTP QR code is a data: image.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Physiotherapists and clinic staff work on shared computers at the centre.
CLINICIAN_IDLE_TIMEOUT = 30 * 60
CLINICIAN_ABSOLUTE_TIMEOUT = 12 * 3600


# Where each role lands after login.
ROLE_HOME_URLS = {
    "patient": "sessions_log:home",
    "physio": "sessions_log:triage",
    "staff": "patients:referral_list",
    "admin": "admin:index",
}
# Pages of a higher app that a lower one links to (the apps depend one way: sessions_log ->
# patients -> pusterom). A lower app names the page here, never by the higher app's URL
# name: pusterom.links.page_url("patient_page", pk), {% page_url "patient_page" pk %}.
LINKED_PAGES = {
    "patient_page": "sessions_log:patient_page",  # the physiotherapist's page about a patient
    "my_plan": "patients:my_plan",
    "reminder_settings": "sessions_log:reminder_settings",
    "my_data": "sessions_log:my_data",
    "team": "patients:team",
    "end_requests": "patients:end_requests",
    "end_participation": "patients:end_participation",
}

# --- django-allauth ------------------------------------------------------------------------

ACCOUNT_ADAPTER = "pusterom.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Pusterom: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
if PROXY_COUNT:
    ALLAUTH_TRUSTED_PROXY_COUNT = PROXY_COUNT
# Sign-in lockout: 5 failed sign-ins to one account within 5 minutes lock signing in to it
# with a password for 5 minutes (the right password too); 10 failures a minute from one
# address are refused as well. A password reset lifts the lock at once (allauth clears it),
# so a clinician whom someone keeps locked out still has a way in. The login page says how
# long the lock lasts (pusterom.adapters).
LOGIN_LOCKOUT_ATTEMPTS = 5
LOGIN_LOCKOUT_SECONDS = 5 * 60
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"10/m/ip,{LOGIN_LOCKOUT_ATTEMPTS}/{LOGIN_LOCKOUT_SECONDS}s/key",
}
# Re-authentication (allauth): the password again, unless it was given in the last 5 minutes,
# before changing email addresses (this setting), two-factor settings (allauth.mfa asks by
# default) and before the pages named in REAUTHENTICATE_FOR (pusterom.middleware). Changing
# the password asks for the current one in the form itself.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# The password (or a two-factor code), not a code sent by email: the question is whether the
# person at the keyboard is the account holder.
ACCOUNT_REAUTHENTICATION_METHODS = ("password", "mfa")
ACCOUNT_REAUTHENTICATION_TIMEOUT = 5 * 60
MFA_REAUTHENTICATION_REQUIRED = True
REAUTHENTICATE_FOR = frozenset({"sessions_log:export_json", "sessions_log:export_csv"})
# Where signing in to a closed (deactivated) account lands: it names the centre to contact.
ACCOUNT_CLOSED_URL = "patients:account_closed"
MFA_ADAPTER = "pusterom.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Pusterom"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

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
