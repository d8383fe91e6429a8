"""The officer sees what the SRI said about the employer's RUC before approving:
the «RUC no verificado con el SRI» mark, and the answer a later recheck recorded."""

import pytest
from django.urls import reverse

from clavepatronal.employers.sri.standin import StandinServer
from clavepatronal.employers.tasks import registration_sri_recheck_task
from tests.employers.factories import RUC_SOCIEDAD

pytestmark = pytest.mark.django_db


def tramite_page(client, tramite) -> str:
    url = reverse("backoffice:tramite", args=[tramite.number])
    return client.get(url).content.decode()


def test_the_tramite_shows_the_unverified_mark_then_the_later_answer(
    as_servidor, tramite_pichincha, settings
):
    # Tests ask a closed port unless they start the stand-in: the SRI was down.
    page = tramite_page(as_servidor, tramite_pichincha)
    assert "Consulta al SRI" in page
    assert "<strong>RUC no verificado con el SRI</strong>" in page
    assert "no se pudo conectar con el SRI" in page

    with StandinServer() as sri:
        settings.SRI_BASE_URL = sri.base_url
        registration_sri_recheck_task.call(
            registration_id=tramite_pichincha.registration_id
        )
    page = tramite_page(as_servidor, tramite_pichincha)
    assert "RUC verificado con el SRI: ACTIVO, SOCIEDAD." in page
    assert "no verificado" not in page


def test_the_desk_shows_the_mark_of_the_employer_found(
    as_servidor, turn_quito, registration
):
    # The turn's employer comes with the turn: no lookup by RUC at the desk.
    assert turn_quito.employer_identification == RUC_SOCIEDAD
    as_servidor.post(
        reverse("backoffice:arrival", args=[turn_quito.code]),
        {
            "presented_id_type": "CEDULA",
            "presented_identification": turn_quito.identification,
        },
    )
    page = as_servidor.get(reverse("backoffice:turn", args=[turn_quito.code]))
    assert "RUC no verificado con el SRI" in page.content.decode()
