"""Observations: the officer's service (back office screens come later) and the
applicant's side — the e-mail, the link that replaces only observed files, history."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from clavepatronal.audit.models import AuditEvent
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.core.models import User
from clavepatronal.procedures.constants import TramiteStatus
from clavepatronal.procedures.models import Attachment, Tramite
from clavepatronal.procedures.services import (
    TransitionNotAllowed,
    tramite_observe,
    tramite_review_start,
)
from tests.employers.factories import CEDULA_REP

from . import files
from .conftest import post_multipart

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(db):
    return User.objects.create_user("servidor.pichincha", password="x", is_staff=True)


@pytest.fixture
def received(ventanilla, good_files):
    ventanilla.start()
    ventanilla.submit(good_files)
    mail.outbox.clear()
    return Tramite.objects.get()


@pytest.fixture
def observed(received, officer, django_capture_on_commit_callbacks):
    tramite_review_start(tramite=received, actor=officer)
    with django_capture_on_commit_callbacks(execute=True):
        tramite_observe(
            tramite=received,
            actor=officer,
            items={"ruc": "El RUC está ilegible; escanéelo de nuevo."},
            general="Revise también su número de celular.",
        )
    return received


def correction_url() -> str:
    (message,) = mail.outbox
    return re.search(r"https?://\S+/ventanilla/corregir/\S+/", message.body).group(0)


def test_observing_mails_the_observations_and_a_correction_link(observed):
    observed.refresh_from_db()
    assert observed.status == TramiteStatus.OBSERVADO
    (message,) = mail.outbox
    assert message.to == ["juan.perez@ejemplo.ec"]
    assert "El RUC está ilegible" in message.body
    assert "Revise también su número de celular." in message.body
    assert correction_url()
    assert AuditEvent.objects.filter(action="tramite.observado").count() == 1


def test_the_correction_page_asks_only_for_the_observed_files(observed, client):
    page = client.get(correction_url())
    assert page.status_code == 200
    form = page.context["form"]
    assert [name for name in form.fields if name != "note"] == ["ruc"]
    assert "El RUC está ilegible" in page.text
    assert "Revise también su número de celular." in page.text


def test_a_correction_replaces_the_file_and_keeps_the_history(observed, client):
    url = correction_url()
    path = url.split("127.0.0.1:8000", 1)[-1]
    old = Attachment.objects.get(requirement_code="ruc")
    response = post_multipart(
        client,
        path,
        {"note": "Adjunto el RUC legible."},
        {"ruc": ("ruc2.jpg", files.jpg())},
    )
    assert response.status_code == 302
    observed.refresh_from_db()
    assert observed.status == TramiteStatus.CORREGIDO
    old.refresh_from_db()
    assert old.is_current is False and old.file.storage.exists(old.file.name)
    current = Attachment.objects.get(requirement_code="ruc", is_current=True)
    assert current.display_name == "ruc2.jpg"
    assert observed.attachments.filter(is_current=True).count() == 4
    assert [h.to_status for h in observed.history.all()] == [
        TramiteStatus.RECIBIDO,
        TramiteStatus.EN_REVISION,
        TramiteStatus.OBSERVADO,
        TramiteStatus.CORREGIDO,
    ]
    assert not observed.observations.filter(resolved_at__isnull=True).exists()
    # The link dies with the state it was made for.
    again = client.get(path)
    assert again.status_code == 410
    assert "ya no está activo" in again.text


def test_a_hostile_correction_changes_nothing(observed, client):
    path = correction_url().split("127.0.0.1:8000", 1)[-1]
    response = post_multipart(client, path, {}, {"ruc": ("ruc.jpg", b"<html>")})
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["ruc"][0].code == "wrong_type"
    observed.refresh_from_db()
    assert observed.status == TramiteStatus.OBSERVADO
    assert Attachment.objects.count() == 4


def test_a_corrected_signed_document_is_checked_again(
    received,
    officer,
    client,
    trusted_ca,
    registration,
    django_capture_on_commit_callbacks,
):
    tramite_review_start(tramite=received, actor=officer)
    with django_capture_on_commit_callbacks(execute=True):
        tramite_observe(
            tramite=received, actor=officer, items={"solicitud": "Fírmela de nuevo."}
        )
    path = correction_url().split("127.0.0.1:8000", 1)[-1]
    wrong = files.sign(registration.solicitud, trusted_ca, "1710034065")
    response = post_multipart(client, path, {}, {"solicitud": ("s.pdf", wrong)})
    assert response.context["form"].errors.as_data()["solicitud"][0].code == (
        "wrong_signer"
    )
    right = files.sign(registration.solicitud, trusted_ca, CEDULA_REP)
    response = post_multipart(client, path, {}, {"solicitud": ("s.pdf", right)})
    assert response.status_code == 302


def test_a_forged_correction_link_is_not_found(client):
    assert client.get(reverse("procedures:correct", args=["falso"])).status_code == 404


def test_only_a_trámite_under_review_can_be_observed(received, officer):
    with pytest.raises(TransitionNotAllowed):
        tramite_observe(tramite=received, actor=officer, items={"ruc": "x"})
    received.refresh_from_db()
    assert received.status == TramiteStatus.RECIBIDO


def test_an_observation_must_name_an_existing_requirement(received, officer):
    tramite_review_start(tramite=received, actor=officer)
    with pytest.raises(ApplicationError):
        tramite_observe(tramite=received, actor=officer, items={"inventado": "x"})
    with pytest.raises(ApplicationError):
        tramite_observe(tramite=received, actor=officer, items={})


def test_the_status_page_shows_the_observations(observed, client):
    page = client.post(
        reverse("procedures:status"),
        {"number": observed.number, "identification": CEDULA_REP},
    )
    assert "Observado" in page.text
    assert "El RUC está ilegible" in page.text
    assert "j*******@ejemplo.ec" in page.text or "@ejemplo.ec" in page.text


def test_after_a_correction_the_status_page_opens_and_a_receipt_is_mailed(
    observed, client, django_capture_on_commit_callbacks
):
    path = correction_url().split("127.0.0.1:8000", 1)[-1]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_multipart(client, path, {}, {"ruc": ("ruc2.jpg", files.jpg())})
    assert response["Location"].startswith("/ventanilla/estado/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert observed.number in page.text and "Corregido, por revisar" in page.text
    (receipt,) = mail.outbox
    assert receipt.to == ["juan.perez@ejemplo.ec"]
    assert observed.number in receipt.subject
    status_path = re.search(r"/ventanilla/estado/\S+/", receipt.body).group(0)
    assert client.get(status_path).status_code == 200


def test_a_forged_status_link_is_not_found(client):
    assert client.get("/ventanilla/estado/inventado/").status_code == 404


LONGEST_NAMES = (
    "María Fernanda de los Ángeles Villavicencio de la Torre Andrade Cevallos "
    "Espinosa Montalvo Zambrano Benalcázar Sotomayor Quiñónez Arboleda Guerrero "
    "Mosquera Castillo Valdivieso Carrión Larrea Peña Paz"
)


def test_an_applicant_with_a_200_character_name_can_correct(
    ventanilla, good_files, officer, client, django_capture_on_commit_callbacks
):
    """Found by the phone journey: the correction's audit event took the name as
    its actor (120 characters at most) and the correction answered 500."""
    assert len(LONGEST_NAMES) == 200
    ventanilla.start(names=LONGEST_NAMES)
    ventanilla.submit(good_files)
    tramite = Tramite.objects.get()
    mail.outbox.clear()
    tramite_review_start(tramite=tramite, actor=officer)
    with django_capture_on_commit_callbacks(execute=True):
        tramite_observe(tramite=tramite, actor=officer, items={"ruc": "Ilegible."})
    path = correction_url().split("127.0.0.1:8000", 1)[-1]
    with django_capture_on_commit_callbacks(execute=True):
        response = post_multipart(client, path, {}, {"ruc": ("r.jpg", files.jpg())})
    assert response.status_code == 302
    tramite.refresh_from_db()
    assert tramite.status == TramiteStatus.CORREGIDO
    assert tramite.history.last().actor_label == LONGEST_NAMES  # in full
    event = AuditEvent.objects.get(action="tramite.corregido")
    assert event.actor_label == LONGEST_NAMES[:119] + "…"
