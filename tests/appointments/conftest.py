"""Shared pieces for the turn tests: a quiet test agency, people, verified e-mails."""

import datetime
import itertools
import secrets
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from clavepatronal.appointments.constants import SESSION_KEY
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


def employer_of(identification: str, *, email: str | None = None):
    """An employer whose registration names `identification` as its legal
    representative: a natural person's RUC (the cédula and 001); its contact
    e-mail `email` when given (the person who reads it proves the employer)."""
    from clavepatronal.employers.models import Registration
    from tests.employers.factories import RegistrationFactory

    ruc = f"{identification}001"
    existing = Registration.objects.filter(employer_identification=ruc).first()
    if existing:
        return existing
    before = len(mail.outbox)
    registration = RegistrationFactory(
        employer_identification=ruc,
        business_name=f"Empleador de {identification}",
        rep_identification=identification,
        rep_names=f"Representante {identification}",
        **({"email": email} if email else {}),
    )
    del mail.outbox[before:]  # the registration's own mail is not the turn's
    return registration


def verified_person(
    number: int | None = None,
    *,
    now: datetime.datetime = NOW,
    employer: bool = True,
    identification: str | None = None,
    identification_type: str = IdentificationType.CEDULA,
) -> dict:
    """Keyword arguments for turn_book of a person whose e-mail code was used and
    whom an employer's registration names as its legal representative (a clave
    patronal turn is for an employer: `employer_identification`). The person's
    address is the registration's contact e-mail, so the employer is proven."""
    number = next(_numbers) if number is None else number
    identification = identification or cedula(number)
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
    person = {
        "verification_id": verification.pk,
        "identification_type": identification_type,
        "identification": identification,
        "email": email,
        "mobile": "+593991234567",
    }
    if employer:
        person["employer_identification"] = employer_of(
            identification, email=email
        ).employer_identification
    return person


def employer_proof(registration, *, now: datetime.datetime = NOW) -> int:
    """The id of a used code sent to the registration's e-mail (step f's proof
    that whoever books reads the employer's mailbox)."""
    return EmailVerification.objects.create(
        purpose=VerificationPurpose.EMPLEADOR_TURNO,
        subject=registration.employer_identification,
        email=registration.email.lower(),
        salt=secrets.token_hex(16),
        code_hash="0" * 64,
        expires_at=now + datetime.timedelta(minutes=10),
        used_at=now,
    ).pk


def for_employer(person: dict, registration, *, now=NOW) -> dict:
    """`person` booking for `registration`'s employer with the mailbox's proof."""
    return {
        **person,
        "employer_identification": registration.employer_identification,
        "employer_proof_id": employer_proof(registration, now=now),
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


def journey_session(client, agency, clave, starts_at=None) -> dict:
    """A verified person's session at step g (or h with `starts_at`), as the agency
    step leaves it; returns the person (verified_person)."""
    person = verified_person(now=timezone.now())
    state = {
        "identification_type": person["identification_type"],
        "identification": person["identification"],
        "email": person["email"],
        "mobile": person["mobile"],
        "verification_id": person["verification_id"],
        "verified": True,
        "agency_id": agency.pk,
        "procedure_type_id": clave.pk,
        "employer_identification": person["employer_identification"],
        "holder_role": "REPRESENTANTE_LEGAL",
        "employer_ok": "correo",
    }
    if starts_at is not None:
        state.update(choice="turno", starts_at=starts_at.isoformat())
    session = client.session
    session[SESSION_KEY] = state
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return person
