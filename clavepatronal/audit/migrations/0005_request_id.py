"""Each audit event records the id of the request that wrote it.

PostgreSQL adds the column in place: no row is updated, so the append-only trigger
(0003) is not woken. SQLite cannot add a column with a default in place: Django
copies the table into a new one, and the old table's trigger goes with it; it is
created again on the new table.
"""

from django.db import migrations, models

TABLE = "audit_auditevent"

SQLITE_TRIGGER = [
    "DROP TRIGGER IF EXISTS audit_append_only",
    f"""CREATE TRIGGER audit_append_only BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
]


def sqlite_trigger_restore(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_TRIGGER:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_refuse_truncate"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="request_id",
            field=models.CharField(
                blank=True,
                db_default="",
                db_index=True,
                default="",
                max_length=128,
                verbose_name="código de la solicitud",
            ),
        ),
        migrations.RunPython(sqlite_trigger_restore, sqlite_trigger_restore),
    ]
