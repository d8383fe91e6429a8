from django.db import migrations


def enable_wal(apps, schema_editor):
    """WAL is a property of the SQLite file: set once here, it holds for every
    connection after, so readers never wait for a writer."""
    connection = schema_editor.connection
    if connection.vendor != "sqlite" or connection.is_in_memory_db():
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=WAL")


class Migration(migrations.Migration):
    # PRAGMA journal_mode cannot change inside a transaction.
    atomic = False
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(enable_wal, migrations.RunPython.noop)]
