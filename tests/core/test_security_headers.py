"""Content-Security-Policy and Permissions-Policy on every response: every page that
needs no argument, signed out and signed in, error pages and static files."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from clavepatronal.backoffice.constants import Role
from clavepatronal.backoffice.services.staff import staff_create
from tests.staff import verified_login

pytestmark = pytest.mark.django_db

REQUIRED = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "frame-ancestors": "'none'",
    "object-src": "'none'",
    "base-uri": "'none'",
}


def plain_paths(patterns=None, prefix: str = "") -> list[str]:
    """Every route without a parameter, as a path."""
    paths = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(entry.pattern)
        if "<" in route or "(" in route or "\\" in route:
            continue
        route = route.lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            paths += plain_paths(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            paths.append("/" + prefix + route)
    return sorted(set(paths))


def policy(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    pairs = [part.strip().split(" ", 1) for part in header.split(";") if part.strip()]
    return {pair[0]: pair[1] if len(pair) > 1 else "" for pair in pairs}


def assert_headers(response, path: str) -> None:
    if response.streaming:  # read to the end: the test client then closes the file
        b"".join(response.streaming_content)
    csp = policy(response)
    # A download (documents.responses.file_response) carries a stricter policy of
    # its own: sandboxed, nothing loaded at all.
    downloaded = csp == {"sandbox": "", "default-src": "'none'"}
    for name, value in REQUIRED.items():
        assert downloaded or csp.get(name) == value, (path, response.status_code, csp)
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"], path
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"], path
    permissions = response.headers.get("Permissions-Policy", "")
    assert "microphone=()" in permissions and "geolocation=()" in permissions, path


@pytest.fixture
def staff_client(db):
    admin = staff_create(
        username="admin.cabeceras",
        password="Cabeceras-Seguras-2026",
        first_name="Ana",
        last_name="Admin",
        email="admin@iess.gob.ec",
        role=Role.ADMINISTRADOR,
    ).user
    admin.is_superuser = True
    admin.save()
    return verified_login(Client(), admin)


def test_there_are_pages_to_check():
    paths = plain_paths()
    for expected in ["/", "/registro/", "/turnos/", "/backoffice/", "/admin/"]:
        assert expected in paths


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "staff"])
def test_every_page_carries_csp_and_permissions_policy(signed_in, staff_client):
    client = staff_client if signed_in else Client()
    html_pages = 0
    for path in plain_paths():
        response = client.get(path)
        assert_headers(response, path)
        if response.headers.get("Content-Type", "").startswith("text/html"):
            html_pages += 1
    assert html_pages >= 10


def test_error_pages_and_static_files_carry_them_too(client):
    assert_headers(client.get("/no-existe/"), "404")
    assert_headers(client.get("/static/css/main.css"), "static")
