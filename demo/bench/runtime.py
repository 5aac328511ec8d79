"""What the benchmarks need around the code they measure: a PostgreSQL database of their own,
production-like settings in the environment, free ports, and child processes that are
always stopped (by their own pid) when the benchmark ends.

Nothing here imports Django at import time: the environment has to be set before
``django.setup()``. ``clean_up`` closes Django's connections if Django is set up by then.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432/"


def server_url(database_url: str | None) -> str:
    """The PostgreSQL server of DATABASE_URL (its database name dropped), or the local
    default when DATABASE_URL is unset or not PostgreSQL."""
    parts = urlsplit(database_url or "")
    if parts.scheme.lower() not in {"postgres", "postgresql", "pgsql"}:
        parts = urlsplit(DEFAULT_SERVER_URL)
    return urlunsplit(("postgresql", parts.netloc, "/", parts.query, ""))


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))


def _admin_connection(url: str):
    import psycopg

    return psycopg.connect(with_database(url, "postgres"), autocommit=True)


def create_database(url: str, name: str) -> str:
    """Create database ``name`` on the server of ``url``; returns its URL."""
    with _admin_connection(url) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return with_database(url, name)


def drop_database(url: str, name: str) -> None:
    with _admin_connection(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_free(port: int) -> bool:
    """Nothing listens there (connections of an earlier run in TIME_WAIT do not count: the
    servers started here bind with SO_REUSEADDR too)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def production_env(*, database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a production deployment on plain local HTTP.

    DEBUG off, a fresh SECRET_KEY, local hosts allowed. Only SECURE_SSL_REDIRECT is turned
    off (every request would otherwise be redirected to https); the cookies keep their
    Secure flag, which a benchmark client ignores. EMAIL_HOST is required without DEBUG and
    points at a port where nothing listens: no page measured here sends mail.
    """
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(48),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DATABASE_URL=database_url,
        SECURE_SSL_REDIRECT="0",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT="9",
        DJANGO_SETTINGS_MODULE="pusterom.settings",
        PYTHONUNBUFFERED="1",
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(extra)
    return env


class Processes:
    """Child processes started by a benchmark; ``stop_all`` ends each one by its pid."""

    def __init__(self) -> None:
        self.children: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, args: list[str], *, env: dict, log: Path) -> subprocess.Popen:
        handle = log.open("ab")
        process = subprocess.Popen(  # noqa: S603 - our own argument list, no shell
            args, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT
        )
        handle.close()
        self.children.append((name, process))
        return process

    def stop(self, process: subprocess.Popen, *, timeout: float = 15) -> None:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)

    def stop_all(self) -> None:
        while self.children:
            _name, process = self.children.pop()
            self.stop(process)


def clean_up(processes: Processes, *, server: str, db_name: str, workdir: Path, log) -> None:
    """The end of every benchmark, also after an error or Ctrl-C: stop the children, close
    this process's database connections, drop the benchmark's database and remove its
    working folder (logs, Redis' files)."""
    processes.stop_all()
    with contextlib.suppress(Exception):
        from django.db import connections

        connections.close_all()
    drop_database(server, db_name)
    log(f"database {db_name} dropped")
    for path in workdir.glob("*"):
        path.unlink()
    workdir.rmdir()


def start_redis(processes: Processes, *, port: int, workdir: Path) -> None:
    """redis-server on a local port, without persistence, its files in ``workdir``."""
    import redis

    processes.start(
        "redis",
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ],
        env=dict(os.environ),
        log=workdir / "redis.log",
    )
    client = redis.Redis(port=port)
    wait_until(client.ping, timeout=20, what=f"redis-server on port {port}")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its living children, from /proc (Linux;
    0 elsewhere). Load on the machine stretches wall-clock times, not this."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [pid]
    with contextlib.suppress(OSError):
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError, IndexError, ValueError):
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                    if int(fields[1]) == pid:
                        pids.append(int(entry.name))
    for each in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def wait_until(check, *, timeout: float, what: str, interval: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if check():
                return
        time.sleep(interval)
    raise RuntimeError(f"timed out after {timeout:.0f} s waiting for {what}")


def python() -> str:
    return sys.executable


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""
