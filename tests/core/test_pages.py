import json
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

ENTRY_POINTS = {
    "Registro nuevo empleador": "/registro/",
    "Ventanilla virtual": "/ventanilla/",
    "Turnos para atención al ciudadano": "/turnos/",
}


def test_home_is_spanish_with_the_three_entry_points_and_opening_hours(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es-EC">' in html
    for label, url in ENTRY_POINTS.items():
        assert f'<a href="{url}">{label}</a>' in html
    assert "lunes a viernes de 8:00 a 17:00" in html
    assert 'href="#contenido"' in html  # skip link


@pytest.mark.parametrize("url", ENTRY_POINTS.values())
def test_each_entry_point_answers_in_spanish(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert '<html lang="es-EC">' in response.content.decode()


def test_ventanilla_lists_the_seed_virtual_requirements_in_order(client):
    page = client.get(reverse("procedures:start")).content.decode()
    assert "peso máximo 1 MB" in page
    html = page[page.index('<ol class="requirements">') :]
    names = [
        "Registro Único de Contribuyentes (RUC)",
        "Solicitud de entrega de clave",
        "Cédula de identidad del representante legal",
        "Acuerdo de Responsabilidad y Uso de la Información",
        "Documento de identificación para extranjeros sin cédula",
        "Calificación artesanal",
    ]
    positions = [html.index(name) for name in names]
    assert positions == sorted(positions)
    assert "Pasaporte vigente" in html


def test_turnos_lists_the_seed_steps_and_in_person_requirements(client):
    html = client.get(reverse("appointments:start")).content.decode()
    for label in ("«Siguiente»", "«Verificar IESS turno online»", "«Verificar»"):
        assert label in html
    assert "«Sí»" in html and "«Confirmar»" in html
    assert "Confirmación del Turno en Línea" in html
    assert "Cédula original vigente del representante legal" in html
    assert "Autorización de Retiro de Contraseña" in html
    assert "poder notarizado" in html


def test_pages_refuse_writes(client):
    assert client.post("/").status_code == 405


def test_health_reports_the_database_and_the_cache(client):
    response = client.get("/salud/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


def test_health_answers_503_when_the_database_does_not(client):
    with mock.patch.object(
        connection, "cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/salud/")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["database"] == "error"


def test_health_answers_503_when_the_cache_does_not(client):
    # A real Redis client pointed at a port where nothing listens.
    dead_redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with override_settings(CACHES=dead_redis):
        response = client.get("/salud/")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"] == {
        "database": "ok",
        "cache": "error",
    }


def test_unknown_page_gets_the_spanish_404(client):
    response = client.get("/no-existe/")
    assert response.status_code == 404
    assert "Página no encontrada" in response.content.decode()


@override_settings(ROOT_URLCONF="tests.core.urls_failing")
def test_server_error_gets_the_spanish_500():
    client = Client(raise_request_exception=False)
    response = client.get("/falla/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "hay un problema con el servicio" in html
    assert "lunes a viernes de 8:00 a 17:00" in html


@override_settings(ROOT_URLCONF="tests.core.urls_failing")
def test_permission_denied_and_bad_request_get_spanish_pages(client):
    response = client.get("/prohibido/")
    assert response.status_code == 403
    assert "No tiene permiso" in response.content.decode()
    response = client.get("/invalido/")
    assert response.status_code == 400
    assert "No pudimos procesar su solicitud" in response.content.decode()


def test_post_without_csrf_token_gets_the_spanish_403():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "La página caducó" in response.content.decode()


def test_uploaded_files_are_never_served_as_static_or_media(client, settings):
    media = settings.MEDIA_ROOT
    media.mkdir(parents=True, exist_ok=True)
    (media / "secreto.pdf").write_bytes(b"%PDF-1.7 privado")
    assert client.get("/media/secreto.pdf").status_code == 404
    assert client.get("/static/secreto.pdf").status_code == 404
