"""Settings of the reminder benchmark's worker (and of the benchmark itself): production
settings from the environment, with the mail server replaced by the counting backend
(demo.bench.mail) whose Redis is named by BENCH_COUNTER_URL. Mail still goes through the
outbox (``MAILERS["default"]``) as in production: only the delivery end is counted.

The worker does not run the dispatcher when it starts (RUN_ON_WORKER_START): the benchmark
runs it, and times it, itself."""

import os

from pusterom.settings import *  # noqa: F403
from pusterom.settings import MAILERS

MAILERS = {
    **MAILERS,
    "delivery": {
        "BACKEND": "demo.bench.mail.CountingEmailBackend",
        "OPTIONS": {"url": os.environ["BENCH_COUNTER_URL"]},
    },
}

RUN_ON_WORKER_START = False
