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
        not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_HOST", "DJANGO_ALLOW_ASYNC_UNSAFE"}
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
