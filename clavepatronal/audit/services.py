import json

from django.conf import settings
from django.db import connections, models
from django.utils import timezone

from clavepatronal.core.request_id import request_id_current

from .constants import AuditAction
from .context import client_ip
from .models import AuditEvent

ACTOR_LABEL_MAX = AuditEvent._meta.get_field("actor_label").max_length


def _label_fitted(label: str) -> str:
    """The actor as the trail can keep it: a 200-character name (an applicant's) is
    cut with «…» rather than refusing, with a 500, the action it records."""
    if len(label) <= ACTOR_LABEL_MAX:
        return label
    return label[: ACTOR_LABEL_MAX - 1] + "…"


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

    The client's address comes from the request being served (audit.context), the
    request id from core.request_id (in a worker, the request that enqueued it). The
    action must be one of the catalogue's (audit.constants): anything else raises.
    """
    action = AuditAction(action)
    event = AuditEvent(
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=_label_fitted(actor_label),
        actor_role=_role_of(actor),
        ip=client_ip(),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data or {},
        request_id=request_id_current(),
    )
    event.full_clean()
    event.save()
    return event


def audit_events_record_bulk(
    *,
    events: list[tuple[AuditAction, type[models.Model], object, dict]],
    actor_label: str,
) -> int:
    """Many events by the system, not a person, at once (a draw: its winners, its
    losers, the draw itself), each (action, model, pk of the row, data), inside the
    caller's transaction. Written out as one INSERT per thousand events: building
    an AuditEvent per row cost more than the draw's own work."""
    connection = connections[AuditEvent.objects.db]
    created = connection.ops.adapt_datetimefield_value(timezone.now())
    ip = client_ip()
    request_id = request_id_current()
    actor_label = _label_fitted(actor_label)
    rows = [
        (
            created,
            AuditAction(action).value,
            actor_label,
            ip,
            model._meta.label_lower,
            str(pk),
            json.dumps(data),
            request_id,
        )
        for action, model, pk, data in events
    ]
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _EVENTS_PER_INSERT):
            chunk = rows[start : start + _EVENTS_PER_INSERT]
            values = ", ".join(["(%s, %s, %s, '', %s, %s, %s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} (created, action, actor_label, actor_role, ip, "
                f"target_type, target_id, data, request_id) VALUES {values}",
                [value for row in chunk for value in row],
            )
    return len(rows)


# Below SQLite's default limit of 32,766 parameters per statement.
_EVENTS_PER_INSERT = 1000


def app_role_grant(*, role: str, using: str = "default") -> None:
    """Give the application's database role what it needs and nothing more over the
    audit trail (PostgreSQL; docs/deploy.md).

    Migrations run as the owner of the tables; the app servers and workers connect
    as `role`, which reads and writes every table but may only INSERT and SELECT
    audit events. Not owning the table, it can neither truncate it nor alter, disable
    or drop its triggers. Default privileges cover tables that later migrations
    create. Idempotent: it runs after every `migrate` (apps.py).
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    name = connection.ops.quote_name(role)
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = connection.ops.quote_name(cursor.fetchone()[0])
        for statement in [
            f"GRANT USAGE ON SCHEMA {schema} TO {name}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} "
            f"TO {name}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {name}",
            f"REVOKE ALL ON {table} FROM {name}",
            f"GRANT SELECT, INSERT ON {table} TO {name}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} "
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {name}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} "
            f"GRANT USAGE, SELECT ON SEQUENCES TO {name}",
        ]:
            cursor.execute(statement)


def app_role_grant_after_migrate(*, using: str = "default", **kwargs) -> None:
    """post_migrate: grant DATABASE_APP_ROLE its privileges, when it is set."""
    role = getattr(settings, "DATABASE_APP_ROLE", "")
    if role:
        app_role_grant(role=role, using=using)
