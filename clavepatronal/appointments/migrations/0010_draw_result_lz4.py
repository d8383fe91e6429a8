"""A draw's published result (every entry: a hundred kilobytes of JSON and more)
is compressed with lz4 instead of PostgreSQL's default pglz, which took about
40 % of the time to write it; lz4 makes it barely bigger. A server built without
lz4 stores it uncompressed instead (out of line): as quick, at twice the space.
New results only; a no-op on SQLite."""

from django.db import migrations


def _alter_result(apps, schema_editor, *settings: str) -> None:
    table = schema_editor.quote_name(
        apps.get_model("appointments", "Draw")._meta.db_table
    )
    for setting in settings:
        schema_editor.execute(
            f"ALTER TABLE {table} ALTER COLUMN result SET {setting}", params=None
        )


def result_lz4(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
            "WHERE name = 'default_toast_compression'"
        )
        lz4 = cursor.fetchone()[0]
    _alter_result(apps, schema_editor, "COMPRESSION lz4" if lz4 else "STORAGE EXTERNAL")


def result_default(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    _alter_result(apps, schema_editor, "COMPRESSION DEFAULT", "STORAGE EXTENDED")


class Migration(migrations.Migration):
    dependencies = [("appointments", "0009_application_status_one_index")]

    operations = [migrations.RunPython(result_lz4, result_default)]
