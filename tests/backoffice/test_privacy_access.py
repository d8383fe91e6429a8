"""«Consultas sin trámite ni turno»: administrators see each staff view of an
employer's data with nothing behind it, with the employer and the officer; other
roles do not reach the page."""

import pytest
from django.urls import reverse

from clavepatronal.backoffice.constants import Role
from clavepatronal.documents.services import generated_document_view_record
from clavepatronal.procedures.services import attachment_view_record
from tests.procedures.factories import TramiteFactory

from .conftest import make_staff

pytestmark = pytest.mark.django_db

URL = reverse("backoffice:privacy_access_without_reason")


def test_the_administrator_sees_views_without_a_reason(as_admin, registration, quito):
    officer = make_staff("curioso.quito", Role.SERVIDOR, agency=quito)
    generated_document_view_record(
        document=registration.solicitud, actor=officer, actor_label="curioso.quito"
    )
    tramite = TramiteFactory(registration=registration)
    attachment_view_record(
        attachment=tramite.attachments.get(), actor=officer, actor_label="x"
    )
    response = as_admin.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 consulta sin motivo" in page
    assert registration.employer_identification in page
    assert "curioso.quito" in page
    assert "Agencia Centro de Atención Universal Quito, Pichincha" in page
    assert tramite.number not in page
    assert URL in as_admin.get(reverse("backoffice:home")).content.decode()


def test_an_empty_list_says_so(as_admin):
    page = as_admin.get(URL).content.decode()
    assert "No hay consultas sin trámite ni turno." in page


def test_officers_and_delegates_do_not_reach_it(as_servidor, as_delegado, client):
    assert as_servidor.get(URL).status_code == 403
    assert as_delegado.get(URL).status_code == 403
    assert URL not in as_servidor.get(reverse("backoffice:home")).content.decode()
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("backoffice:login"))
