"""On PostgreSQL the application's role cannot erase the audit trail: it may only
INSERT and SELECT audit events, and it owns neither the table nor its triggers."""

import secrets

import pytest
from django.db import DatabaseError, connection, transaction

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.models import AuditEvent
from clavepatronal.audit.services import app_role_grant, audit_event_record

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason=(
            "roles, privileges and TRUNCATE exist only in PostgreSQL; SQLite has no "
            "roles (run with DATABASE_URL=postgres://…)"
        ),
    ),
]

ERASERS = [
    "TRUNCATE audit_auditevent",
    "TRUNCATE audit_auditevent CASCADE",
    "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_append_only",
    "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
    "DROP TRIGGER audit_append_only ON audit_auditevent",
    "DROP TRIGGER audit_refuse_truncate ON audit_auditevent",
    "DROP FUNCTION audit_append_only() CASCADE",
    "DROP TABLE audit_auditevent CASCADE",
    "DELETE FROM audit_auditevent",
    "UPDATE audit_auditevent SET action = 'otra.cosa'",
]


def refused(cursor, statement: str) -> bool:
    try:
        with transaction.atomic():  # a savepoint: the failure leaves the test usable
            cursor.execute(statement)
    except DatabaseError:
        return True
    return False


@pytest.fixture
def app_role():
    """A real login role without superuser, granted what `migrate` grants the app
    (DATABASE_APP_ROLE); created inside the test's transaction, so it vanishes with
    the rollback."""
    role = f"clave_app_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE")
    app_role_grant(role=role)
    return role


def test_the_app_role_adds_and_reads_events_but_cannot_erase_them(app_role):
    kept = audit_event_record(action=AuditAction.CUENTA_INGRESO, actor_label="owner")
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {app_role}")
        cursor.execute(
            "SELECT current_user, usesuper FROM pg_user WHERE usename = current_user"
        )
        assert cursor.fetchone() == (app_role, False)
        # What the app does every day still works: record and read.
        added = audit_event_record(
            action=AuditAction.CUENTA_SALIDA, actor_label="app role"
        )
        assert AuditEvent.objects.filter(pk__in=[kept.pk, added.pk]).count() == 2
        not_refused = [s for s in ERASERS if not refused(cursor, s)]
        cursor.execute("RESET ROLE")
    assert not_refused == []
    assert AuditEvent.objects.filter(pk__in=[kept.pk, added.pk]).count() == 2


def test_the_app_role_still_writes_the_other_tables(app_role):
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {app_role}")
        cursor.execute(
            "UPDATE django_content_type SET model = model WHERE app_label = 'audit'"
        )
        updated = cursor.rowcount
        cursor.execute(
            "INSERT INTO axes_accessattempt (user_agent, ip_address, username, "
            "http_accept, path_info, attempt_time, get_data, post_data, "
            "failures_since_start) VALUES ('ua', '127.0.0.1', 'x', '', '/', now(), "
            "'', '', 1)"
        )
        cursor.execute("DELETE FROM axes_accessattempt WHERE username = 'x'")
        deleted = cursor.rowcount
        cursor.execute("RESET ROLE")
    assert updated >= 1  # the audit app's content types exist
    assert deleted == 1


def test_truncate_is_refused_even_to_the_owner_outside_test_runs():
    audit_event_record(action=AuditAction.CUENTA_INGRESO, actor_label="owner")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL clavepatronal.allow_audit_truncate = 'off'")
        assert refused(cursor, "TRUNCATE audit_auditevent")
    assert AuditEvent.objects.exists()


def test_migrate_grants_the_configured_app_role(settings):
    from clavepatronal.audit.services import app_role_grant_after_migrate

    role = f"clave_app_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOSUPERUSER")
        settings.DATABASE_APP_ROLE = role
        app_role_grant_after_migrate(using="default")
        cursor.execute(
            "SELECT privilege_type FROM information_schema.role_table_grants "
            "WHERE grantee = %s AND table_name = 'audit_auditevent' ORDER BY 1",
            [role],
        )
        assert [row[0] for row in cursor.fetchall()] == ["INSERT", "SELECT"]
        cursor.execute(
            "SELECT has_table_privilege(%s, 'appointments_turn', 'UPDATE')", [role]
        )
        assert cursor.fetchone() == (True,)
