from django.db import models

from .models import AuditEvent


def audit_event_record(
    *,
    action: str,
    target: models.Model | None = None,
    actor=None,
    actor_label: str = "",
    data: dict | None = None,
) -> AuditEvent:
    """Record one event; called inside the service's transaction so both land or not."""
    event = AuditEvent(
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=actor_label,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data or {},
    )
    event.full_clean()
    event.save()
    return event
