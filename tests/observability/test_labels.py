"""No label value is ever personal data: after several journeys, no value looks
like a cédula, a RUC or an e-mail address."""

import re

import pytest
from prometheus_client import REGISTRY

from clavepatronal.appointments.services import turn_book, turn_verification_start
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.employers.sri.client import SriClient
from clavepatronal.observability.record import label
from tests.appointments.conftest import local, verified_person

from .metrics_fixtures import quiet_agency, turn_policy

PERSONAL = re.compile(r"\d{10}|@")  # a cédula (10), a RUC (13), an address


@pytest.fixture(autouse=True)
def _policy(settings):
    turn_policy(settings)


@pytest.fixture
def agency(db):
    return quiet_agency()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("TURNO", "TURNO"),
        ("sin_disponibilidad", "sin_disponibilidad"),
        (42, "42"),
        ("1710034065", "other"),
        ("1790011674001", "other"),
        ("persona@correo.ec", "other"),
        ("a b", "other"),
        ("", "none"),
        (None, "none"),
    ],
)
def test_a_label_is_a_short_code_or_a_pk(value, expected):
    assert label(value) == expected


@pytest.mark.django_db
@pytest.mark.cache
def test_no_label_value_is_personal_data_after_several_journeys(
    client, agency, clave, settings, django_capture_on_commit_callbacks
):
    settings.VERIFICATION_MAX_CODES_PER_HOUR = 1
    person = verified_person()
    starts = local(2026, 12, 8, 8, 0)
    now = local(2026, 12, 7, 9, 0)
    with django_capture_on_commit_callbacks(execute=True):
        turn_book(
            **person, agency=agency, procedure_type=clave, starts_at=starts, now=now
        )
        with pytest.raises(ApplicationError):
            turn_book(
                **person, agency=agency, procedure_type=clave, starts_at=starts, now=now
            )
        for _ in range(2):
            try:
                turn_verification_start(
                    identification=person["identification"], email=person["email"]
                )
            except ApplicationError:
                pass
    SriClient(base_url="http://127.0.0.1:9").taxpayer_by_ruc("1790011674001")
    client.get(f"/turnos/{person['identification']}/{person['email']}/")
    client.get("/", HTTP_X_FORWARDED_FOR="1710034065")

    values = [
        (sample.name, value)
        for family in REGISTRY.collect()
        if family.name.startswith("clavepatronal_")
        for sample in family.samples
        for value in sample.labels.values()
    ]
    assert values  # the journeys were recorded
    assert [item for item in values if PERSONAL.search(item[1])] == []
