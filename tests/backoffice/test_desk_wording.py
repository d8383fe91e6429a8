"""Issue 30 (7): at the desk, an apoderado whose power is recorded but not stamped
(or was rejected) is told so, not asked to record a power that is on file."""

import pytest
from django.urls import reverse

from clavepatronal.employers.models import Activation, PowerOfAttorney
from tests.appointments.conftest import cedula

from .test_desk import attending, issue, post  # noqa: F401

pytestmark = pytest.mark.django_db

APODERADO = {
    "recipient_role": "APODERADO",
    "recipient_names": "Luis Alberto Ortiz",
    "recipient_id_type": "CEDULA",
    "recipient_identification": cedula(4242),
}


def record_power(client, turn) -> PowerOfAttorney:
    power = {
        "notary": "Notaría Tercera del cantón Quito",
        "deed_number": "2026-17-01-03-P01234",
        "granted_on": "2026-10-05",
        "apoderado_names": "Luis Alberto Ortiz",
        "apoderado_id_type": "CEDULA",
        "apoderado_identification": cedula(4242),
    }
    assert post(client, "desk_power", turn, power).status_code == 302
    return PowerOfAttorney.objects.get()


def test_a_recorded_power_without_its_stamp_is_named_as_such(
    as_servidor,
    attending,  # noqa: F811
):
    record_power(as_servidor, attending)
    page = issue(as_servidor, attending, **APODERADO).content.decode()
    assert "está registrado, pero el delegado jurídico aún no lo valida" in page
    assert "2026-17-01-03-P01234" in page
    assert "Registre el poder notarial" not in page
    assert not Activation.objects.exists()


def test_a_rejected_power_is_named_as_rejected(
    as_servidor,
    as_delegado,
    attending,  # noqa: F811
):
    power = record_power(as_servidor, attending)
    as_delegado.post(
        reverse("backoffice:power_reject", args=[power.pk]),
        {"reason": "La escritura no faculta a retirar la clave."},
    )
    power.refresh_from_db()
    assert power.status == "RECHAZADO"
    page = issue(as_servidor, attending, **APODERADO).content.decode()
    assert "El delegado jurídico rechazó el poder notarial" in page
    assert "Registre el poder notarial" not in page


def test_an_apoderado_without_any_power_is_still_asked_to_record_it(
    as_servidor,
    attending,  # noqa: F811
):
    page = issue(as_servidor, attending, **APODERADO).content.decode()
    assert "Registre el poder notarial" in page
