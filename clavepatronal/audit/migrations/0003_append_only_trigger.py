"""The database refuses to change or delete an audit event, whatever code asks.

PostgreSQL refuses UPDATE and DELETE; SQLite refuses UPDATE (the test runner empties
SQLite tables with DELETE between transactional tests, and PostgreSQL with TRUNCATE,
which row triggers do not see).
"""

from django.db import migrations

TABLE = "audit_auditevent"

POSTGRES_UP = [
    """CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'audit events are append-only';
    END;
    $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION audit_append_only()""",
]
POSTGRES_DOWN = [
    f"DROP TRIGGER IF EXISTS audit_append_only ON {TABLE}",
    "DROP FUNCTION IF EXISTS audit_append_only()",
]
SQLITE_UP = [
    f"""CREATE TRIGGER audit_append_only BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS audit_append_only"]


def _run(sql_by_vendor):
    def run(apps, schema_editor):
        for statement in sql_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_role_and_ip")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        )
    ]
