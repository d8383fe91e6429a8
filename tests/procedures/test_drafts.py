"""Issue 17 (1, 3) for the ventanilla: one draft per tab, named in the URL and bound
to the session; files that passed stay attached to the draft while the person fixes
the refused one; an abandoned draft expires and `limpiar_adjuntos` removes its files."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from clavepatronal.procedures.models import (
    Attachment,
    DraftAttachment,
    Tramite,
    TramiteDraft,
)
from clavepatronal.procedures.services import submission
from tests.employers.factories import CEDULA_REP, RUC_PUBLICO, RegistrationFactory

from . import files
from .test_hostile_files import stored_files

pytestmark = pytest.mark.django_db


def kept_codes() -> set[str]:
    return set(DraftAttachment.objects.values_list("requirement_code", flat=True))


def refuse_the_solicitud(ventanilla, good_files):
    """Page 2 with an unsigned Solicitud: the three good files stay."""
    ventanilla.start()
    response = ventanilla.submit({**good_files, "solicitud": ("s.pdf", files.pdf())})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["solicitud"]
    return response


def test_a_refused_file_keeps_the_files_that_passed_and_lists_them(
    ventanilla, good_files
):
    response = refuse_the_solicitud(ventanilla, good_files)
    assert kept_codes() == {"ruc", "cedula-representante", "acuerdo"}
    assert Tramite.objects.count() == 0
    page = response.text
    assert "Archivos ya adjuntados" in page
    assert page.count(">Reemplazar<") == 3
    assert "cedula.pdf" in page and "acuerdo-firmado.pdf" in page
    root = Path(settings.MEDIA_ROOT)
    assert set(stored_files()) == {
        root / kept.file.name for kept in DraftAttachment.objects.all()
    }


def test_replacing_only_the_refused_file_files_the_trámite_with_all_four(
    ventanilla, good_files
):
    refuse_the_solicitud(ventanilla, good_files)
    kept = {k.requirement_code: k.file.name for k in DraftAttachment.objects.all()}
    done = ventanilla.submit({"solicitud": good_files["solicitud"]})
    assert done.status_code == 302
    tramite = Tramite.objects.get()
    filed = {a.requirement_code: a.file.name for a in tramite.attachments.all()}
    assert set(filed) == set(good_files)
    assert {code: filed[code] for code in kept} == kept  # the same stored files
    assert tramite.form_token == ventanilla.key
    assert DraftAttachment.objects.count() == TramiteDraft.objects.count() == 0
    assert len(stored_files()) == 4


def test_a_new_file_replaces_the_kept_one_and_the_old_file_goes(
    ventanilla, good_files, django_capture_on_commit_callbacks
):
    refuse_the_solicitud(ventanilla, good_files)
    old = DraftAttachment.objects.get(requirement_code="cedula-representante")
    ventanilla.submit(
        {
            "cedula-representante": ("cedula-nueva.jpg", files.jpg()),
            "solicitud": ("s.pdf", files.pdf()),
        }
    )
    new = DraftAttachment.objects.get(requirement_code="cedula-representante")
    assert new.display_name == "cedula-nueva.jpg"
    assert not (Path(settings.MEDIA_ROOT) / old.file.name).exists()
    assert len(stored_files()) == 3


def test_a_failure_while_filing_leaves_the_kept_files_with_their_rows(
    ventanilla, good_files, monkeypatch
):
    refuse_the_solicitud(ventanilla, good_files)

    def crash(**kwargs):
        raise RuntimeError("fallo inyectado dentro de la transacción")

    monkeypatch.setattr(submission, "audit_event_record", crash)
    with pytest.raises(RuntimeError):
        ventanilla.submit({"solicitud": good_files["solicitud"]})
    assert Tramite.objects.count() == Attachment.objects.count() == 0
    assert kept_codes() == {"ruc", "cedula-representante", "acuerdo"}
    root = Path(settings.MEDIA_ROOT)
    assert set(stored_files()) == {
        root / kept.file.name for kept in DraftAttachment.objects.all()
    }


def test_limpiar_adjuntos_removes_an_expired_draft_and_its_files_only(
    ventanilla, good_files
):
    refuse_the_solicitud(ventanilla, good_files)
    abandoned = TramiteDraft.objects.get()
    refuse_the_solicitud(ventanilla, good_files)  # a second tab, still in use
    live = TramiteDraft.objects.exclude(pk=abandoned.pk).get()
    TramiteDraft.objects.filter(pk=abandoned.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("limpiar_adjuntos", "--minutos", "60")
    assert list(TramiteDraft.objects.all()) == [live]
    root = Path(settings.MEDIA_ROOT)
    assert set(stored_files()) == {root / k.file.name for k in live.attachments.all()}
    assert len(stored_files()) == 3


def test_a_different_employer_on_page_one_drops_the_kept_files(
    ventanilla, good_files, applicant_data, client, django_capture_on_commit_callbacks
):
    RegistrationFactory(sector="PUBLICO")
    refuse_the_solicitud(ventanilla, good_files)
    page_one = reverse("procedures:applicant_draft", args=[ventanilla.key])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page_one, {**applicant_data, "employer": RUC_PUBLICO})
    assert kept_codes() == set()
    assert stored_files() == []


def test_two_tabs_are_two_drafts_that_never_mix(
    client, applicant_data, registration, trusted_ca, django_capture_on_commit_callbacks
):
    from .conftest import Ventanilla

    public = RegistrationFactory(sector="PUBLICO")
    tab_a = Ventanilla(client, applicant_data, django_capture_on_commit_callbacks)
    tab_b = Ventanilla(
        client,
        {**applicant_data, "employer": RUC_PUBLICO},
        django_capture_on_commit_callbacks,
    )
    tab_a.start()
    tab_b.start()  # the second tab starts another employer
    assert tab_a.url != tab_b.url

    def signed(reg) -> dict:
        return {
            "ruc": ("ruc.jpg", files.jpg()),
            "solicitud": ("s.pdf", files.sign(reg.solicitud, trusted_ca, CEDULA_REP)),
            "cedula-representante": ("c.pdf", files.pdf()),
            "acuerdo": ("a.pdf", files.sign(reg.acuerdo, trusted_ca, CEDULA_REP)),
        }

    assert tab_a.submit(signed(registration)).status_code == 302
    assert tab_b.submit(signed(public)).status_code == 302
    filed = {t.employer_identification: t for t in Tramite.objects.all()}
    assert filed[registration.employer_identification].registration == registration
    assert filed[RUC_PUBLICO].registration == public


def test_a_draft_survives_a_reload_and_the_back_button(
    ventanilla, client, registration
):
    ventanilla.start(message="Mi pedido de clave.")
    assert client.get(ventanilla.url).status_code == 200
    assert client.get(ventanilla.url).status_code == 200  # a reload
    back = client.get(reverse("procedures:applicant_draft", args=[ventanilla.key]))
    assert back.context["form"].initial["message"] == "Mi pedido de clave."


def test_after_sending_the_draft_s_pages_lead_to_the_trámite(
    ventanilla, good_files, client
):
    ventanilla.start()
    ventanilla.submit(good_files)
    tramite = Tramite.objects.get()
    again = client.get(ventanilla.url)  # the back button after sending
    assert again["Location"] == reverse(
        "procedures:confirmation", args=[tramite.number]
    )


def test_an_abandoned_draft_expires_and_the_person_starts_over(
    ventanilla, client, registration
):
    ventanilla.start()
    TramiteDraft.objects.update(expires_at=timezone.now())
    response = client.get(ventanilla.url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("procedures:applicant")
    assert "venció por falta de uso" in response.text
