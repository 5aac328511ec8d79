"""Reads for the patient's own data page: who has seen it ("who has seen my data"). The
download of all of it is built in ``sessions_log.privacy.export``."""

from __future__ import annotations

from pusterom.models import AuditEvent


def audit_trail(*, patient_user):
    """Who has read or changed the patient's data, newest first ("who has seen my data")."""
    return AuditEvent.objects.filter(patient=patient_user).select_related("actor", "actor__centre")
