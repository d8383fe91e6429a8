"""Staff and employer accounts for the administrators' pages (audit, reports)."""

import itertools

from clavepatronal.backoffice.constants import Role
from clavepatronal.backoffice.services.staff import staff_create
from clavepatronal.identity.models import Province
from tests.appointments.factories import AgencyFactory
from tests.staff import verified_login

_numbers = itertools.count(1)


def staff_user(role: Role, username: str = ""):
    """A staff account of `role`, placed where that role must be."""
    number = next(_numbers)
    agency = AgencyFactory() if role == Role.SERVIDOR else None
    province = Province.objects.get(code="17") if role == Role.DELEGADO else None
    return staff_create(
        username=username or f"personal{number}",
        password="Clave-de-prueba-2026",
        first_name="Ana",
        last_name="Prueba",
        email=f"personal{number}@iess.gob.ec",
        role=role,
        agency=agency,
        province=province,
    ).user


def employer_user(django_user_model):
    """An account of the employers' portal: signed in, never staff."""
    return django_user_model.objects.create_user(
        f"17900{next(_numbers):05d}001", password="Clave-de-prueba-2026"
    )


def admin_client(client):
    """`client` signed in as an administrator past the second factor."""
    return verified_login(client, staff_user(Role.ADMINISTRADOR))
