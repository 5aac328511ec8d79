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
        # Persistent connections: opening one per request costs more than the page.
        DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 600, minimum=0)
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    REDIS_URL = env_str("REDIS_URL")
    CELERY_BROKER_URL = env_str(
        "CELERY_BROKER_URL",
        REDIS_URL or "sqla+sqlite:///" + str(BASE_DIR / ".celery-broker.sqlite3"),
    )
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
    BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
    PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if BEHIND_PROXY else 0, minimum=0)
    SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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

# The demo accounts have a published password and two-factor secret: seed_demo refuses to
# create them unless the process started in debug mode (the test runner's later DEBUG=False
# does not change this).
DEMO_DATA_ALLOWED = DEBUG

# Where each role lands after login.
ROLE_HOME_URLS = {
    "patient": "sessions_log:home",
    "physio": "sessions_log:triage",
    "staff": "patients:referral_list",
    "admin": "admin:index",
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
MFA_ADAPTER = "pusterom.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Pusterom"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# --- Email and SMS -------------------------------------------------------------------------

if DEBUG:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
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
    }
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery --------------------------------------------------------------------------------

CELERY_TIMEZONE = "UTC"
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing must fail fast when the broker is down: the web request has already saved
# its data, and the dispatcher catches up from the database later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
    "socket_connect_timeout": 1,
    "socket_timeout": 2,
}
CELERY_TASK_PUBLISH_RETRY = False
# One dispatcher a minute; the database decides what is due. A run that could not start
# within the minute is dropped (expires): the next one does its work.
CELERY_BEAT_SCHEDULE: dict = {
    "dispatch-reminders": {
        "task": "sessions_log.dispatch_reminders",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(BASE_DIR / "celerybeat-schedule")

# --- Logging: no health data, ever. Log ids and event names only. ---------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
