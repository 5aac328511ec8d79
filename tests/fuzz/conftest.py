"""Hypothesis settings for the form fuzz tests.

Each form gets ``FUZZ_EXAMPLES`` examples (default 200: what CI runs in `make test`); set
``FUZZ_EXAMPLES=1000`` for a longer hunt. No example database is written to the checkout.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "pusterom",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "200")),
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("pusterom")
