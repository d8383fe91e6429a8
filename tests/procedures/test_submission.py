"""Recepción de trámites end to end through the views: requirements that adapt,
one trámite per form, tracking numbers, receipt, confirmation and status pages."""

import re
import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from clavepatronal.audit.models import AuditEvent
from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.procedures import services
from clavepatronal.procedures.constants import TramiteStatus
from clavepatronal.procedures.links import attachment_link_token
from clavepatronal.procedures.models import Attachment, Tramite
from clavepatronal.procedures.selectors import tramite_requirement_slots
from clavepatronal.procedures.services import submission
from tests.employers.factories import CEDULA, RUC_PERSONA, RegistrationFactory
from tests.refusals import refused_page

from . import files
from .test_hostile_files import assert_nothing_stored, stored_files

pytestmark = pytest.mark.django_db


def slot_codes(procedure_type, registration) -> list[str]:
    return [
        slot.code
        for slot in tramite_requirement_slots(
            procedure_type=procedure_type, registration=registration
        )
    ]


def test_a_private_employer_with_a_cedula_gets_four_requirements(clave, registration):
    assert slot_codes(clave, registration) == [
        "ruc",
        "solicitud",
        "cedula-representante",
        "acuerdo",
    ]


def test_an_artisan_also_uploads_the_calificacion(clave):
    artisan = RegistrationFactory(sector="ARTESANO")
    slots = tramite_requirement_slots(procedure_type=clave, registration=artisan)
    assert [s.code for s in slots][-1] == "calificacion-artesanal"
    assert slots[-1].why == "Se pide a los artesanos calificados."


@pytest.fixture
def foreigner(db):
    """A registration whose legal representative has a passport, not a cédula."""
    return RegistrationFactory(foreign_representative=True)


def test_a_foreign_representative_uploads_one_of_three_documents(
    clave, foreigner, client, applicant_data, ventanilla
):
    codes = slot_codes(clave, foreigner)
    assert "cedula-representante" not in codes
    assert "identificacion-extranjero" in codes
    ventanilla.start()
    page = client.get(ventanilla.url)
    assert "foreign_document" in page.context["form"].fields
    for label in ("Código de identificación IESS", "Visa vigente", "Pasaporte vigente"):
        assert label in page.text


def test_a_clave_patronal_trámite_needs_a_registration(client, applicant_data):
    response = client.post(
        reverse("procedures:applicant"), {**applicant_data, "employer": RUC_PERSONA}
    )
    response = refused_page(client, response)
    assert "Haga primero el Registro nuevo empleador" in response.text
    assert Tramite.objects.count() == 0


def test_a_domestic_employer_is_found_by_cedula(client, applicant_data):
    RegistrationFactory(sector="DOMESTICO")
    response = client.post(
        reverse("procedures:applicant"), {**applicant_data, "employer": CEDULA}
    )
    assert response.status_code == 302


def test_other_procedures_take_one_optional_attachment(db, registration):
    other = ProcedureType.objects.exclude(code="clave-patronal").first()
    slots = tramite_requirement_slots(procedure_type=other, registration=None)
    assert [(s.code, s.required) for s in slots] == [("respaldo", False)]


def test_the_message_is_plain_and_limited(client, applicant_data, registration):
    too_long = client.post(
        reverse("procedures:applicant"), {**applicant_data, "message": "a" * 1001}
    )
    too_long = refused_page(client, too_long)
    assert "message" in too_long.context["form"].errors
    started = client.post(
        reverse("procedures:applicant"),
        {**applicant_data, "message": "Hola\x1b\x07 mundo"},
    )
    page = client.get(started["Location"])
    assert page.context["draft"]["message"] == "Hola mundo"


def test_submitting_makes_one_trámite_with_its_files_receipt_and_history(
    ventanilla, good_files, registration
):
    ventanilla.start_from_link(registration)  # no third-party notice: one mail
    response = ventanilla.submit(good_files)
    tramite = Tramite.objects.get()
    assert response["Location"] == reverse(
        "procedures:confirmation", kwargs={"number": tramite.number}
    )
    assert re.fullmatch(rf"VV-{timezone.localdate().year}-000001", tramite.number)
    assert tramite.status == TramiteStatus.RECIBIDO
    assert tramite.registration == registration
    assert tramite.attachments.count() == 4
    solicitud = tramite.attachments.get(requirement_code="solicitud")
    assert solicitud.signature_report["ok"] is True
    assert solicitud.signature_report["content_match"] == "prefijo"
    assert [h.to_status for h in tramite.history.all()] == [TramiteStatus.RECIBIDO]
    assert AuditEvent.objects.filter(action="tramite.recibido").count() == 1
    (receipt,) = mail.outbox
    assert receipt.to == ["juan.perez@ejemplo.ec"]
    assert tramite.number in receipt.subject and tramite.number in receipt.body
    assert "/ventanilla/estado/" in receipt.body


def test_the_confirmation_page_shows_the_number_and_what_happens_next(
    ventanilla, good_files, client
):
    ventanilla.start()
    response = client.get(ventanilla.submit(good_files)["Location"])
    assert response.status_code == 200
    tramite = Tramite.objects.get()
    assert tramite.number in response.text
    assert "Qué pasa ahora" in response.text
    assert "3 días laborables" in response.text


def test_the_confirmation_page_is_only_for_the_browser_that_filed_it(
    ventanilla, good_files, client
):
    ventanilla.start()
    url = ventanilla.submit(good_files)["Location"]
    client.cookies.clear()
    assert client.get(url).status_code == 404


def test_the_same_form_sent_twice_makes_one_trámite(
    ventanilla, good_files, registration
):
    ventanilla.start_from_link(registration)  # no third-party notice: one mail
    first = ventanilla.submit(good_files)
    again = ventanilla.submit(good_files)  # reload or double click
    assert again.status_code == 302
    assert again["Location"] == first["Location"]
    assert Tramite.objects.count() == 1
    assert len(stored_files()) == 4  # the repeat left no files behind
    assert len(mail.outbox) == 1


def test_a_draft_this_session_was_never_given_is_not_found(
    ventanilla, good_files, client
):
    ventanilla.start()
    url = ventanilla.url
    client.cookies.clear()  # another browser that learnt the address
    assert client.get(url).status_code == 404
    assert ventanilla.submit(good_files, url=url).status_code == 404
    assert_nothing_stored()


def test_a_failure_after_the_files_are_written_leaves_no_row_and_no_file(
    ventanilla, good_files, monkeypatch
):
    def crash(**kwargs):
        raise RuntimeError("fallo inyectado después de escribir los archivos")

    monkeypatch.setattr(submission, "audit_event_record", crash)
    ventanilla.start()
    with pytest.raises(RuntimeError):
        ventanilla.submit(good_files)
    assert_nothing_stored()
    assert mail.outbox == []


def test_the_orphan_cleanup_removes_only_old_files_without_a_row(
    ventanilla, good_files, settings
):
    import datetime
    import os

    from django.core.management import call_command

    ventanilla.start()
    ventanilla.submit(good_files)
    kept = set(stored_files())
    folder = settings.MEDIA_ROOT / "tramites" / "2026"
    folder.mkdir(parents=True, exist_ok=True)
    old, recent = folder / "huerfano-viejo.pdf", folder / "huerfano-nuevo.pdf"
    for path in (old, recent):
        path.write_bytes(b"%PDF-")
    past = (timezone.now() - datetime.timedelta(hours=3)).timestamp()
    os.utime(old, (past, past))
    for path in kept:
        os.utime(path, (past, past))
    call_command("limpiar_adjuntos", "--minutos", "60")
    assert set(stored_files()) == kept | {recent}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_tracking_numbers_never_repeat_under_concurrency():
    numbers, errors = [], []

    def submit(index: int) -> None:
        try:
            tramite, _ = services.tramite_submit(
                form_token=f"token-{index}",
                **files.tramite_data(),
                uploads=[],
            )
            numbers.append(tramite.number)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(numbers) == 8
    assert len(set(numbers)) == 8
    assert sorted(int(n[-6:]) for n in numbers) == list(range(1, 9))


def test_the_status_page_answers_number_and_identification(
    ventanilla, good_files, client
):
    ventanilla.start()
    ventanilla.submit(good_files)
    tramite = Tramite.objects.get()
    url = reverse("procedures:status")
    wrong = client.post(url, {"number": tramite.number, "identification": "1710034065"})
    missing = client.post(url, {"number": "VV-2026-999999", "identification": "x"})
    assert "No encontramos un trámite" in wrong.text
    assert wrong.text.count("No encontramos") == missing.text.count("No encontramos")
    found = client.post(
        url, {"number": tramite.number.lower(), "identification": "0926687856"}
    )
    assert "Recibido" in found.text
    assert tramite.number in found.text


def test_the_applicant_downloads_a_file_by_signed_link_safely(
    ventanilla, good_files, client
):
    ventanilla.start()
    ventanilla.submit(good_files)
    attachment = Attachment.objects.get(requirement_code="solicitud")
    token = attachment_link_token(attachment)
    client.cookies.clear()  # the link alone is enough, as in the e-mail
    response = client.get(reverse("procedures:attachment_file", args=[token]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == good_files["solicitud"][1]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{attachment.tramite.number}-solicitud.pdf"'
    )
    assert "sandbox" in response["Content-Security-Policy"]
    assert AuditEvent.objects.filter(
        action="adjunto.visto", target_id=str(attachment.pk)
    ).exists()
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert (
        client.get(reverse("procedures:attachment_file", args=[forged])).status_code
        == 404
    )


def test_uploads_are_not_reachable_by_url(ventanilla, good_files, client):
    ventanilla.start()
    ventanilla.submit(good_files)
    name = Attachment.objects.first().file.name
    assert client.get(f"/media/{name}").status_code == 404
    assert client.get(f"/{name}").status_code == 404


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twin_requests_with_one_token_make_one_trámite_and_leave_no_stray_files():
    from clavepatronal.documents.inspection import upload_inspect

    checked = upload_inspect(name="ruc.pdf", data=files.pdf())
    upload = services.Upload(
        requirement_code="ruc", requirement_name="RUC", file=checked
    )
    barrier = threading.Barrier(2)
    results, errors = [], []

    def submit() -> None:
        try:
            barrier.wait()
            results.append(
                services.tramite_submit(
                    form_token="el-mismo-token",
                    **files.tramite_data(),
                    uploads=[upload],
                )
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(created for _, created in results) == [False, True]
    assert len({tramite.pk for tramite, _ in results}) == 1
    assert Tramite.objects.count() == 1
    assert len(stored_files()) == 1  # the loser's file was removed


def test_a_foreign_representative_files_with_a_passport_and_signs_with_it(
    foreigner, client, applicant_data, trusted_ca, django_capture_on_commit_callbacks
):
    from .conftest import Ventanilla

    ventanilla = Ventanilla(
        client,
        {**applicant_data, "id_type": "PASAPORTE", "id_number": "N1234567"},
        django_capture_on_commit_callbacks,
    )
    ventanilla.start()
    uploads = {
        "ruc": ("ruc.jpg", files.jpg()),
        "solicitud": ("s.pdf", files.sign(foreigner.solicitud, trusted_ca, "N1234567")),
        "acuerdo": ("a.pdf", files.sign(foreigner.acuerdo, trusted_ca, "N1234567")),
        "identificacion-extranjero": ("pasaporte.jpg", files.jpg()),
    }
    missing_choice = ventanilla.submit(uploads)
    assert "foreign_document" in missing_choice.context["form"].errors
    assert Tramite.objects.count() == 0
    done = ventanilla.submit(uploads, foreign_document="PASAPORTE")
    assert done.status_code == 302
    tramite = Tramite.objects.get()
    assert tramite.foreign_document == "PASAPORTE"
    assert set(tramite.attachments.values_list("requirement_code", flat=True)) == set(
        uploads
    )


def test_an_artisan_must_upload_the_calificacion(
    client, applicant_data, trusted_ca, django_capture_on_commit_callbacks
):
    from .conftest import Ventanilla

    artisan = RegistrationFactory(sector="ARTESANO")
    ventanilla = Ventanilla(
        client,
        {**applicant_data, "employer": RUC_PERSONA},
        django_capture_on_commit_callbacks,
    )
    ventanilla.start()
    uploads = {
        "ruc": ("ruc.jpg", files.jpg()),
        "solicitud": ("s.pdf", files.sign(artisan.solicitud, trusted_ca, "0926687856")),
        "cedula-representante": ("c.jpg", files.jpg()),
        "acuerdo": ("a.pdf", files.sign(artisan.acuerdo, trusted_ca, "0926687856")),
    }
    response = ventanilla.submit(uploads)
    errors = response.context["form"].errors.as_data()
    assert [e.code for e in errors["calificacion-artesanal"]] == ["required"]
    assert Tramite.objects.count() == 0
    uploads["calificacion-artesanal"] = ("calificacion.pdf", files.pdf())
    assert ventanilla.submit(uploads).status_code == 302
