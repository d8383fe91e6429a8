"""«Confianza de firmas»: administrators see the trust store as `confianza_firmas`
prints it, with what expires soon said in words; other roles do not see it."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from clavepatronal.documents.pki import ca_create
from clavepatronal.documents.signatures.entities import entity_name
from clavepatronal.documents.truststore import shipped_certificates
from tests.pki import trust

pytestmark = pytest.mark.django_db

URL = reverse("backoffice:trust")


def test_administrators_see_every_shipped_entity_and_fingerprint(as_admin):
    response = as_admin.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    for certificate in shipped_certificates():
        assert certificate.sha256 in page
    for entity in {c.entity for c in shipped_certificates()}:
        assert entity_name(entity) in page
    assert "Ningún certificado en uso vence en los próximos 90 días" in page
    assert re.search(
        r"\d+ certificados de \d+ entidades; plazo de aviso: 90 días", page
    )
    assert "Vencida: solo para firmas con sello de tiempo anterior" in page


def test_a_certificate_expiring_soon_is_named_in_words(as_admin, settings, tmp_path):
    now = datetime.datetime.now(datetime.UTC)
    ca = ca_create(
        common_name="Raiz Que Vence Pronto", now=now - datetime.timedelta(days=3620)
    )
    trust(settings, tmp_path / "raices", ca, entity="datil")
    page = as_admin.get(URL).content.decode()
    assert "1 certificado en uso vence en 90 días o menos" in page
    assert "Datil: Raiz Que Vence Pronto, vence el" in page
    assert "<strong>Vence pronto</strong>" in page


def test_the_administrators_navigation_links_the_page(as_admin):
    page = as_admin.get(reverse("backoffice:home")).content.decode()
    assert f'href="{URL}"' in page and "Confianza de firmas" in page


def test_officers_and_delegates_do_not_see_the_page(as_servidor, as_delegado):
    assert as_servidor.get(URL).status_code == 403
    assert as_delegado.get(URL).status_code == 403
    home = as_servidor.get(reverse("backoffice:home")).content.decode()
    assert "Confianza de firmas" not in home


def test_visitors_are_sent_to_the_staff_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("backoffice:login"))


def test_an_employer_does_not_see_the_page(registration, issue_employer):
    client = Client()
    client.force_login(issue_employer(registration))
    assert client.get(URL).status_code == 403
