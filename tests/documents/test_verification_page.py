"""The public page that says whether a document code is ours, and nothing personal."""

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_qr_address_shows_what_the_document_is_and_for_whom(client, registration):
    document = registration.solicitud
    response = client.get(reverse("documents:verify_code", args=[document.code]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Documento válido" in page
    assert "Solicitud de entrega de clave patronal" in page
    assert "1790011674001" in page
    assert "Comercial Andina S.A." in page
    assert document.code_display in page
    local = timezone.localtime(document.created)
    assert f"{local:%H:%M}" in page
    # Nothing more personal than that.
    for private in ("Juan Carlos", "0926687856", "empleador@ejemplo.ec", "Rosa Elena"):
        assert private not in page


def test_a_typed_code_is_forgiving_about_case_dashes_and_look_alikes(
    client, registration
):
    code = registration.acuerdo.code
    typed = "-".join(code[i : i + 4] for i in range(0, 16, 4)).lower()
    typed = typed.replace("0", "o").replace("1", "l")
    response = client.get(reverse("documents:verify"), {"code": f"  {typed} "})
    page = response.content.decode()
    assert "Documento válido" in page
    assert "Acuerdo de Responsabilidad y Uso de la Información" in page


def test_unknown_code_says_so(client, registration):
    response = client.get(reverse("documents:verify"), {"code": "ZZZZ-ZZZZ-ZZZZ-ZZZZ"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "No existe un documento con ese código" in page
    assert "Comercial Andina" not in page


@pytest.mark.parametrize("typed", ["", "123", "<script>alert(1)</script>", "Ñ" * 16])
def test_malformed_code_gets_a_spanish_message(client, typed):
    response = client.get(reverse("documents:verify"), {"code": typed})
    assert response.status_code == 200
    assert "Hay un problema" in response.content.decode()


def test_the_page_without_a_code_just_asks_for_it(client):
    page = client.get(reverse("documents:verify")).content.decode()
    assert "Código del documento" in page
    assert "Hay un problema" not in page


def test_guessing_codes_is_rate_limited_per_address(client):
    url = reverse("documents:verify")
    statuses = [client.get(url, {"code": f"{n:016d}"}).status_code for n in range(61)]
    assert statuses[:60] == [200] * 60
    assert statuses[60] == 429
