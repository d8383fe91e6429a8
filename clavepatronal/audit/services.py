from django.db import models

from .constants import AuditAction
from .context import client_ip
from .models import AuditEvent


def _role_of(actor) -> str:
    """The actor's roles (staff groups), or what kind of account it is."""
    if not getattr(actor, "is_authenticated", False):
        return ""
    cached = getattr(actor, "_audit_role", None)
    if cached is None:
        names = sorted(actor.groups.values_list("name", flat=True))
        if actor.is_superuser:
            names.insert(0, "Superusuario")
        cached = ", ".join(names) or ("Personal" if actor.is_staff else "Empleador")
        actor._audit_role = cached
    return cached


def audit_event_record(
    *,
    action: AuditAction,
    target: models.Model | None = None,
    actor=None,
    actor_label: str = "",
    data: dict | None = None,
) -> AuditEvent:
    """Record one event; called inside the service's transaction so both land or not.

    The client's address comes from the request being served (audit.context). The
    action must be one of the catalogue's (audit.constants): anything else raises.
    """
    action = AuditAction(action)
    event = AuditEvent(
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=actor_label,
        actor_role=_role_of(actor),
        ip=client_ip(),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data or {},
    )
    event.full_clean()
    event.save()
    return event
