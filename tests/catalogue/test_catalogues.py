"""Catalogues come with the migrations: provinces, agencies, procedures."""

import pytest
from django.db import IntegrityError, transaction

from clavepatronal.appointments.models import Agency
from clavepatronal.catalogue.constants import CLAVE_PATRONAL_CODE, AppliesTo, Channel
from clavepatronal.catalogue.models import ProcedureType, Requirement
from clavepatronal.catalogue.selectors import requirement_list
from clavepatronal.identity.constants import PROVINCE_CODES
from clavepatronal.identity.models import Province

pytestmark = pytest.mark.django_db


def test_the_24_provinces_and_exterior_have_their_two_digit_codes():
    codes = dict(Province.objects.values_list("code", "name"))
    assert set(codes) == PROVINCE_CODES
    assert len(codes) == 25
    assert codes["17"] == "Pichincha"
    assert codes["09"] == "Guayas"
    assert codes["24"] == "Santa Elena"
    assert codes["30"] == "Exterior"


def test_every_province_has_an_agency_that_handles_clave_patronal():
    clave = ProcedureType.objects.get(code=CLAVE_PATRONAL_CODE)
    for province in Province.objects.exclude(code="30"):
        agencies = province.agencies.filter(is_active=True, procedure_types=clave)
        assert agencies.exists(), province.name
        for agency in agencies:
            assert agency.name.startswith("Centro de Atención Universal")
            assert agency.address
            assert 5 <= agency.slot_minutes <= 240
            assert agency.capacity_per_slot >= 1


def test_procedure_catalogue_is_data_with_clave_patronal_first():
    names = list(
        ProcedureType.objects.filter(is_active=True).values_list("name", flat=True)
    )
    assert names[0] == "Clave patronal"
    assert len(names) >= 2
    ProcedureType.objects.create(code="nuevo", name="Trámite nuevo", order=99)
    assert "Trámite nuevo" in ProcedureType.objects.values_list("name", flat=True)


@pytest.mark.parametrize(
    ("channel", "codes"),
    [
        (
            Channel.VIRTUAL,
            [
                "ruc",
                "solicitud",
                "cedula-representante",
                "acuerdo",
                "identificacion-extranjero",
                "calificacion-artesanal",
            ],
        ),
        (
            Channel.PRESENCIAL,
            [
                "confirmacion-turno",
                "ruc",
                "solicitud",
                "cedula-representante",
                "acuerdo",
                "identificacion-extranjero",
                "calificacion-artesanal",
            ],
        ),
    ],
)
def test_clave_patronal_requirements_follow_the_seed(channel, codes):
    clave = ProcedureType.objects.get(code=CLAVE_PATRONAL_CODE)
    requirements = list(requirement_list(procedure_type=clave, channel=channel))
    assert [r.code for r in requirements] == codes
    applies = {r.code: r.applies_to for r in requirements}
    assert applies["cedula-representante"] == AppliesTo.CON_CEDULA
    assert applies["identificacion-extranjero"] == AppliesTo.SIN_CEDULA
    assert applies["calificacion-artesanal"] == AppliesTo.ARTESANO


def test_a_requirement_code_is_unique_per_procedure_and_channel():
    clave = ProcedureType.objects.get(code=CLAVE_PATRONAL_CODE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Requirement.objects.create(
            procedure_type=clave, channel=Channel.VIRTUAL, code="ruc", name="Otra vez"
        )


@pytest.mark.parametrize(
    "changes", [{"capacity_per_slot": 0}, {"slot_minutes": 2}, {"slot_minutes": 300}]
)
def test_the_database_refuses_an_agency_without_capacity_or_with_odd_slots(changes):
    agency = Agency.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Agency.objects.filter(pk=agency.pk).update(**changes)
