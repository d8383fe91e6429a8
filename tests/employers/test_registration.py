"""The registration journey through Django's test client: state, review, e-mail
confirmation, the finished registration, duplicates and what is never saved."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clavepatronal.audit.models import AuditEvent
from clavepatronal.documents.models import GeneratedDocument
from clavepatronal.employers.models import Registration
from clavepatronal.employers.services import (
    RegistrationExists,
    registration_create,
)

from .conftest import PAGES, draft_url, mailed_code, refused_page
from .factories import CEDULA, RUC_SOCIEDAD, RegistrationFactory, cleaned

pytestmark = pytest.mark.django_db


def step_url(client, page, **query):
    url = draft_url(client, "step", step=page)
    return url + ("?volver=revisar" if query.get("returning") else "")


def test_complete_registration_creates_one_row_two_documents_and_one_email(
    client, answers, register
):
    response = register(client, answers())
    registration = Registration.objects.get()
    assert response.redirect_chain == [
        (reverse("employers:done", args=[registration.number]), 302)
    ]
    page = response.content.decode()
    assert "Registro completado" in page
    assert registration.number in page
    assert registration.email == "empleador@ejemplo.ec"
    assert registration.email_verified_at is not None
    assert registration.authorized_names == "Rosa Elena Quishpe Toapanta"
    assert registration.authorized_identification == "AB123456"
    assert registration.rep_mobile == "+593991234567"
    assert GeneratedDocument.objects.count() == 2
    confirmation = mail.outbox[-1]
    assert confirmation.to == ["empleador@ejemplo.ec"]
    assert registration.number in confirmation.subject
    assert [(name, kind) for name, _, kind in confirmation.attachments] == [
        (f"solicitud-entrega-clave-{RUC_SOCIEDAD}.pdf", "application/pdf"),
        (f"acuerdo-responsabilidad-{RUC_SOCIEDAD}.pdf", "application/pdf"),
    ]
    assert confirmation.attachments[0][1] == bytes(registration.solicitud.content)
    assert AuditEvent.objects.filter(action="registro.creado").count() == 1


def test_both_documents_download_only_in_the_browser_that_registered(
    client, answers, register, django_user_model
):
    register(client, answers())
    registration = Registration.objects.get()
    for kind, document in (
        ("solicitud", registration.solicitud),
        ("acuerdo", registration.acuerdo),
    ):
        url = reverse("employers:document", args=[registration.number, kind])
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment; filename=")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response.content == bytes(document.content)
        assert Client().get(url).status_code == 404
    assert AuditEvent.objects.filter(action="documento.descargado").count() == 2
    other = reverse("employers:done", args=[registration.number])
    assert Client().get(other).status_code == 404


def test_nothing_is_saved_until_the_email_is_confirmed(client, answers, fill):
    fill(client, answers())
    client.post(draft_url(client, "review"))
    response = client.post(draft_url(client, "email"), {"code": "000000"})
    page = refused_page(client, response)
    assert page.status_code == 200
    assert "El código no es correcto" in page.content.decode()
    assert Registration.objects.count() == 0
    assert GeneratedDocument.objects.count() == 0


def test_answers_survive_going_back_and_reloading(client, answers, fill):
    data = answers()
    fill(client, data)
    page = client.get(step_url(client, "empleador")).content.decode()
    assert 'value="Comercial Andina S.A."' in page
    assert 'value="Av. 10 de Agosto N24-12 y Luis Cordero"' in page
    page = client.get(step_url(client, "representante")).content.decode()
    assert 'value="Juan Carlos Pérez Andrade"' in page
    assert "Hay un problema" not in page


def test_review_lists_every_answer_with_a_change_link(client, answers, fill):
    fill(client, answers("ARTESANO"))
    page = client.get(draft_url(client, "review")).content.decode()
    assert "Revise sus datos" in page
    for text in (
        "Artesano calificado",
        "1710034065001",
        "JNDA-2025-1234",
        "Pichincha",
        "02 254 3210",
        "099 123 4567",
        "Rosa Elena Quishpe Toapanta",
        "Pasaporte",
    ):
        assert text in page, text
    assert page.count("?volver=revisar") >= 15


def test_change_from_review_returns_to_review(client, answers, fill):
    fill(client, answers())
    data = {**answers()["representante"], "names": "Ana Lucía Torres"}
    response = client.post(step_url(client, "representante", returning=True), data)
    assert response.url == draft_url(client, "review")
    assert "Ana Lucía Torres" in client.get(response.url).content.decode()


def test_changing_the_sector_sends_the_person_to_the_page_that_no_longer_fits(
    client, answers, fill
):
    fill(client, answers("PRIVADO"))
    response = client.post(
        step_url(client, "sector", returning=True), {"sector": "DOMESTICO"}
    )
    # The RUC entered for a private employer is not a domestic employer's cédula.
    assert response.url == step_url(client, "empleador")
    assert client.get(draft_url(client, "review")).url == step_url(client, "empleador")


def test_pages_cannot_be_skipped(client, answers):
    client.post(reverse("employers:new"), {"sector": "PRIVADO"})
    response = client.get(step_url(client, "autorizacion"))
    assert response.url == step_url(client, "empleador")
    assert client.get(draft_url(client, "review")).url == step_url(client, "empleador")
    assert client.get(draft_url(client, "email")).url == draft_url(client, "review")


@pytest.mark.parametrize("page", PAGES)
def test_garbage_on_any_page_gets_spanish_errors_not_a_500(client, answers, page):
    data = answers()
    garbage = {name: "\x00<script>" * 40 for name in data[page]}
    if page == "sector":
        response = refused_page(client, client.post(reverse("employers:new"), garbage))
        assert response.status_code == 200
        assert "Hay un problema" in response.content.decode()
        return
    client.post(reverse("employers:new"), data["sector"])
    for earlier in PAGES[1 : PAGES.index(page)]:
        client.post(step_url(client, earlier), data[earlier])
    response = refused_page(client, client.post(step_url(client, page), garbage))
    assert response.status_code == 200
    assert "Hay un problema" in response.content.decode()


def test_unknown_page_is_not_found(client):
    client.post(reverse("employers:new"), {"sector": "PRIVADO"})
    assert client.get(step_url(client, "no-existe")).status_code == 404


def test_domestic_employer_registers_with_cedula(client, answers, register):
    register(client, answers("DOMESTICO"))
    registration = Registration.objects.get()
    assert registration.employer_identification == CEDULA
    assert registration.employer_id_type == "CEDULA"
    assert registration.main_activity == "Empleador de trabajador/a del hogar"


def test_code_is_bound_to_the_answers_it_was_sent_for(
    client, answers, fill, django_capture_on_commit_callbacks
):
    fill(client, answers())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(draft_url(client, "review"))
    code = mailed_code(mail.outbox[-1])
    # The e-mail changes after the code was sent: the old code must not confirm it.
    data = {**answers()["empleador"], "email": "otra@ejemplo.ec"}
    client.post(step_url(client, "empleador", returning=True), data)
    response = client.post(draft_url(client, "email"), {"code": code})
    assert response.url == draft_url(client, "review")
    assert Registration.objects.count() == 0


def test_resending_codes_is_limited(
    client, answers, fill, settings, django_capture_on_commit_callbacks
):
    settings.VERIFICATION_MAX_CODES_PER_HOUR = 2
    fill(client, answers())
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(draft_url(client, "review")).status_code == 302
    response = refused_page(client, client.post(draft_url(client, "review")))
    assert response.status_code == 200
    assert "Ya se enviaron varios códigos" in response.content.decode()
    assert len(mail.outbox) == 2


# Duplicates -----------------------------------------------------------------


def test_registered_ruc_gets_the_way_forward_not_a_second_registration(
    client, answers, register, django_capture_on_commit_callbacks
):
    register(client, answers())
    other = Client()
    other.post(reverse("employers:new"), {"sector": "PRIVADO"})
    data = {**answers()["empleador"], "email": "intruso@ejemplo.ec"}
    response = other.post(step_url(other, "empleador"), data, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("employers:existing")
    assert "Existe un registro" in page
    assert "intruso" not in page

    # The way forward: a code to the e-mail on file, then the downloads.
    with django_capture_on_commit_callbacks(execute=True):
        other.post(reverse("employers:existing"))
    message = mail.outbox[-1]
    assert message.to == ["empleador@ejemplo.ec"]
    response = other.post(
        reverse("employers:existing_code"), {"code": mailed_code(message)}, follow=True
    )
    registration = Registration.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "employers:done", args=[registration.number]
    )
    url = reverse("employers:document", args=[registration.number, "acuerdo"])
    assert other.get(url).status_code == 200
    assert Registration.objects.count() == 1


def test_duplicate_found_at_submission_also_leads_to_the_way_forward(
    client, answers, fill, django_capture_on_commit_callbacks
):
    fill(client, answers())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(draft_url(client, "review"))
    code = mailed_code(mail.outbox[-1])
    # Someone else completed a registration for the RUC in the meantime.
    RegistrationFactory()
    response = client.post(draft_url(client, "email"), {"code": code})
    assert response.url == reverse("employers:existing")
    assert Registration.objects.count() == 1


def test_a_second_registration_for_the_same_ruc_is_refused(answers):
    RegistrationFactory()
    with pytest.raises(RegistrationExists):
        registration_create(data=cleaned(answers()), email_verified_at=timezone.now())
    assert Registration.objects.count() == 1
    assert GeneratedDocument.objects.count() == 2


# serialized_rollback: the flush after a transactional test would lose the provinces
# the migrations seeded.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_submissions_for_one_ruc_make_one_registration(answers):
    data = cleaned(answers())
    threads_count = 8
    barrier = threading.Barrier(threads_count)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            registration_create(data=data, email_verified_at=timezone.now())
            outcomes.append("created")
        except RegistrationExists:
            outcomes.append("exists")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["created"] + ["exists"] * (threads_count - 1)
    assert Registration.objects.count() == 1
    # The losers' documents were rolled back with them: no document without its row.
    assert GeneratedDocument.objects.count() == 2
