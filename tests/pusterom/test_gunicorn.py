"""deploy/gunicorn.conf.py: a real gunicorn with the production config writes an access log
without query strings, referrers or tokens from paths."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
INVITATION_TOKEN = "Xk3vQ9sT1bW7yZ2aL5nP8rD4fH6jM0cE-_q"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_access_log_keeps_names_and_tokens_out(tmp_path):
    port = free_port()
    log = tmp_path / "access.log"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS"))},
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "WEB_CONCURRENCY": "1",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            str(CONFIG),
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            str(log),
            "pusterom.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/health/live/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        paths = [
            "/health/live/?q=Kari+Nordmann",
            f"/invitation/{INVITATION_TOKEN}/",
            "/static/css/pusterom.css",
        ]
        for path in paths:
            request = urllib.request.Request(
                base + path, headers={"Referer": base + "/staff/referrals/?q=Ola+Hansen"}
            )
            # The status is in the log; the log is what is tested.
            with contextlib.suppress(urllib.error.HTTPError):
                urllib.request.urlopen(request, timeout=5)
        time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=30)
    text = log.read_text()
    assert '"GET /health/live/ HTTP/1.1" 200' in text
    assert '"GET /invitation/[token]/ HTTP/1.1"' in text
    assert '"GET /static/css/pusterom.css HTTP/1.1"' in text
    for secret in ("Kari", "Nordmann", "Ola", "Hansen", "q=", INVITATION_TOKEN):
        assert secret not in text, secret


def test_it_takes_the_workers_from_the_cpu_count():
    config: dict = {}
    exec(CONFIG.read_text(), config)  # noqa: S102 - our own config file
    if "WEB_CONCURRENCY" not in os.environ:
        assert config["workers"] == min(2 * (os.process_cpu_count() or 1) + 1, 12)
    assert config["timeout"] == 30 and config["accesslog"] == "-"
    assert "%(q)s" not in config["access_log_format"]
    assert "%(r)s" not in config["access_log_format"]
