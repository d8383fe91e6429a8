"""The domestic employer is her own legal representative: the representative page
takes her cédula, names and e-mail from the employer page, says so, and asks only
for what is missing."""

import pytest
from django.urls import reverse

from clavepatronal.employers.models import Registration

from .conftest import draft_url
from .factories import CEDULA

pytestmark = pytest.mark.django_db


def start_domestic(client, answers, **employer):
    data = answers("DOMESTICO")
    client.post(reverse("employers:new"), data["sector"])
    response = client.post(
        draft_url(client, "step", step="empleador"), {**data["empleador"], **employer}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return data


def test_the_representative_page_takes_her_data_and_asks_only_what_is_missing(
    client, answers, register
):
    start_domestic(client, answers, phone="0991234567")
    page = client.get(draft_url(client, "step", step="representante")).content.decode()
    assert "usted es su propio representante legal" in page
    assert "María Fernanda Loor Vera" in page and CEDULA in page
    for name in ("id_number", "names", "email"):
        assert f'type="hidden" name="{name}"' in page
    assert 'value="0991234567"' in page  # her mobile, from the employer page
    response = client.post(
        draft_url(client, "step", step="representante"),
        {"nationality": "Ecuatoriana", "mobile": "0991234567"},
    )
    assert response.status_code == 302


def test_what_the_employer_page_gave_cannot_be_changed_on_the_next(
    client, answers, register
):
    data = answers("DOMESTICO")
    data["representante"] = {
        **data["representante"],
        "id_type": "CEDULA",
        "id_number": "0926687856",  # someone else's cédula, posted by hand
        "names": "OTRA PERSONA",
        "email": "otra@ejemplo.ec",
    }
    register(client, data)
    registration = Registration.objects.get()
    assert registration.rep_identification == CEDULA
    assert registration.rep_names == "María Fernanda Loor Vera"
    assert registration.rep_email == "empleador@ejemplo.ec"


def test_a_change_on_the_employer_page_reaches_the_representative(
    client, answers, fill
):
    data = answers("DOMESTICO")
    fill(client, data)
    client.post(
        draft_url(client, "step", step="empleador") + "?volver=revisar",
        {**data["empleador"], "business_name": "María Fernanda Loor de Vera"},
    )
    review = client.get(draft_url(client, "review")).content.decode()
    assert (
        review.count("María Fernanda Loor de Vera") >= 2
    )  # employer and representative


def test_other_sectors_still_ask_for_the_representative(client, answers):
    data = answers("PRIVADO")
    client.post(reverse("employers:new"), data["sector"])
    client.post(draft_url(client, "step", step="empleador"), data["empleador"])
    page = client.get(draft_url(client, "step", step="representante")).content.decode()
    assert "usted es su propio representante legal" not in page
    assert 'type="hidden" name="id_number"' not in page
