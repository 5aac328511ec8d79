"""Django's core settings: the apps, middleware, templates, users and passwords, caches and
sessions, language and time zone, static files."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from pusterom.settings.environment import BASE_DIR, DEBUG, REDIS_URL

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
# Django's form renderer, with <input>, <textarea> and <select> written in Python
# (pusterom.form_renderer).
FORM_RENDERER = "pusterom.form_renderer.FormRenderer"
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
# Django's and allauth's backends; each loads a patient's profile with the user (patients/auth.py).
AUTHENTICATION_BACKENDS = [
    "patients.auth.ModelBackend",
    "patients.auth.AuthenticationBackend",
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
        "BACKEND": "pusterom.redis_cache.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {
            "socket_connect_timeout": 0.25,
            "socket_timeout": 0.25,
            "retry_on_timeout": False,
        },
    }
    SESSION_ENGINE = "pusterom.sessions"
    SESSION_CACHE_ALIAS = "sessions"
    # Parts of pages kept while nothing they show changes (pusterom.page_cache).
    CACHES["pages"] = {**CACHES["sessions"], "KEY_PREFIX": "pusterom.pages"}

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
