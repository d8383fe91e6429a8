"""Staff of two provinces, their objects, and verified sessions for each."""

import datetime
import hashlib

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from clavepatronal.appointments.constants import TURN_CODE_LENGTH
from clavepatronal.appointments.models import Agency, Slot, Turn
from clavepatronal.backoffice.constants import Role
from clavepatronal.backoffice.services.staff import staff_create
from clavepatronal.documents.codes import random_code
from clavepatronal.employers.services import (
    clave_issue_by_link,
    power_record,
)
from clavepatronal.identity.constants import IdentificationType
from clavepatronal.identity.models import Province
from clavepatronal.procedures.models import Attachment, Tramite, private_storage
from tests.appointments.conftest import cedula
from tests.procedures.conftest import (  # noqa: F401 - fixtures used here
    applicant_data,
    good_files,
    ventanilla,
)

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


_serial = iter(range(1, 10_000))


def tramite_make(*, province, registration, procedure_type, status="RECIBIDO"):
    """A trámite with one stored file, straight in the database (the submission
    pipeline has its own tests)."""
    n = next(_serial)
    tramite = Tramite.objects.create(
        number=f"VV-2026-{900000 + n}",
        form_token=f"token-{n}",
        status=status,
        procedure_type=procedure_type,
        province=province,
        applicant_id_type=IdentificationType.CEDULA,
        applicant_identification=registration.rep_identification,
        applicant_names=registration.rep_names,
        applicant_email="solicitante@correo.ec",
        applicant_mobile="+593991234567",
        employer_identification=registration.employer_identification,
        registration=registration,
        message="Solicito la clave patronal.",
    )
    content = b"%PDF-1.7 prueba"
    name = private_storage().save(f"tramites/prueba/{n}.pdf", ContentFile(content))
    Attachment.objects.create(
        tramite=tramite,
        requirement_code="ruc",
        requirement_name="RUC",
        file=name,
        kind="PDF",
        display_name="ruc.pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    return tramite


@pytest.fixture
def tramite_pichincha(pichincha, registration, clave):
    return tramite_make(
        province=pichincha, registration=registration, procedure_type=clave
    )


@pytest.fixture
def tramite_guayas(guayas, registration, clave):
    return tramite_make(
        province=guayas, registration=registration, procedure_type=clave
    )


def local_today(hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate()
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute))
    )


def turn_make(*, agency, procedure_type, starts_at, number=None):
    slot, _created = Slot.objects.get_or_create(
        agency=agency,
        starts_at=starts_at,
        defaults={
            "ends_at": starts_at + datetime.timedelta(minutes=agency.slot_minutes),
            "capacity": agency.capacity_per_slot,
        },
    )
    Slot.objects.filter(pk=slot.pk).update(booked=slot.booked + 1)
    n = number or next(_serial)
    return Turn.objects.create(
        code=random_code(TURN_CODE_LENGTH),
        slot=slot,
        procedure_type=procedure_type,
        identification_type=IdentificationType.CEDULA,
        identification=cedula(n),
        email=f"persona{n}@correo.ec",
        mobile="+593991234567",
    )


@pytest.fixture
def turn_quito(quito, clave):
    """Today, late: the person can arrive; it is not a no-show yet."""
    return turn_make(agency=quito, procedure_type=clave, starts_at=local_today(23, 40))


@pytest.fixture
def past_turn_quito(quito, clave):
    """Today, at the first minute: its time is over."""
    return turn_make(agency=quito, procedure_type=clave, starts_at=local_today(0, 1))


@pytest.fixture
def turn_guayaquil(guayaquil, clave):
    return turn_make(
        agency=guayaquil, procedure_type=clave, starts_at=local_today(23, 40)
    )


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
