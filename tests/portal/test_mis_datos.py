"""The portal's «Mis datos» and «Quién consultó mis datos» pages: downloads that
validate and leave an audit event, the files through the one download helper, and
the officers' views with role and unit, never their name."""

import json

import jsonschema
import pytest
from django.test import Client
from django.urls import reverse

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.models import AuditEvent
from clavepatronal.backoffice.constants import Role
from tests.backoffice import conftest as staff_fixtures
from tests.procedures.factories import TramiteFactory
from tests.staff import verified_login

pytestmark = pytest.mark.django_db

CARD = '<li class="card'

make_staff = staff_fixtures.make_staff
quito = staff_fixtures.quito  # a fixture, by name


@pytest.fixture
def signed_in(client, employer, login):
    login(client, employer.identification)
    return client


@pytest.fixture
def tramite(employer, pichincha):
    return TramiteFactory(registration=employer.registration, province=pichincha)


def test_the_pages_ask_for_the_portal_login(client):
    for name in ("portal:mis_datos", "portal:mis_datos_json", "portal:consultas"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("portal:login"))


def test_the_dashboard_links_both_pages(signed_in):
    page = signed_in.get(reverse("portal:dashboard")).content.decode()
    assert reverse("portal:mis_datos") in page
    assert reverse("portal:consultas") in page


def test_the_json_download_validates_and_is_audited(signed_in, employer, tramite):
    response = signed_in.get(reverse("portal:mis_datos_json"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    schema = json.loads(signed_in.get(reverse("portal:mis_datos_schema")).content)
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["$schema"].endswith(reverse("portal:mis_datos_schema"))
    assert [t["number"] for t in data["tramites"]] == [tramite.number]
    event = AuditEvent.objects.get(action=AuditAction.MIS_DATOS_EXPORTADOS)
    assert event.actor == employer.user
    assert event.data["format"] == "json"
    assert event.data["tramites"] == 1


def test_the_pdf_download_is_audited(signed_in):
    response = signed_in.get(reverse("portal:mis_datos_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    event = AuditEvent.objects.get(action=AuditAction.MIS_DATOS_EXPORTADOS)
    assert event.data["format"] == "pdf"


def test_the_schema_is_public(client):
    response = client.get(reverse("portal:mis_datos_schema"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/schema+json"
    assert json.loads(response.content)["title"].startswith("Mis datos")


def test_own_files_download_and_others_do_not(
    signed_in, employer, other_employer, tramite
):
    page = signed_in.get(reverse("portal:mis_datos")).content.decode()
    attachment = tramite.attachments.get()
    url = reverse("portal:mis_datos_file", kwargs={"pk": attachment.pk})
    assert url in page
    response = signed_in.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    event = AuditEvent.objects.get(action=AuditAction.ADJUNTO_VISTO)
    assert event.actor == employer.user
    theirs = TramiteFactory(registration=other_employer.registration)
    stranger = TramiteFactory(registration=employer.registration, por_tercero=True)
    for other in (theirs, stranger):
        pk = other.attachments.get().pk
        response = signed_in.get(reverse("portal:mis_datos_file", kwargs={"pk": pk}))
        assert response.status_code == 404


def _officer_opens(tramite, user) -> None:
    client = verified_login(Client(), user)
    attachment = tramite.attachments.get()
    response = client.get(
        reverse(
            "backoffice:attachment",
            kwargs={"number": tramite.number, "pk": attachment.pk},
        )
    )
    assert b"".join(response.streaming_content)  # read through: the file closes


def test_the_employer_sees_the_officers_view_with_role_and_unit_not_name(
    signed_in, tramite, quito, other_employer, pichincha
):
    officer = make_staff("marcela.quito", Role.SERVIDOR, agency=quito)
    _officer_opens(tramite, officer)
    _officer_opens(
        TramiteFactory(registration=other_employer.registration, province=pichincha),
        officer,
    )
    # The employer's own look at its file is not an officer's.
    own = tramite.attachments.get().pk
    response = signed_in.get(reverse("portal:mis_datos_file", kwargs={"pk": own}))
    assert b"".join(response.streaming_content)  # read through: the file closes
    response = signed_in.get(reverse("portal:consultas"))
    page = response.content.decode()
    assert page.count(CARD) == 1
    assert f"Trámite {tramite.number}" in page
    assert "Servidor de atención" in page
    assert "Agencia Centro de Atención Universal Quito, Pichincha" in page
    assert "Adjunto visto" in page
    for name in ("marcela", "Marcela", "Prueba"):
        assert name not in page


def test_the_list_is_paginated(signed_in, tramite, quito):
    officer = make_staff("servidor.muchos", Role.SERVIDOR, agency=quito)
    for _ in range(21):
        _officer_opens(tramite, officer)
    first = signed_in.get(reverse("portal:consultas")).content.decode()
    assert first.count(CARD) == 20
    assert "Página 1 de 2" in first
    second = signed_in.get(reverse("portal:consultas") + "?pagina=2")
    assert second.content.decode().count(CARD) == 1
    assert signed_in.get(reverse("portal:consultas") + "?pagina=x").status_code == 200


def test_downloads_are_limited_per_account(signed_in, settings):
    from clavepatronal.portal.views.privacy import EXPORT_RATE

    allowed = int(EXPORT_RATE.split("/")[0])
    url = reverse("portal:mis_datos_json")
    for _ in range(allowed):
        assert signed_in.get(url).status_code == 200
    response = signed_in.get(url)
    assert response.status_code == 429
    assert (
        AuditEvent.objects.filter(action=AuditAction.MIS_DATOS_EXPORTADOS).count()
        == allowed
    )


def test_the_page_costs_the_same_queries_for_many_tramites(signed_in, employer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert signed_in.get(reverse("portal:mis_datos")).status_code == 200
        return len(captured)

    TramiteFactory(registration=employer.registration)
    few = queries()
    for _ in range(4):
        TramiteFactory(registration=employer.registration)
    assert queries() == few
