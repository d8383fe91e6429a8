"""Generated PDFs live in private storage, beside the uploads; the row keeps the
code, the SHA-256 and the size. Never a row without its file, never a file without
its row."""

import hashlib
import os
import time
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from clavepatronal.documents.constants import DocumentKind
from clavepatronal.documents.models import GeneratedDocument, private_storage
from clavepatronal.documents.selectors import generated_document_content
from clavepatronal.documents.services import (
    generated_document_create,
    generated_documents_atomic,
    generated_documents_purge,
)
from clavepatronal.employers.services import registration as registration_module
from tests.employers.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% a stand-in generated document\n%%EOF\n"


def create(code: str = "ABCDEFGHJKMNPQRS", content: bytes = PDF) -> GeneratedDocument:
    return generated_document_create(
        code=code,
        kind=DocumentKind.SOLICITUD_CLAVE,
        holder_identification="1790011674001",
        holder_name="Comercial Andina S.A.",
        content=content,
    )


def stored_names() -> list[str]:
    """Every file under the generated documents' folder of private storage."""
    storage, names, pending = private_storage(), [], ["generados"]
    while pending:
        folder = pending.pop()
        if not storage.exists(folder):
            continue
        folders, files = storage.listdir(folder)
        pending.extend(f"{folder}/{name}" for name in folders)
        names.extend(f"{folder}/{name}" for name in files)
    return sorted(names)


def test_the_bytes_go_to_private_storage_and_the_row_keeps_hash_and_size():
    document = create()
    document.refresh_from_db()
    assert document.file.name.startswith("generados/")
    assert document.file.name.endswith(".pdf")
    assert private_storage().exists(document.file.name)
    assert generated_document_content(document=document) == PDF
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert document.size == len(PDF)
    assert stored_names() == [document.file.name]


def test_the_table_has_no_column_for_the_bytes():
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(
            cursor, GeneratedDocument._meta.db_table
        )
    names = {column.name for column in columns}
    assert "content" not in names
    assert {"file", "sha256", "size", "code"} <= names


def test_two_documents_never_share_a_file():
    first = create("ABCDEFGHJKMNPQRS")
    second = create("ABCDEFGHJKMNPQRT")
    assert first.file.name != second.file.name
    assert len(stored_names()) == 2


def test_the_database_refuses_a_row_without_its_file():
    document = create()
    with pytest.raises(IntegrityError), transaction.atomic():
        GeneratedDocument.objects.filter(pk=document.pk).update(file="")


def test_a_failed_creation_leaves_no_file():
    create("ABCDEFGHJKMNPQRS")
    with pytest.raises(ValidationError):  # the code is taken
        create("ABCDEFGHJKMNPQRS", b"%PDF-1.7 another")
    assert GeneratedDocument.objects.count() == 1
    assert len(stored_names()) == 1


def test_a_transaction_that_rolls_back_after_the_document_removes_its_file():
    with pytest.raises(RuntimeError), generated_documents_atomic():
        create()
        assert len(stored_names()) == 1
        raise RuntimeError("something after the document failed")
    assert GeneratedDocument.objects.count() == 0
    assert stored_names() == []


def test_an_outer_rollback_removes_the_files_an_inner_block_committed():
    with pytest.raises(RuntimeError), generated_documents_atomic():
        with generated_documents_atomic():
            create()
        raise RuntimeError("the outer block fails after the inner one finished")
    assert GeneratedDocument.objects.count() == 0
    assert stored_names() == []


def test_a_registration_refused_by_the_database_leaves_no_files(
    registration, monkeypatch
):
    """The race the partial unique index decides: the loser's two PDFs go too."""
    monkeypatch.setattr(
        registration_module, "registration_active_get", lambda **_: None
    )
    before = stored_names()
    assert len(before) == 2
    with pytest.raises(IntegrityError):
        RegistrationFactory()
    assert GeneratedDocument.objects.count() == 2
    assert stored_names() == before


def test_purge_deletes_the_rows_and_their_files_on_commit(
    django_capture_on_commit_callbacks,
):
    kept = create("ABCDEFGHJKMNPQRS")
    gone = [create("ABCDEFGHJKMNPQRT"), create("ABCDEFGHJKMNPQRV")]
    with django_capture_on_commit_callbacks(execute=True):
        count = generated_documents_purge(
            GeneratedDocument.objects.filter(pk__in=[d.pk for d in gone])
        )
    assert count == 2
    assert list(GeneratedDocument.objects.all()) == [kept]
    assert stored_names() == [kept.file.name]


def test_purge_keeps_the_files_until_the_deletion_is_committed():
    document = create()
    with pytest.raises(RuntimeError), transaction.atomic():
        generated_documents_purge(GeneratedDocument.objects.all())
        raise RuntimeError("the retention run fails later")
    assert GeneratedDocument.objects.get() == document
    assert stored_names() == [document.file.name]


def test_purge_refuses_documents_still_referred_to_and_keeps_everything(
    registration, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ProtectedError),
    ):
        generated_documents_purge(
            GeneratedDocument.objects.filter(pk=registration.solicitud_id)
        )
    assert GeneratedDocument.objects.count() == 2
    assert len(stored_names()) == 2


def test_purge_of_nothing_is_zero(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert generated_documents_purge(GeneratedDocument.objects.none()) == 0


def test_verification_by_code_reads_the_row_not_the_file(client, registration):
    document = registration.solicitud
    private_storage().delete(document.file.name)
    page = client.get(reverse("documents:verify_code", args=[document.code]))
    assert "Documento válido" in page.content.decode()


def test_limpiar_documentos_removes_old_files_without_a_row_only():
    document = create()
    document.refresh_from_db()
    storage = private_storage()
    old = storage.save("generados/2026/01/huerfano.pdf", ContentFile(PDF))
    fresh = storage.save("generados/2026/01/en-curso.pdf", ContentFile(PDF))
    hours_ago = time.time() - 2 * 3600
    for name in (old, document.file.name):
        os.utime(storage.path(name), (hours_ago, hours_ago))
    out = StringIO()
    call_command("limpiar_documentos", stdout=out)
    assert f"eliminado: {old}" in out.getvalue()
    assert stored_names() == sorted([document.file.name, fresh])
