"""Issues 17 (1) and 25 (3): each registration is its own draft, named in the URL
and bound to the session; two tabs never mix; «Guardar y continuar después» mails a
signed link that resumes it on another device, once, only for a verified address."""

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


USED = "cada enlace sirve una sola vez"


def save_for_later(client, capture) -> str:
    """«Guardar y continuar después» with the code typed: the mailed link's path."""
    key = draft_key(client)
    with capture(execute=True):
        client.post(url("save_later", key))
    code = mailed_code(mail.outbox[-1])
    with capture(execute=True):
        client.post(url("save_later", key), {"code": code})
    return urlsplit(RESUME.search(mail.outbox[-1].body).group(0)).path


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
        saved = client.post(url("save_later", key), {"code": mailed_code(code_mail)})
    assert "sirve una sola vez" in client.get(saved.url).text
    link_mail = mail.outbox[-1]
    assert link_mail.to == [data["empleador"]["email"]]
    assert "sirve una sola vez" in link_mail.body
    link = RESUME.search(link_mail.body).group(0)

    phone = Client()
    response = phone.get(urlsplit(link).path)
    # The draft moved to the phone under a new key: the link is spent, and the
    # session that saved it no longer opens it.
    (new_key,) = RegistrationDraft.objects.values_list("key", flat=True)
    assert new_key != key
    assert response.url == url("review", new_key)
    page = phone.get(response.url).content.decode()
    assert "Completar el registro" in page  # the address is already proved
    assert "El enlace del correo ya no sirve" in page
    gone = client.get(url("review", key), follow=True)
    assert "se continuó en otro dispositivo" in gone.content.decode()
    assert client.get(url("review", new_key)).status_code == 404
    again = Client().get(urlsplit(link).path, follow=True)
    assert USED in again.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = phone.post(url("review", new_key), follow=True)
    assert "Registro completado" in done.content.decode()
    registration = Registration.objects.get()
    assert registration.employer_identification == RUC_SOCIEDAD
    assert registration.email_verified_at is not None


def test_the_resume_link_works_once_even_for_its_first_holder(
    client, answers, django_capture_on_commit_callbacks
):
    """Whoever holds a forwarded link reads nothing the next person types."""
    fill_pages(client, answers())
    path = save_for_later(client, django_capture_on_commit_callbacks)
    first, second = Client(), Client()
    assert first.get(path).url.startswith("/registro/")
    refused = second.get(path, follow=True)
    assert USED in refused.content.decode()
    assert second.get(refused.redirect_chain[-1][0]).status_code == 200  # a new one
    (draft,) = RegistrationDraft.objects.all()
    assert draft.resume_secret_hash == "" and draft.resume_until is None


def test_a_new_link_replaces_the_one_before(
    client, answers, django_capture_on_commit_callbacks
):
    fill_pages(client, answers())
    old = save_for_later(client, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("save_later", draft_key(client)))  # verified: mails at once
    new = urlsplit(RESUME.search(mail.outbox[-1].body).group(0)).path
    assert new != old
    assert USED in Client().get(old, follow=True).content.decode()
    assert Client().get(new).url.startswith("/registro/")


def test_the_resume_link_lives_a_day(
    client, answers, django_capture_on_commit_callbacks
):
    fill_pages(client, answers())
    path = save_for_later(client, django_capture_on_commit_callbacks)
    draft = RegistrationDraft.objects.get()
    assert draft.resume_until <= timezone.now() + datetime.timedelta(hours=24)
    assert draft.resume_until > timezone.now() + datetime.timedelta(hours=23)
    RegistrationDraft.objects.update(
        resume_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert USED in Client().get(path, follow=True).content.decode()
    # The draft itself is still the saver's.
    assert client.get(url("review", draft_key(client))).status_code in (200, 302)


def test_a_tampered_resume_link_opens_nothing(client, answers):
    fill_pages(client, answers())
    key = draft_key(client)
    stranger = Client()
    response = stranger.get(
        reverse("employers:resume", kwargs={"token": key + ":forged"}), follow=True
    )
    assert USED in response.content.decode()
    assert stranger.get(url("review", key)).status_code == 404


def test_every_page_of_a_draft_names_it(client, answers):
    fill_pages(client, answers())
    key = draft_key(client)
    for page in PAGES[1:]:
        html = client.get(url("step", key, step=page)).content.decode()
        assert f"/registro/nuevo/{key}/" in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_devices_following_one_link_at_once_open_the_draft_once():
    import threading

    from django.db import connection

    from clavepatronal.employers.services import (
        registration_draft_resume,
        registration_draft_resume_send,
    )

    draft = RegistrationDraft.objects.create(
        key="borrador-de-prueba-" + "x" * 20,
        state={"email_verified": {"email": "a@ejemplo.ec", "at": "2026-12-07T09:00"}},
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    registration_draft_resume_send(draft=draft, email="a@ejemplo.ec")
    token = RESUME.search(mail.outbox[-1].body).group(0).rstrip("/").rsplit("/", 1)[1]
    barrier = threading.Barrier(4)
    opened = []

    def follow():
        try:
            barrier.wait()
            opened.append(registration_draft_resume(token=token))
        finally:
            connection.close()

    threads = [threading.Thread(target=follow) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(draft is not None for draft in opened) == [False, False, False, True]
    (winner,) = [draft for draft in opened if draft is not None]
    assert RegistrationDraft.objects.get().key == winner.key != draft.key
