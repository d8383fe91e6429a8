"""documents 0005–0007 move the bytes of existing generated documents from their
column to private storage in batches, and back again when unapplied."""

import hashlib
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from clavepatronal.documents.models import GeneratedDocument, private_storage

from .test_generated_storage import stored_names

# serialized_rollback: the flush after a transactional test would lose the provinces
# and the catalogue the migrations seed, which later tests read.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("documents", "0004_holder_name_text_and_unverified")]
MOVE = importlib.import_module(
    "clavepatronal.documents.migrations.0006_generated_bytes_to_storage"
)


def latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes("documents")


def migrate(targets: list[tuple[str, str]]):
    """Apply or unapply up to `targets`; the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def old_document(apps, number: int, content: bytes, **fields):
    Document = apps.get_model("documents", "GeneratedDocument")
    return Document.objects.create(
        code=f"ABCDEFGHJKMN{number:04d}",
        kind="SOLICITUD_CLAVE",
        holder_identification="1790011674001",
        holder_name="Comercial Andina S.A.",
        content=content,
        sha256=fields.pop("sha256", hashlib.sha256(content).hexdigest()),
        size=len(content),
        **fields,
    )


def pdf(number: int) -> bytes:
    return b"%PDF-1.7\n% generated document " + str(number).encode() + b"\n%%EOF\n"


def columns() -> set[str]:
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(
            cursor, GeneratedDocument._meta.db_table
        )
    return {column.name for column in description}


def test_forward_moves_every_row_in_batches_and_backward_brings_them_back(
    monkeypatch,
):
    monkeypatch.setattr(MOVE, "BATCH_SIZE", 2)  # five rows: three batches
    apps = migrate(BEFORE)
    try:
        contents = {old_document(apps, n, pdf(n)).code: pdf(n) for n in range(5)}
        migrate(latest())
        assert "content" not in columns()
        moved = GeneratedDocument.objects.order_by("code")
        assert [d.code for d in moved] == sorted(contents)
        for document in moved:
            assert document.file.name.startswith("generados/")
            with private_storage().open(document.file.name, "rb") as handle:
                assert handle.read() == contents[document.code]
            assert (
                document.sha256 == hashlib.sha256(contents[document.code]).hexdigest()
            )
            assert document.size == len(contents[document.code])
        assert len(stored_names()) == 5

        apps = migrate(BEFORE)
        assert "content" in columns()
        Document = apps.get_model("documents", "GeneratedDocument")
        back = {d.code: bytes(d.content) for d in Document.objects.all()}
        assert back == contents
        assert stored_names() == []
    finally:
        migrate(latest())


def test_a_row_whose_bytes_do_not_match_its_hash_stops_its_batch_untouched(
    monkeypatch,
):
    monkeypatch.setattr(MOVE, "BATCH_SIZE", 2)
    apps = migrate(BEFORE)
    try:
        for number in range(3):
            old_document(apps, number, pdf(number))
        old_document(apps, 3, pdf(3), sha256="0" * 64)  # in the second batch
        with pytest.raises(RuntimeError, match="ABCDEFGHJKMN0003"):
            migrate(latest())
        Document = (
            MigrationExecutor(connection)
            .loader.project_state([("documents", "0005_generated_file")])
            .apps.get_model("documents", "GeneratedDocument")
        )
        # The first batch moved; the second kept its bytes and left no file.
        moved = Document.objects.filter(content__isnull=True)
        assert sorted(d.code for d in moved) == ["ABCDEFGHJKMN0000", "ABCDEFGHJKMN0001"]
        assert sorted(stored_names()) == sorted(d.file.name for d in moved)
        # Fixed, the migration goes on where it stopped.
        Document.objects.filter(code="ABCDEFGHJKMN0003").update(
            sha256=hashlib.sha256(pdf(3)).hexdigest()
        )
        migrate(latest())
        assert GeneratedDocument.objects.count() == 4
        assert len(stored_names()) == 4
    finally:
        migrate(latest())
