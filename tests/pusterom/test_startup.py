"""Start-up as an operator sees it: a real `manage.py` process with a given environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "-this-is-only-a-test-key-of-enough-length-0123456789",
    "ALLOWED_HOSTS": "pusterom.example.no",
    "EMAIL_HOST": "smtp.example.no",
    "DATABASE_URL": "sqlite:///:memory:",
}


def manage(*args, env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "EMAIL_HOST",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "PORT",
            "SITE_URL",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_passes_the_deploy_check_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("change", "variable"),
    [
        ({"DEBUG": "sometimes"}, "DEBUG"),
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"DATABASE_URL": "mysql://x/y"}, "DATABASE_URL"),
        ({"EMAIL_PORT": "smtp"}, "EMAIL_PORT"),
        ({"EMAIL_HOST": ""}, "EMAIL_HOST"),
        # It writes every text message, invitation links included, to the log.
        ({"SMS_BACKEND": "patients.sms.ConsoleSmsBackend"}, "SMS_BACKEND"),
    ],
)
def test_it_stops_with_one_line_naming_a_bad_variable(change, variable):
    result = manage("check", env={**PRODUCTION, **change})
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("pusterom: configuration error:")
    assert variable in lines[0]


SHOW = (
    "from django.conf import settings; "
    "print(sorted(settings.CELERY_BROKER_TRANSPORT_OPTIONS)); print(settings.SITE_URL); "
    "print(settings.MAILERS['default']['BACKEND'], settings.MAILERS['delivery']['BACKEND'])"
)
DEVELOPMENT = {"DEBUG": "1", "DATABASE_URL": "sqlite:///:memory:"}


def test_the_embedded_broker_gets_no_redis_socket_options():
    # The SQLAlchemy transport hands unknown options to create_engine(), which refuses them.
    env = {**DEVELOPMENT, "REDIS_URL": "", "CELERY_BROKER_URL": ""}
    result = manage("shell", "--no-imports", "-c", SHOW, env=env)
    assert result.returncode == 0, result.stderr
    options = result.stdout.splitlines()[0]
    assert "max_retries" in options
    for redis_only in ("socket_timeout", "socket_connect_timeout", "visibility_timeout"):
        assert redis_only not in options


def test_redis_keeps_its_fast_fail_socket_options():
    env = {**DEVELOPMENT, "REDIS_URL": "redis://127.0.0.1:6379/0", "CELERY_BROKER_URL": ""}
    options = manage("shell", "--no-imports", "-c", SHOW, env=env).stdout.splitlines()[0]
    for name in ("socket_timeout", "socket_connect_timeout", "visibility_timeout", "max_retries"):
        assert name in options


def test_links_in_development_emails_point_at_the_port_make_run_serves():
    result = manage(
        "shell", "--no-imports", "-c", SHOW, env={**DEVELOPMENT, "PORT": "8123", "SITE_URL": ""}
    )
    assert result.stdout.splitlines()[1] == "http://127.0.0.1:8123"


def test_all_mail_goes_through_the_outbox_in_production_and_development():
    for env in (PRODUCTION, DEVELOPMENT):
        backends = manage("shell", "--no-imports", "-c", SHOW, env=env).stdout.splitlines()[2]
        assert backends.startswith("pusterom.mail.OutboxBackend ")
    production = manage("shell", "--no-imports", "-c", SHOW, env=PRODUCTION).stdout.splitlines()[2]
    assert production.endswith("smtp.EmailBackend")
    development = manage("shell", "--no-imports", "-c", SHOW, env=DEVELOPMENT).stdout.splitlines()[
        2
    ]
    assert development.endswith("ReadableConsoleBackend")
