"""Record who read whose health data. Never store the values themselves."""

from __future__ import annotations

from pusterom.models import AuditEvent


def client_ip(request) -> str | None:
    # REMOTE_ADDR is the proxy when deployed behind one; allauth's trusted proxy count is the
    # one source of truth for that, so ask its adapter.
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except Exception:  # noqa: BLE001 - an audit row without an IP beats a failed page
        return request.META.get("REMOTE_ADDR")


def record_read(
    request, *, patient_user, object_type: str, object_id="", action=AuditEvent.Action.VIEW
):
    """Write an AuditEvent when someone other than the patient reads the patient's data."""
    actor = request.user
    if actor.pk == patient_user.pk:
        return None
    return AuditEvent.objects.create(
        actor=actor,
        patient=patient_user,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        ip=client_ip(request),
    )
