"""The settings read from the environment (filled in from a ``.env`` file in the project
folder for variables that are not set), checked at start-up: a missing or malformed value
stops it with one line naming the variable. The other settings modules build on these."""

from __future__ import annotations

from pathlib import Path

from pusterom.env import (
    ConfigError,
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    load_dotenv,
)

BASE_DIR = Path(__file__).resolve().parents[2]

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
