"""Shared pieces for the turn tests: a quiet test agency, people, verified e-mails."""

import datetime
import itertools
import secrets
from zoneinfo import ZoneInfo

import pytest

from clavepatronal.appointments.models import Agency
from clavepatronal.identity.constants import IdentificationType
from clavepatronal.notifications.constants import VerificationPurpose
from clavepatronal.notifications.models import EmailVerification

GYE = ZoneInfo("America/Guayaquil")
# A Monday morning in Guayaquil, after the daily release hour.
NOW = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=GYE)
_numbers = itertools.count(1)


def cedula(number: int) -> str:
    """A valid cédula of Pichincha (17), distinct for every `number`."""
    digits = f"171{number:06d}"
    total = 0
    for position, digit in enumerate(digits):
        product = int(digit) * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return digits + str((10 - total % 10) % 10)


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=GYE)


def verified_person(number: int | None = None, *, now: datetime.datetime = NOW) -> dict:
    """Keyword arguments for turn_book of a person whose e-mail code was used."""
    number = next(_numbers) if number is None else number
    identification = cedula(number)
    email = f"persona{number}@correo.ec"
    verification = EmailVerification.objects.create(
        purpose=VerificationPurpose.TURNO,
        subject=identification,
        email=email,
        salt=secrets.token_hex(16),
        code_hash="0" * 64,
        expires_at=now + datetime.timedelta(minutes=10),
        used_at=now,
    )
    return {
        "verification_id": verification.pk,
        "identification_type": IdentificationType.CEDULA,
        "identification": identification,
        "email": email,
        "mobile": "+593991234567",
    }


@pytest.fixture
def agency(db) -> Agency:
    """Agencia de prueba Quito Norte: 20-minute slots, two people each, serving
    only the clave patronal."""
    from .factories import AgencyFactory

    return AgencyFactory(
        name="Agencia de prueba Quito Norte", slot_minutes=20, capacity_per_slot=2
    )


@pytest.fixture(autouse=True)
def _turn_settings(settings):
    """The tests' own policy, whatever the environment says."""
    settings.TURNOS_LEAD_MINUTES = 120
    settings.TURNOS_DAYS_AHEAD = 14
    settings.TURNOS_RELEASE_TIME = "07:00"
    settings.TURNOS_VERIFIED_MINUTES = 60
    settings.TURNOS_RATE_PER_IP = "1000/h"
    settings.TURNOS_RATE_PER_IDENTIFICATION = "1000/h"
