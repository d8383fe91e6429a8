"""`depurar_datos` against the cluster's PostgreSQL and S3, run as cron runs it: the
files of what passed its period leave the bucket with their rows, what is within
its period stays, one audit event per run, and a second run changes nothing."""

import datetime
import os
import subprocess
import sys

import boto3
import pytest
from botocore.exceptions import ClientError
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.models import AuditEvent
from clavepatronal.documents.codes import random_code
from clavepatronal.documents.constants import CODE_LENGTH, DocumentKind
from clavepatronal.documents.models import GeneratedDocument
from clavepatronal.documents.services import generated_document_create
from clavepatronal.procedures.models import DraftAttachment, Tramite, TramiteDraft

from .conftest import ROOT

PDF = b"%PDF-1.7 depuracion en el cluster"
YEARS_AGO = timezone.now() - datetime.timedelta(days=365 * 30)


def _bucket():
    return boto3.client(
        "s3",
        endpoint_url=settings.STORAGES["private"]["OPTIONS"]["endpoint_url"],
        region_name="us-east-1",
    )


def _in_bucket(name: str) -> bool:
    try:
        _bucket().head_object(Bucket=settings.S3_BUCKET, Key=name)
    except ClientError as error:
        if error.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
            return False
        raise
    return True


def _depurar(*args: str) -> str:
    """The command as cron runs it: its own process, the cluster's environment."""
    done = subprocess.run(
        [sys.executable, "manage.py", "depurar_datos", *args],
        cwd=ROOT,
        env=os.environ,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return done.stdout


def _tramite(*, created) -> Tramite:
    from tests.procedures.factories import TramiteFactory

    tramite = TramiteFactory(
        clave_emitida=True,
        created=created,
        attachment__file=ContentFile(PDF, name="tramites/2000/01/ruc.pdf"),
        number=f"VV-P-{random_code(8)}",
        form_token=f"purga-{random_code(12)}",
    )
    return tramite


def _document(*, created) -> GeneratedDocument:
    document = generated_document_create(
        code=random_code(CODE_LENGTH),
        kind=DocumentKind.SOLICITUD_CLAVE,
        holder_identification="1790012345001",
        holder_name="Comercial Andina S.A.",
        content=PDF,
    )
    GeneratedDocument.objects.filter(pk=document.pk).update(created=created)
    return document


@pytest.fixture
def seeded():
    old, recent = _tramite(created=YEARS_AGO), _tramite(created=timezone.now())
    draft = TramiteDraft.objects.create(
        key=f"purga-{random_code(12)}", state={}, expires_at=YEARS_AGO
    )
    draft_file = DraftAttachment.objects.create(
        draft=draft,
        file=ContentFile(PDF, name="tramites/2000/01/borrador.pdf"),
        requirement_code="ruc",
        requirement_name="RUC",
        kind="PDF",
        display_name="ruc.pdf",
        size=len(PDF),
        sha256="0" * 64,
    )
    return {
        "old": [a.file.name for a in old.attachments.all()],
        "recent": [a.file.name for a in recent.attachments.all()],
        "draft": [draft_file.file.name],
        "old_document": _document(created=YEARS_AGO).file.name,
        "recent_document": _document(created=timezone.now()).file.name,
        "old_tramite": old.pk,
        "draft_pk": draft.pk,
    }


def test_purged_files_leave_s3_with_their_rows_and_a_second_run_changes_nothing(
    seeded,
):
    gone = [*seeded["old"], *seeded["draft"], seeded["old_document"]]
    kept = [*seeded["recent"], seeded["recent_document"]]
    assert all(_in_bucket(name) for name in gone + kept)

    preview = _depurar("--dry-run")
    assert "nada cambió" in preview
    assert all(_in_bucket(name) for name in gone + kept)

    before = AuditEvent.objects.filter(action=AuditAction.DATOS_DEPURADOS).count()
    _depurar()
    assert not any(_in_bucket(name) for name in gone)
    assert all(_in_bucket(name) for name in kept)
    assert not TramiteDraft.objects.filter(pk=seeded["draft_pk"]).exists()
    old = Tramite.objects.get(pk=seeded["old_tramite"])
    assert not old.attachments.exists() and old.applicant_names == ""
    events = AuditEvent.objects.filter(action=AuditAction.DATOS_DEPURADOS)
    assert events.count() == before + 1
    counts = events.order_by("-id").first().data["counts"]
    assert counts["adjuntos_tramite"] >= 1 and counts["borradores_tramite"] >= 1
    assert counts["documentos_generados"] >= 1

    again = _depurar()
    assert "adjuntos_tramite: 0 " in again and "documentos_generados: 0 " in again
    assert all(_in_bucket(name) for name in kept)
    assert events.count() == before + 2
