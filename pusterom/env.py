"""Strict parsing of settings from the environment.

Every helper raises ``ConfigError`` with a message that names the variable, so a
typo in production stops start-up with one clear line instead of a silent default
(the idea of healthchecks' ``envbool``). Secrets may come from ``NAME_FILE``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


class ConfigError(Exception):
    """A configuration value is missing or malformed."""


def _raw(name: str, environ: Mapping[str, str] | None) -> str | None:
    environ = os.environ if environ is None else environ
    value = environ.get(name)
    file_name = environ.get(f"{name}_FILE")
    if value is not None and file_name:
        raise ConfigError(f"{name} and {name}_FILE are both set; set only one")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"{name}_FILE cannot be read: {exc.strerror}") from exc
    return value


def env_str(name: str, default: str | None = None, *, environ=None, required=False) -> str:
    value = _raw(name, environ)
    if value is None or value == "":
        if required:
            raise ConfigError(f"{name} is required but not set")
        if default is None:
            return ""
        return default
    return value


def env_bool(name: str, default: bool = False, *, environ=None) -> bool:
    value = _raw(name, environ)
    # Empty means unset, as for the other types: a blank line must not switch TLS off.
    if value is None or value.strip() == "":
        return default
    lowered = value.strip().lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise ConfigError(f"{name} must be one of 1/0, true/false, yes/no, on/off (got {value!r})")


def env_int(name: str, default: int, *, environ=None, minimum: int | None = None) -> int:
    value = _raw(name, environ)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number (got {value!r})") from None
    if minimum is not None and number < minimum:
        raise ConfigError(f"{name} must be at least {minimum} (got {number})")
    return number


def env_list(name: str, default: list[str] | None = None, *, environ=None) -> list[str]:
    value = _raw(name, environ)
    if value is None or value.strip() == "":
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def database_from_url(url: str, *, name: str = "DATABASE_URL", base_dir: Path | None = None):
    """Turn ``postgres://user:pw@host:port/db`` or ``sqlite:///file`` into a DATABASES entry."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ConfigError(f"{name} is not a valid URL") from None
    scheme = parts.scheme.lower()
    options = dict(parse_qsl(parts.query))
    if scheme == "sqlite":
        path = unquote(parts.path)
        if parts.netloc:
            raise ConfigError(f"{name}: use sqlite:///relative/file or sqlite:////absolute/file")
        path = path[1:] if path.startswith("/") else path
        if not path:
            raise ConfigError(f"{name} names no SQLite file")
        if path != ":memory:" and not Path(path).is_absolute() and base_dir is not None:
            path = str(base_dir / path)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path,
            # WAL keeps the web server and the worker from locking each other out.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    if scheme in {"postgres", "postgresql", "pgsql"}:
        db_name = unquote(parts.path.lstrip("/"))
        if not db_name:
            raise ConfigError(f"{name} names no database (postgres://user@host:5432/NAME)")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": db_name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "OPTIONS": options,
        }
    raise ConfigError(
        f"{name} must start with postgres:// or sqlite:/// (got {scheme or 'nothing'}://)"
    )


def load_dotenv(path: Path, environ=None) -> None:
    """Read KEY=VALUE lines from ``path`` into the environment, never overriding a variable
    that is already set. ``make install`` writes a development .env (DEBUG=1) so that
    ``python manage.py ...`` works in a checkout; docker compose reads the same file."""
    environ = os.environ if environ is None else environ
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or not key.isidentifier():
            raise ConfigError(f"{path.name} line {number} is not KEY=VALUE")
        environ.setdefault(key, value.strip().strip("'\""))
