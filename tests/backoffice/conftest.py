"""Staff of two provinces, their objects, and verified sessions for each."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from clavepatronal.appointments.models import Agency
from clavepatronal.backoffice.constants import Role
from clavepatronal.backoffice.services.staff import staff_create
from clavepatronal.employers.services import clave_issue_by_link, power_record
from clavepatronal.identity.constants import IdentificationType
from clavepatronal.identity.models import Province
from tests.appointments.conftest import cedula
from tests.appointments.factories import TurnFactory
from tests.procedures.conftest import (  # noqa: F401 - fixtures used here
    applicant_data,
    good_files,
    ventanilla,
)
from tests.procedures.factories import TramiteFactory

from ..staff import verified_login

PASSWORD = "una-clave-del-personal-larga"


def make_staff(username, role, *, agency=None, province=None):
    return staff_create(
        username=username,
        password=PASSWORD,
        first_name=username.split(".")[0].title(),
        last_name="Prueba",
        email=f"{username}@iess.gob.ec",
        role=role,
        agency=agency,
        province=province,
    ).user


@pytest.fixture
def guayas(db):
    return Province.objects.get(code="09")


@pytest.fixture
def quito(db):
    return Agency.objects.get(name="Centro de Atención Universal Quito")


@pytest.fixture
def guayaquil(db):
    return Agency.objects.get(name="Centro de Atención Universal Guayaquil")


@pytest.fixture
def servidor(quito):
    return make_staff("servidor.quito", Role.SERVIDOR, agency=quito)


@pytest.fixture
def servidor_gye(guayaquil):
    return make_staff("servidor.guayaquil", Role.SERVIDOR, agency=guayaquil)


@pytest.fixture
def delegado(pichincha):
    return make_staff("delegado.pichincha", Role.DELEGADO, province=pichincha)


@pytest.fixture
def delegado_guayas(guayas):
    return make_staff("delegado.guayas", Role.DELEGADO, province=guayas)


@pytest.fixture
def administrador(db):
    return make_staff("admin.nacional", Role.ADMINISTRADOR)


def client_for(user) -> Client:
    return verified_login(Client(), user)


@pytest.fixture
def as_servidor(servidor):
    return client_for(servidor)


@pytest.fixture
def as_servidor_gye(servidor_gye):
    return client_for(servidor_gye)


@pytest.fixture
def as_delegado(delegado):
    return client_for(delegado)


@pytest.fixture
def as_admin(administrador):
    return client_for(administrador)


@pytest.fixture
def tramite_pichincha(pichincha, registration):
    return TramiteFactory(province=pichincha, registration=registration)


@pytest.fixture
def tramite_guayas(guayas, registration):
    return TramiteFactory(province=guayas, registration=registration)


def local_today(hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate()
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute))
    )


@pytest.fixture
def turn_quito(quito, registration):
    """Today, late: the person can arrive; it is not a no-show yet. A clave turn of
    the registered employer, held by its legal representative."""
    return TurnFactory(
        agency=quito, starts_at=local_today(23, 40), held_by=registration
    )


@pytest.fixture
def past_turn_quito(quito):
    """Today, at the first minute: its time is over."""
    return TurnFactory(agency=quito, starts_at=local_today(0, 1))


@pytest.fixture
def turn_guayaquil(guayaquil):
    return TurnFactory(agency=guayaquil, starts_at=local_today(23, 40))


@pytest.fixture
def power_pichincha(registration, servidor, pichincha):
    return power_record(
        registration=registration,
        province=pichincha,
        recorded_by=servidor,
        notary="Notaría Tercera del cantón Quito",
        deed_number="2026-17-01-03-P01234",
        granted_on=datetime.date(2026, 10, 5),
        apoderado_names="Luis Alberto Ortiz",
        apoderado_id_type=IdentificationType.CEDULA,
        apoderado_identification=cedula(4242),
    )


@pytest.fixture
def issue_employer():
    """The employer account of a registration (its key issued by link)."""

    def make(registration):
        result = clave_issue_by_link(registration=registration, actor_label="pruebas")
        return result.activation.account.user

    return make
