"""Issue 17 (5, 8): registration wording, long names and pages that fit a phone."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from clavepatronal.employers.forms import EmployerForm

from .conftest import draft_url, refused_page

pytestmark = pytest.mark.django_db

CSS = Path(__file__).resolve().parents[2] / "clavepatronal/core/static/css/main.css"


def test_a_name_over_200_characters_gets_a_clear_error_not_a_silent_cut(
    client, answers
):
    client.post(reverse("employers:new"), {"sector": "PRIVADO"})
    long_name = "Comercial " + "Andina " * 28 + "S.A."  # 210 characters
    data = {**answers()["empleador"], "business_name": long_name[:211]}
    response = client.post(draft_url(client, "step", step="empleador"), data)
    response = refused_page(client, response)
    page = response.content.decode()
    assert response.status_code == 200
    assert "como máximo 200 caracteres (tiene" in page
    name_input = re.search(r"<input[^>]*id=\"id_business_name\"[^>]*>", page)
    assert "maxlength" not in name_input.group(0)  # the browser does not cut it


def test_the_public_entitys_activity_hint_fits_a_public_entity():
    form = EmployerForm(sector="PUBLICO")
    assert "ropa" not in str(form.fields["main_activity"].help_text)
    assert "administración pública" in str(form.fields["main_activity"].help_text)


def test_long_values_wrap_and_the_number_never_breaks():
    css = CSS.read_text()
    assert re.search(r"main p strong[^{]*\{[^}]*overflow-wrap: anywhere", css)
    assert re.search(r"\.panel__body strong[^{]*\{[^}]*white-space: nowrap", css)
