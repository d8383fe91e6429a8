"""Issue 17 (7, 8) for the ventanilla: no «Exterior», provinces in dictionary order,
long names refused with a clear error, refusals without English."""

import pytest
from django.urls import reverse

from clavepatronal.identity.models import Province
from clavepatronal.procedures.models import Tramite
from tests.refusals import refused_page

from .test_hostile_files import PNG

pytestmark = pytest.mark.django_db


def test_exterior_is_not_a_ventanilla_province_and_the_hint_says_which_to_choose(
    client, applicant_data
):
    page = client.get(reverse("procedures:applicant"))
    names = [label for _value, label in page.context["form"].fields["province"].choices]
    assert "Exterior" not in names
    assert "Si usted vive en el exterior" in page.text
    exterior = Province.objects.get(code="30")
    refused = client.post(
        reverse("procedures:applicant"),
        {**applicant_data, "province": str(exterior.pk)},
    )
    refused = refused_page(client, refused)
    assert "province" in refused.context["form"].errors


def test_provinces_are_in_dictionary_order(client):
    page = client.get(reverse("procedures:applicant"))
    names = [label for value, label in page.context["form"].fields["province"].choices]
    assert names.index("Cañar") < names.index("Carchi") < names.index("Chimborazo")
    assert names.index("Bolívar") < names.index("Cañar")


def test_a_name_longer_than_the_limit_gets_an_error_not_a_silent_cut(
    client, applicant_data
):
    page = client.get(reverse("procedures:applicant"))
    assert 'maxlength="200"' not in page.text
    response = client.post(
        reverse("procedures:applicant"), {**applicant_data, "names": "A" * 211}
    )
    (error,) = refused_page(client, response).context["form"].errors["names"]
    assert "como máximo 200 caracteres (escribió 211)" in error


def test_a_png_refusal_says_png_without_english(ventanilla, good_files):
    ventanilla.start()
    response = ventanilla.submit({**good_files, "ruc": ("ruc.png", PNG)})
    assert "un archivo PNG" in response.text
    assert "Portable Network Graphics" not in response.text
    assert Tramite.objects.count() == 0


def test_a_domestic_employer_with_a_cedula_is_never_asked_for_a_ruc(clave, client):
    from clavepatronal.procedures.selectors import tramite_requirement_slots
    from tests.employers.factories import RegistrationFactory

    domestic = RegistrationFactory(sector="DOMESTICO")
    codes = [
        s.code
        for s in tramite_requirement_slots(procedure_type=clave, registration=domestic)
    ]
    assert "ruc" not in codes and "solicitud" in codes
    page = client.get(reverse("procedures:applicant"))
    assert "cédula del empleador doméstico" in page.text
