"""Settings of the reminder benchmark's worker (and of the benchmark itself): production
settings from the environment, with email going to the counting backend (demo.bench.mail)
whose Redis is named by BENCH_COUNTER_URL."""

import os

from pusterom.settings import *  # noqa: F403

MAILERS = {
    "default": {
        "BACKEND": "demo.bench.mail.CountingEmailBackend",
        "OPTIONS": {"url": os.environ["BENCH_COUNTER_URL"]},
    }
}
