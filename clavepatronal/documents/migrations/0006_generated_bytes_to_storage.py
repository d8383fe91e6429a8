"""Move the bytes of existing generated documents to private storage, in batches.

Each batch is its own transaction (the migration is not atomic): its files are
written first, then its rows get the file's name and lose their bytes; if the batch
fails, its files are removed and the rows keep their bytes, so running it again
continues where it stopped. Backwards reads the files into the column again and
removes them once their rows are committed.
"""

import hashlib
import uuid

from django.core.files.base import ContentFile
from django.db import migrations, transaction

BATCH_SIZE = 500
FOLDER = "generados"


def _batches(queryset):
    """Rows in primary-key order, BATCH_SIZE at a time, never all in memory."""
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last).order_by("pk")[:BATCH_SIZE])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def _file_write(storage, row) -> str:
    data = bytes(row.content)
    digest = hashlib.sha256(data).hexdigest()
    if row.sha256 and row.sha256 != digest:
        raise RuntimeError(
            f"Generated document {row.code}: its bytes no longer match the SHA-256 "
            "issued with it; nothing was moved for its batch."
        )
    name = f"{FOLDER}/{row.created:%Y/%m}/{uuid.uuid4().hex}.pdf"
    stored = storage.save(name, ContentFile(data))
    row.file, row.sha256, row.size, row.content = stored, digest, len(data), None
    return stored


def _row_update(row, *fields) -> None:
    """One short UPDATE per row (bulk_update's CASE for 500 rows costs more)."""
    type(row)._base_manager.using(row._state.db).filter(pk=row.pk).update(
        **{field: getattr(row, field) for field in fields}
    )


def bytes_to_storage(apps, schema_editor):
    Document = apps.get_model("documents", "GeneratedDocument")
    storage = Document._meta.get_field("file").storage
    pending = Document.objects.using(schema_editor.connection.alias).filter(
        content__isnull=False
    )
    for batch in _batches(pending.only("pk", "code", "created", "content", "sha256")):
        written = []
        try:
            for row in batch:
                written.append(_file_write(storage, row))
            with transaction.atomic(using=schema_editor.connection.alias):
                for row in batch:
                    _row_update(row, "file", "sha256", "size", "content")
        except BaseException:
            for name in written:
                storage.delete(name)
            raise


def storage_to_bytes(apps, schema_editor):
    Document = apps.get_model("documents", "GeneratedDocument")
    storage = Document._meta.get_field("file").storage
    stored = (
        Document.objects.using(schema_editor.connection.alias)
        .filter(content__isnull=True)
        .exclude(file="")
    )
    for batch in _batches(stored.only("pk", "file")):
        names = []
        for row in batch:
            with storage.open(row.file.name, "rb") as handle:
                row.content = handle.read()
            names.append(row.file.name)
            row.file = ""
        with transaction.atomic(using=schema_editor.connection.alias):
            for row in batch:
                _row_update(row, "content", "file")
        for name in names:
            storage.delete(name)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("documents", "0005_generated_file"),
    ]

    operations = [
        migrations.RunPython(bytes_to_storage, storage_to_bytes, elidable=False),
    ]
