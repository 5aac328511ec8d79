"""Demo training history for ``seed_demo``."""

from __future__ import annotations


def seed_activity(*, patient, physio) -> dict:
    return {}
