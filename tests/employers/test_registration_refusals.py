"""Issue 17 (3) for Registro nuevo empleador: every refused POST of the wizard (a
page, the code request, a wrong code) answers 303 to its own page, which shows why
once; a reload or the back button never asks to send the form again, and a reload
of the code page never spends another try."""

import pytest
from django.core import mail
from django.urls import reverse

from clavepatronal.notifications.models import EmailVerification

from .conftest import draft_url, refused_page

pytestmark = pytest.mark.django_db


def test_a_refused_page_answers_303_to_itself_and_shows_what_was_typed_once(
    client, answers
):
    client.post(reverse("employers:new"), {"sector": "PRIVADO"})
    url = draft_url(client, "step", step="empleador")
    typed = {**answers()["empleador"], "email": "no-es-un-correo"}
    response = client.post(url, typed)
    assert response.status_code == 303
    assert response["Location"] == url

    first = client.get(url)
    assert list(first.context["form"].errors) == ["email"]
    assert 'value="no-es-un-correo"' in first.text
    assert "<title>Error:" in first.text
    reload = client.get(url)
    assert not reload.context["form"].is_bound  # shown once
    assert "Hay un problema" not in reload.text


def test_a_page_changed_from_review_comes_back_to_itself_with_the_query(
    client, answers, fill
):
    data = answers()
    fill(client, data)
    url = draft_url(client, "step", step="representante") + "?volver=revisar"
    response = client.post(url, {**data["representante"], "names": ""})
    assert response["Location"] == url
    page = refused_page(client, response)
    assert "Escriba los nombres y apellidos." in page.text
    assert 'href="' + draft_url(client, "review") + '"' in page.text  # «Atrás»


def test_the_sector_page_without_a_draft_redirects_to_itself(client):
    response = client.post(reverse("employers:new"), {})
    assert response["Location"] == reverse("employers:new")
    page = refused_page(client, response)
    assert "Escoja el sector del empleador." in page.text
    assert "registros_borradores" not in client.session  # still nothing stored


def test_a_wrong_code_is_shown_once_and_a_reload_spends_no_try(
    client, answers, fill, django_capture_on_commit_callbacks
):
    fill(client, answers())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(draft_url(client, "review"))
    url = draft_url(client, "email")
    page = refused_page(client, client.post(url, {"code": "000000"}))
    assert "El código no es correcto. Le quedan" in page.text
    attempts = EmailVerification.objects.get().attempts
    for _reload in range(3):
        again = client.get(url)
        assert "El código no es correcto" not in again.text
    assert EmailVerification.objects.get().attempts == attempts
    assert len(mail.outbox) == 1


def test_a_wrong_download_code_of_a_registered_employer_is_shown_once(
    client, answers, django_capture_on_commit_callbacks
):
    from .factories import RegistrationFactory

    RegistrationFactory()
    client.post(reverse("employers:new"), {"sector": "PRIVADO"})
    client.post(draft_url(client, "step", step="empleador"), answers()["empleador"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("employers:existing"))
    url = reverse("employers:existing_code")
    page = refused_page(client, client.post(url, {"code": "12"}))
    assert "El código tiene 6 números" in page.text
    assert "El código tiene 6 números" not in client.get(url).text
