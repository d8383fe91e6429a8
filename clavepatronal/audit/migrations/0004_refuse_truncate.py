"""PostgreSQL refuses TRUNCATE of the audit trail, which row triggers do not see.

A no-op on SQLite (it has no TRUNCATE). The application's own role cannot truncate
anyway (it may only INSERT and SELECT here: docs/deploy.md); this stops the owner's
slips too, such as `manage.py flush` against production. Test runs, which empty
every table between transactional tests, say so for their own connections with
`clavepatronal.allow_audit_truncate=on` (config/settings/test.py).
"""

from django.db import migrations

TABLE = "audit_auditevent"

POSTGRES_UP = [
    """CREATE OR REPLACE FUNCTION audit_refuse_truncate() RETURNS trigger AS $$
    BEGIN
        IF current_setting('clavepatronal.allow_audit_truncate', true) = 'on' THEN
            RETURN NULL;
        END IF;
        RAISE EXCEPTION 'audit events are append-only: TRUNCATE refused';
    END;
    $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER audit_refuse_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate()""",
]
POSTGRES_DOWN = [
    f"DROP TRIGGER IF EXISTS audit_refuse_truncate ON {TABLE}",
    "DROP FUNCTION IF EXISTS audit_refuse_truncate()",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_append_only_trigger")]

    operations = [migrations.RunPython(_run(POSTGRES_UP), _run(POSTGRES_DOWN))]
