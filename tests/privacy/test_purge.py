"""`depurar_datos` on a database seeded across three years, with the clock frozen:
nothing past its period remains (rows and files), what must stay stays, one audit
event with the counts, `--dry-run` changes nothing and a second run changes nothing.
"""

import datetime
import io

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.utils import timezone

from clavepatronal.appointments.constants import ApplicationStatus, TurnStatus
from clavepatronal.appointments.models import Turn, TurnApplication, WaitlistEntry
from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.models import AuditEvent
from clavepatronal.documents.models import GeneratedDocument
from clavepatronal.employers.models import (
    ClaveResetRequest,
    PowerOfAttorney,
    Registration,
    RegistrationDraft,
)
from clavepatronal.notifications.models import EmailVerification, OutboxEmail
from clavepatronal.privacy.purge import purge_run
from clavepatronal.privacy.retention import RULES_BY_KEY
from clavepatronal.procedures.models import (
    Attachment,
    DraftAttachment,
    Tramite,
    TramiteDraft,
)

from .purge_seed import NOW, Seed

PERIODS = {
    "PRIVACY_RETENTION_CODES_HOURS": 24,
    "PRIVACY_RETENTION_DRAFTS_HOURS": 24,
    "PRIVACY_RETENTION_REFUSED_DAYS": 0,
    "PRIVACY_RETENTION_RESETS_DAYS": 30,
    "PRIVACY_RETENTION_BLOCKS_DAYS": 0,
    "PRIVACY_RETENTION_MAIL_DAYS": 30,
    "PRIVACY_RETENTION_TURNS_DAYS": 365,
    "PRIVACY_RETENTION_ARCHIVE_YEARS": 2,
    "PRIVACY_PURGE_BATCH": 2,  # several batches per kind
}
MODELS = (
    EmailVerification,
    RegistrationDraft,
    TramiteDraft,
    DraftAttachment,
    PowerOfAttorney,
    ClaveResetRequest,
    OutboxEmail,
    Turn,
    TurnApplication,
    WaitlistEntry,
    Tramite,
    Attachment,
    GeneratedDocument,
    Registration,
)


@pytest.fixture
def seeded(db, settings, monkeypatch):
    for name, value in PERIODS.items():
        setattr(settings, name, value)
    clock = [NOW]
    monkeypatch.setattr(timezone, "now", lambda: clock[0])
    seed = Seed(clock)
    seed.everything()
    clock[0] = NOW
    return seed


def _past(key: str, age: datetime.timedelta) -> bool:
    return age > RULES_BY_KEY[key].period


def _snapshot() -> tuple:
    """Every row of the models the job touches, and which seeded files exist."""
    rows = []
    for model in MODELS:
        for row in model.objects.order_by("pk").values_list():
            rows.append(
                (
                    model._meta.label,
                    tuple(bytes(v) if isinstance(v, memoryview) else v for v in row),
                )
            )
    return tuple(rows), _files_present()


def _files_present() -> frozenset:
    storage = storages["private"]
    names = set()
    for model in (Attachment, DraftAttachment, GeneratedDocument):
        names |= {
            str(name) for name in model.objects.values_list("file", flat=True) if name
        }
    return frozenset(name for name in names if storage.exists(name))


def _run(django_capture_on_commit_callbacks) -> dict:
    with django_capture_on_commit_callbacks(execute=True):
        return purge_run()


def test_nothing_past_its_period_remains(seeded, django_capture_on_commit_callbacks):
    _run(django_capture_on_commit_callbacks)
    storage = storages["private"]
    for key, age, check in seeded.checks():
        gone = check()
        assert gone == _past(key, age), (key, age)
    for age, name in seeded.files:
        assert storage.exists(name) == (not _past("adjuntos_tramite", age)), age
    for age, name in seeded.draft_files:
        assert storage.exists(name) == (not _past("borradores_tramite", age)), age
    for age, name in seeded.document_files:
        assert storage.exists(name) == (not _past("documentos_generados", age)), age


def test_what_must_be_kept_is_kept(seeded, django_capture_on_commit_callbacks):
    events_before = AuditEvent.objects.count()
    _run(django_capture_on_commit_callbacks)
    old = seeded.old_registration
    old.refresh_from_db()
    assert old.rep_names and old.rep_identification
    # Its Solicitud and Acuerdo back a registration: kept, files too.
    for document in (old.solicitud, old.acuerdo):
        document.refresh_from_db()
        assert storages["private"].exists(document.file.name)
    # The audit trail: every earlier event, old ones included, is still there.
    assert AuditEvent.objects.count() == events_before + 1
    assert AuditEvent.objects.filter(pk=seeded.old_event.pk).exists()
    # Open rows keep their person whatever their age (the constraints on active
    # turns and pending applications are about them).
    stale = Turn.objects.get(pk=seeded.open_turn.pk)
    assert stale.status == TurnStatus.RESERVADO and stale.email
    pending = TurnApplication.objects.get(pk=seeded.open_application.pk)
    assert pending.status == ApplicationStatus.PENDIENTE and pending.identification
    waiting = WaitlistEntry.objects.get(pk=seeded.open_waitlist_entry.pk)
    assert waiting.identification and waiting.email
    open_tramite = Tramite.objects.get(pk=seeded.open_tramite.pk)
    assert open_tramite.applicant_names and open_tramite.attachments.exists()


def test_an_anonymised_turn_keeps_agency_day_and_state(
    seeded, django_capture_on_commit_callbacks
):
    turn = seeded.turns[-1][1]
    _run(django_capture_on_commit_callbacks)
    after = Turn.objects.get(pk=turn.pk)
    assert (after.slot_id, after.status, after.procedure_type_id) == (
        turn.slot_id,
        turn.status,
        turn.procedure_type_id,
    )
    assert (after.identification, after.email, after.mobile, after.holder_names) == (
        "",
        "",
        "",
        "",
    )
    assert after.registration_id is None and after.employer_identification == ""


def test_one_audit_event_per_run_with_the_counts(
    seeded, django_capture_on_commit_callbacks
):
    counts = _run(django_capture_on_commit_callbacks)
    events = AuditEvent.objects.filter(action=AuditAction.DATOS_DEPURADOS)
    assert events.count() == 1
    recorded = events.get().data["counts"]
    assert recorded == counts
    for key, expected in seeded.expected_counts(_past).items():
        assert recorded[key] == expected, key


def test_dry_run_changes_nothing(seeded):
    before = _snapshot()
    out = io.StringIO()
    call_command("depurar_datos", "--dry-run", stdout=out)
    assert _snapshot() == before
    assert not AuditEvent.objects.filter(action=AuditAction.DATOS_DEPURADOS).exists()
    assert "nada cambió" in out.getvalue()
    expected = seeded.expected_counts(_past)
    for key, count in expected.items():
        assert f"{key}: {count} " in out.getvalue()


def test_a_second_run_changes_nothing(seeded, django_capture_on_commit_callbacks):
    _run(django_capture_on_commit_callbacks)
    after_first = _snapshot()
    counts = _run(django_capture_on_commit_callbacks)
    assert _snapshot() == after_first
    assert set(counts.values()) == {0}
    assert AuditEvent.objects.filter(action=AuditAction.DATOS_DEPURADOS).count() == 2


def test_a_file_storage_refused_is_deleted_by_the_next_run(
    seeded, django_capture_on_commit_callbacks, monkeypatch, settings
):
    settings.UPLOAD_ORPHAN_MINUTES = 0
    storage = storages["private"]
    delete = type(storage).delete

    def refuse(self, name):
        # The trámite files (this job's own deletes) and the generated PDFs (the
        # documents service's, generated_documents_purge).
        if name.startswith(("tramites/", "generados/")):
            raise OSError("almacenamiento no disponible")
        return delete(self, name)

    monkeypatch.setattr(type(storage), "delete", refuse)
    _run(django_capture_on_commit_callbacks)
    old_files = [name for age, name in seeded.files if _past("adjuntos_tramite", age)]
    old_pdfs = [
        name
        for age, name in seeded.document_files
        if _past("documentos_generados", age)
    ]
    assert old_files and all(storage.exists(name) for name in old_files)
    assert old_pdfs and all(storage.exists(name) for name in old_pdfs)
    assert not Attachment.objects.filter(file__in=old_files).exists()
    assert not GeneratedDocument.objects.filter(file__in=old_pdfs).exists()

    monkeypatch.setattr(type(storage), "delete", delete)
    # The next daily run: the file's age is read from storage (real time).
    seeded.clock[0] = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)
    _run(django_capture_on_commit_callbacks)
    assert not any(storage.exists(name) for name in old_files + old_pdfs)


def test_a_run_that_fails_midway_still_records_what_it_did(
    seeded, django_capture_on_commit_callbacks, monkeypatch
):
    from clavepatronal.privacy import purge

    def broken(ids):
        raise RuntimeError("fallo inyectado")

    step = purge.STEPS["turnos"]
    monkeypatch.setitem(purge.STEPS, "turnos", purge.Step(due=step.due, apply=broken))
    with pytest.raises(RuntimeError):
        _run(django_capture_on_commit_callbacks)
    event = AuditEvent.objects.get(action=AuditAction.DATOS_DEPURADOS)
    assert event.data["complete"] is False
    assert event.data["counts"]["codigos_verificacion"] > 0
    assert "turnos" not in event.data["counts"]
