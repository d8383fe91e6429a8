"""Issue 17 (1): each registration is its own draft, named in the URL and bound to
the session; two tabs never mix; «Guardar y continuar después» mails a signed link
that resumes it on another device, only for a verified address."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clavepatronal.documents.models import GeneratedDocument
from clavepatronal.employers.models import Registration, RegistrationDraft

from .conftest import PAGES, draft_key, fill_pages, mailed_code, refused_page
from .factories import RUC_PUBLICO, RUC_SOCIEDAD

pytestmark = pytest.mark.django_db

RESUME = re.compile(r"https?://\S+/registro/continuar/\S+/")


def url(name: str, key: str, **kwargs) -> str:
    return reverse(f"employers:{name}", kwargs={"key": key, **kwargs})


def confirm(client, key, capture):
    """Send the code from *Revise sus datos* and type it: the done page."""
    with capture(execute=True):
        client.post(url("review", key))
    code = mailed_code(mail.outbox[-1])
    with capture(execute=True):
        return client.post(url("email", key), {"code": code}, follow=True)


def test_two_tabs_make_two_registrations_each_with_its_own_data(
    client, answers, django_capture_on_commit_callbacks
):
    first = answers()
    second = answers(
        "PUBLICO",
        empleador__business_name="Gobierno Autónomo Descentralizado de Prueba",
        empleador__email="gad@ejemplo.ec",
    )
    fill_pages(client, first)
    tab_a = draft_key(client)
    fill_pages(client, second)  # a second tab, same browser
    tab_b = draft_key(client)
    assert tab_a != tab_b

    confirm(client, tab_a, django_capture_on_commit_callbacks)
    confirm(client, tab_b, django_capture_on_commit_callbacks)

    a = Registration.objects.get(employer_identification=RUC_SOCIEDAD)
    b = Registration.objects.get(employer_identification=RUC_PUBLICO)
    assert (a.business_name, a.email) == (
        "Comercial Andina S.A.",
        first["empleador"]["email"],
    )
    assert b.business_name == "Gobierno Autónomo Descentralizado de Prueba"
    assert b.sector == "PUBLICO"
    for registration in (a, b):
        for document in (registration.solicitud, registration.acuerdo):
            assert (
                document.holder_identification == registration.employer_identification
            )
            assert document.holder_name == registration.business_name
    assert GeneratedDocument.objects.count() == 4
    assert RegistrationDraft.objects.count() == 0  # finished drafts are gone


def test_a_draft_survives_reload_and_back(client, answers):
    data = answers(empleador__canton="Otavalo")
    fill_pages(client, data)
    key = draft_key(client)
    page = client.get(url("step", key, step="empleador")).content.decode()
    assert 'value="Otavalo"' in page
    assert client.get(url("review", key)).status_code == 200


def test_a_draft_of_another_session_is_not_found(client, answers):
    fill_pages(client, answers())
    key = draft_key(client)
    stranger = Client()
    for address in (url("review", key), url("step", key, step="empleador")):
        assert stranger.get(address).status_code == 404
    assert stranger.post(url("save_later", key)).status_code == 404


def test_an_abandoned_draft_expires_and_is_removed(client, answers):
    fill_pages(client, answers())
    key = draft_key(client)
    RegistrationDraft.objects.update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.get(url("review", key), follow=True)
    assert response.redirect_chain[-1][0] == reverse("employers:new")
    assert "ya no está disponible" in response.content.decode()
    Client().post(reverse("employers:new"), {"sector": "PRIVADO"})
    assert not RegistrationDraft.objects.filter(key=key).exists()


def test_looking_at_the_first_page_stores_nothing(client):
    assert client.get(reverse("employers:new")).status_code == 200
    assert RegistrationDraft.objects.count() == 0


def test_an_old_page_address_starts_a_new_registration(client):
    response = client.get("/registro/nuevo/empleador/")
    assert response.url == reverse("employers:new")


def test_save_later_needs_the_employer_email_first(client):
    client.post(reverse("employers:new"), {"sector": "PRIVADO"})
    key = draft_key(client)
    response = client.post(url("save_later", key), follow=True)
    assert "complete primero los datos del empleador" in response.content.decode()
    assert mail.outbox == []


def test_save_later_verifies_the_email_then_mails_a_link_that_resumes_elsewhere(
    client, answers, django_capture_on_commit_callbacks
):
    data = answers()
    fill_pages(client, data)
    key = draft_key(client)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("save_later", key))
    assert response.url == url("save_later", key)
    code_mail = mail.outbox[-1]
    assert not RESUME.search(code_mail.body)  # no link before the code
    wrong = refused_page(client, client.post(url("save_later", key), {"code": "0"}))
    assert "El código tiene 6 números" in wrong.text and len(mail.outbox) == 1
    other = "000000" if mailed_code(code_mail) != "000000" else "111111"
    wrong = refused_page(client, client.post(url("save_later", key), {"code": other}))
    assert "El código no es correcto" in wrong.text and len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("save_later", key), {"code": mailed_code(code_mail)})
    link_mail = mail.outbox[-1]
    assert link_mail.to == [data["empleador"]["email"]]
    link = RESUME.search(link_mail.body).group(0)

    phone = Client()
    response = phone.get(urlsplit(link).path)
    assert response.url == url("review", key)
    page = phone.get(response.url).content.decode()
    assert "Completar el registro" in page  # the address is already proved
    with django_capture_on_commit_callbacks(execute=True):
        done = phone.post(url("review", key), follow=True)
    assert "Registro completado" in done.content.decode()
    registration = Registration.objects.get()
    assert registration.employer_identification == RUC_SOCIEDAD
    assert registration.email_verified_at is not None
    # The link died with the draft.
    again = Client().get(urlsplit(link).path, follow=True)
    assert "venció o no es válido" in again.content.decode()


def test_a_tampered_resume_link_opens_nothing(client, answers):
    fill_pages(client, answers())
    key = draft_key(client)
    stranger = Client()
    response = stranger.get(
        reverse("employers:resume", kwargs={"token": key + ":forged"}), follow=True
    )
    assert "venció o no es válido" in response.content.decode()
    assert stranger.get(url("review", key)).status_code == 404


def test_every_page_of_a_draft_names_it(client, answers):
    fill_pages(client, answers())
    key = draft_key(client)
    for page in PAGES[1:]:
        html = client.get(url("step", key, step=page)).content.decode()
        assert f"/registro/nuevo/{key}/" in html
