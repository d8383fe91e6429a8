"""Issue 29, item 2: *Confirmar* in one statement on PostgreSQL. Every rule of
turn_book refuses through both paths — the one statement (PostgreSQL only) and the
ORM path (TURNOS_BOOKING_STATEMENT = False; SQLite's only path) — with the same
message and code and nothing written; a booking writes the same rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clavepatronal.appointments.constants import TurnStatus
from clavepatronal.appointments.models import (
    AgencyCalendar,
    AgencyClosure,
    Draw,
    EmployerBlock,
    Slot,
    Turn,
)
from clavepatronal.appointments.services import booking as booking_module
from clavepatronal.appointments.services import (
    booking_statement,
    turn_book,
    turn_writes,
)
from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.models import AuditEvent
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.employers.models import PowerOfAttorney
from clavepatronal.notifications.models import EmailVerification
from tests.employers.factories import RegistrationFactory

from .conftest import NOW, cedula, employer_of, for_employer, local, verified_person
from .factories import AgencyFactory, TurnFactory

pytestmark = pytest.mark.django_db
TUESDAY_8 = local(2026, 12, 8, 8, 0)
ON_POSTGRESQL = connection.vendor == "postgresql"


@pytest.fixture(
    params=[
        pytest.param(
            "statement",
            marks=pytest.mark.skipif(
                not ON_POSTGRESQL, reason="the one statement is PostgreSQL's path"
            ),
        ),
        "orm",
    ]
)
def path(request, settings, monkeypatch):
    """Which path books. The statement's path must answer by itself: the ORM
    path's reads fail the test if it falls back to them."""
    settings.TURNOS_BOOKING_STATEMENT = request.param == "statement"
    if request.param == "statement":

        def fallback(*args, **kwargs):
            raise AssertionError("the ORM path ran")

        monkeypatch.setattr(booking_module, "_bookable_by_require", fallback)
    return request.param


@pytest.fixture
def registration():
    """A company whose contact e-mail is empleador@ejemplo.ec."""
    return RegistrationFactory()


def book(agency, procedure_type, person, starts_at=TUESDAY_8, **extra):
    return turn_book(
        **person,
        agency=agency,
        procedure_type=procedure_type,
        starts_at=starts_at,
        now=NOW,
        **extra,
    )


def written() -> tuple:
    """What a refusal must leave untouched."""
    return (
        Turn.objects.count(),
        list(Slot.objects.order_by("pk").values_list("booked", "held")),
        AuditEvent.objects.filter(action=AuditAction.TURNO_RESERVADO).count(),
        list(AgencyCalendar.objects.values_list("version", flat=True)),
    )


def refused(call, *, code: str, message: str) -> None:
    before = written()
    with pytest.raises(ApplicationError) as error:
        call()
    assert error.value.extra["code"] == code
    assert message in error.value.message
    assert written() == before


def authorized_of(registration) -> dict:
    return {
        **verified_person(
            identification=registration.authorized_identification,
            identification_type=registration.authorized_id_type,
            employer=False,
        ),
        "employer_identification": registration.employer_identification,
    }


def test_an_unverified_code_is_refused(path, agency, clave):
    person = {**verified_person(), "verification_id": None}
    refused(
        lambda: book(agency, clave, person),
        code="not_verified",
        message="primero verifique su correo electrónico",
    )
    stale = verified_person(now=NOW - datetime.timedelta(hours=2))
    refused(
        lambda: book(agency, clave, stale),
        code="not_verified",
        message="primero verifique su correo electrónico",
    )


def test_a_procedure_the_agency_does_not_serve_is_refused(path, agency, clave):
    other = AgencyFactory(procedure_types=[])
    refused(
        lambda: book(other, clave, verified_person()),
        code="not_bookable",
        message="La agencia elegida no atiende este trámite",
    )


@pytest.mark.parametrize(
    "starts_at, message",
    [
        (local(2026, 12, 7, 10, 0), "ya no se puede reservar"),  # inside the lead
        (local(2026, 12, 8, 8, 7), "El horario elegido no es válido"),
        (local(2026, 12, 12, 9, 0), "La agencia no atiende ese día"),  # Saturday
        (local(2026, 12, 30, 9, 0), "todavía no está abierto"),
    ],
)
def test_an_hour_that_cannot_be_booked_is_refused(
    path, agency, clave, starts_at, message
):
    refused(
        lambda: book(agency, clave, verified_person(), starts_at=starts_at),
        code="not_bookable",
        message=message,
    )


def test_a_closed_day_is_refused(path, agency, clave):
    AgencyClosure.objects.create(agency=agency, date=TUESDAY_8.date(), reason="Obras")
    refused(
        lambda: book(agency, clave, verified_person()),
        code="not_bookable",
        message="La agencia no atiende ese día",
    )


@pytest.mark.parametrize("closes_in_hours", [6, -1])  # taking applications, drawing
def test_a_day_given_by_draw_is_refused_until_it_is_drawn(
    path, agency, clave, closes_in_hours
):
    draw = Draw.objects.create(
        agency=agency,
        day=TUESDAY_8.date(),
        opens_at=NOW - datetime.timedelta(days=1),
        closes_at=NOW + datetime.timedelta(hours=closes_in_hours),
        seed="0" * 64,
        seed_hash="0" * 64,
    )
    refused(
        lambda: book(agency, clave, verified_person()),
        code="not_bookable",
        message="Ese día se asigna por sorteo",
    )
    Draw.objects.filter(pk=draw.pk).update(status="REALIZADO")
    assert book(agency, clave, verified_person()).status == TurnStatus.RESERVADO


def test_a_holder_the_registration_does_not_name_is_refused(
    path, agency, clave, registration, django_user_model
):
    stranger = verified_person(employer=False)
    for employer in ("", "1790012345001", registration.employer_identification):
        refused(
            lambda employer=employer: book(
                agency, clave, {**stranger, "employer_identification": employer}
            ),
            code="not_named",
            message="No podemos reservar un turno de Clave patronal",
        )
    power = PowerOfAttorney.objects.create(
        registration=registration,
        province=registration.province,
        notary="Notaría Tercera",
        deed_number="2026-17-01-03-P09999",
        granted_on=datetime.date(2026, 10, 5),
        apoderado_names="Luis Alberto Ortiz",
        apoderado_id_type="CEDULA",
        apoderado_identification=stranger["identification"],
        status="RECHAZADO",
        recorded_by=django_user_model.objects.create_user("servidor", is_staff=True),
    )
    refused(
        lambda: book(agency, clave, for_employer(stranger, registration)),
        code="not_named",
        message="No podemos reservar un turno de Clave patronal",
    )
    registration.status = "ANULADO"
    registration.save(update_fields=["status"])
    PowerOfAttorney.objects.filter(pk=power.pk).update(status="PENDIENTE")
    refused(
        lambda: book(agency, clave, for_employer(stranger, registration)),
        code="not_named",
        message="No podemos reservar un turno de Clave patronal",
    )


def test_an_active_turn_of_the_person_or_the_employer_is_refused(
    path, agency, clave, registration
):
    person = verified_person()
    first = TurnFactory(
        agency=agency,
        identification=person["identification"],
        procedure_type=clave,
    )
    refused(
        lambda: book(agency, clave, person),
        code="active_turn",
        message="Ya existe un turno con esta identificación",
    )
    first.status = TurnStatus.CANCELADO
    first.save(update_fields=["status"])
    TurnFactory(
        agency=agency,
        procedure_type=clave,
        employer_identification=registration.employer_identification,
    )
    representative = verified_person(
        identification=registration.rep_identification, employer=False
    )
    refused(
        lambda: book(agency, clave, for_employer(representative, registration)),
        code="active_turn",
        message="Ya existe un turno con esta identificación",
    )


def test_without_the_employers_mailbox_the_booking_is_refused(
    path, agency, clave, registration
):
    stranger = {
        **verified_person(
            identification=registration.rep_identification, employer=False
        ),
        "employer_identification": registration.employer_identification,
    }
    refused(
        lambda: book(agency, clave, stranger),
        code="employer_proof",
        message="escriba el código que enviamos al correo de su registro",
    )
    refused(  # the representative's numbers are public: they cannot even wait
        lambda: book(agency, clave, stranger, employer_pending=True),
        code="employer_proof",
        message="El representante legal reserva con el código",
    )
    authorized = authorized_of(registration)
    EmployerBlock.objects.create(
        employer_identification=registration.employer_identification,
        identification="0000000000",
        mailbox=authorized["email"],  # blocked by its mailbox
        until=NOW + datetime.timedelta(days=30),
    )
    refused(
        lambda: book(agency, clave, authorized, employer_pending=True),
        code="employer_blocked",
        message="El empleador pidió que no se reserven turnos",
    )
    EmployerBlock.objects.update(
        identification=authorized["identification"], mailbox="otro@correo.ec"
    )
    refused(  # and by its number
        lambda: book(agency, clave, authorized, employer_pending=True),
        code="employer_blocked",
        message="El empleador pidió que no se reserven turnos",
    )
    EmployerBlock.objects.update(until=NOW)  # a block that ended blocks nothing
    turn = book(agency, clave, authorized, employer_pending=True)
    assert turn.status == TurnStatus.POR_CONFIRMAR


def test_a_full_slot_is_refused(path, agency, clave):
    agency.capacity_per_slot = 1
    agency.save(update_fields=["capacity_per_slot"])
    book(agency, clave, verified_person())
    refused(
        lambda: book(agency, clave, verified_person()),
        code="sin_disponibilidad",
        message="ese horario se quedó sin disponibilidad",
    )
    assert Slot.objects.get().booked == 1


def rows(turn: Turn) -> dict:
    """The rows a booking wrote, as both paths must write them."""
    stored = Turn.objects.get(pk=turn.pk)
    event = AuditEvent.objects.get(
        action=AuditAction.TURNO_RESERVADO, target_id=str(turn.pk)
    )
    slot = Slot.objects.get(pk=stored.slot_id)
    return {
        "turn": {
            field: getattr(stored, field)
            for field in (
                "code",
                "slot_id",
                "procedure_type_id",
                "identification_type",
                "identification",
                "registration_id",
                "employer_identification",
                "holder_role",
                "holder_names",
                "email",
                "mobile",
                "status",
                "employer_confirm_until",
            )
        },
        "returned": {
            "code": turn.code,
            "slot_id": turn.slot.pk,
            "status": turn.status,
            "registration_id": turn.registration_id,
        },
        "slot": (slot.starts_at, slot.ends_at, slot.capacity, slot.booked, slot.held),
        "event": (event.target_type, event.actor_label, event.data),
        "version": AgencyCalendar.objects.get(agency=slot.agency_id).version,
    }


def test_a_reserved_turn_writes_the_same_rows(
    path, agency, clave, django_capture_on_commit_callbacks
):
    person = verified_person()
    with django_capture_on_commit_callbacks() as callbacks:
        turn = book(agency, clave, {**person, "email": " " + person["email"].upper()})
    written_rows = rows(turn)
    assert written_rows["turn"] == {
        **written_rows["returned"],
        "procedure_type_id": clave.pk,
        "identification_type": person["identification_type"],
        "identification": person["identification"],
        "registration_id": turn.registration_id,
        "employer_identification": person["employer_identification"],
        "holder_role": "REPRESENTANTE_LEGAL",
        "holder_names": f"Representante {person['identification']}",
        "email": person["email"],
        "mobile": person["mobile"],
        "status": TurnStatus.RESERVADO,
        "employer_confirm_until": None,
    }
    assert written_rows["slot"] == (TUESDAY_8, agency.slot_end(TUESDAY_8), 2, 1, 0)
    assert written_rows["event"] == (
        "appointments.turn",
        f"ciudadano {person['identification']}",
        {
            "agency": agency.pk,
            "procedure_type": clave.code,
            "starts_at": TUESDAY_8.isoformat(),
        },
    )
    assert written_rows["version"] == 1
    assert len(callbacks) >= 2  # the metric and the second calendar bump, on commit


def test_a_turn_waiting_for_the_employer_writes_the_same_rows(
    path, agency, clave, registration, settings
):
    authorized = authorized_of(registration)
    turn = book(agency, clave, authorized, employer_pending=True)
    written_rows = rows(turn)
    assert written_rows["turn"]["status"] == TurnStatus.POR_CONFIRMAR
    assert written_rows["turn"]["holder_role"] == "TERCERO_AUTORIZADO"
    assert written_rows["turn"]["holder_names"] == registration.authorized_names
    assert written_rows["turn"]["registration_id"] == registration.pk
    hold = datetime.timedelta(hours=settings.TURNOS_EMPLOYER_CONFIRM_HOURS)
    until = written_rows["turn"]["employer_confirm_until"]
    assert until == min(NOW + hold, TUESDAY_8)
    assert written_rows["event"][2]["procedure_type"] == clave.code
    assert written_rows["slot"][3:] == (1, 0)


def test_the_statement_is_one_round_trip_for_the_rules_and_the_writes(
    agency, clave, settings
):
    if not ON_POSTGRESQL:
        pytest.skip("the one statement is PostgreSQL's path")
    settings.TURNOS_BOOKING_STATEMENT = True
    person = verified_person()
    with CaptureQueriesContext(connection) as queries:
        turn = book(agency, clave, person)
    statements = [
        query["sql"]
        for query in queries.captured_queries
        if "SAVEPOINT" not in query["sql"]  # the booking's own transaction
    ]
    assert len(statements) == 1
    for write in ("appointments_slot", "appointments_turn", "audit_auditevent"):
        assert f"INSERT INTO {write}" in statements[0]
    assert rows(turn)["version"] == 1
    assert booking_statement.statement_path_on()


def person_at(email: str, identification: str) -> dict:
    """A verified person at `email` (as typed)."""
    person = verified_person(identification=identification, employer=False)
    EmailVerification.objects.filter(pk=person["verification_id"]).update(
        email=email.strip().lower()
    )
    return {**person, "email": email}


def test_the_mailbox_is_compared_as_the_mailbox_it_reaches(
    path, agency, clave, django_user_model
):
    """Case, a +tag, Gmail's dots and googlemail.com reach the same mailbox: the
    statement computes the registration's mailbox key as mailbox_key does."""
    registration = employer_of(cedula(990001), email="Empleador.Uno@Gmail.com")
    person = {
        **person_at(
            " empleadoruno+turnos@googlemail.com", registration.rep_identification
        ),
        "employer_identification": registration.employer_identification,
    }
    assert book(agency, clave, person).status == TurnStatus.RESERVADO
    other = employer_of(cedula(990002), email="ana.maria@correo.ec")
    person = {
        **person_at("anamaria@correo.ec", other.rep_identification),
        "employer_identification": other.employer_identification,
    }
    refused(  # dots count outside Gmail
        lambda: book(agency, clave, person),
        code="employer_proof",
        message="escriba el código que enviamos al correo de su registro",
    )


def test_a_stamped_apoderado_needs_no_mailbox(
    path, agency, clave, registration, django_user_model
):
    apoderado = {
        **verified_person(employer=False),
        "employer_identification": registration.employer_identification,
    }
    PowerOfAttorney.objects.create(
        registration=registration,
        province=registration.province,
        notary="Notaría Tercera",
        deed_number="2026-17-01-03-P09998",
        granted_on=datetime.date(2026, 10, 5),
        apoderado_names="Luis Alberto Ortiz",
        apoderado_id_type="CEDULA",
        apoderado_identification=apoderado["identification"],
        recorded_by=django_user_model.objects.create_user("servidor", is_staff=True),
    )
    refused(  # on file, not stamped: named, but the mailbox must back it
        lambda: book(agency, clave, apoderado),
        code="employer_proof",
        message="escriba el código que enviamos al correo de su registro",
    )
    PowerOfAttorney.objects.update(
        status="SELLADO",
        stamp_code="SELLO-1",
        reviewed_by=django_user_model.objects.create_user("delegado", is_staff=True),
        reviewed_at=NOW,
    )
    turn = book(agency, clave, apoderado)
    assert (turn.status, turn.holder_role, turn.holder_names) == (
        TurnStatus.RESERVADO,
        "APODERADO",
        "Luis Alberto Ortiz",
    )


@pytest.mark.parametrize("statement", [True, False])
def test_the_employers_own_booking_displaces_a_waiting_turn(
    agency, clave, registration, settings, statement
):
    """The statement names «displace» and the ORM path cancels the waiting turn
    first: the same outcome on both settings."""
    settings.TURNOS_BOOKING_STATEMENT = statement
    waiting = book(agency, clave, authorized_of(registration), employer_pending=True)
    owner = for_employer(
        verified_person(identification=registration.rep_identification, employer=False),
        registration,
    )
    turn = book(agency, clave, owner, starts_at=TUESDAY_8 + datetime.timedelta(hours=1))
    waiting.refresh_from_db()
    assert (turn.status, waiting.status) == (TurnStatus.RESERVADO, TurnStatus.CANCELADO)
    assert sorted(Slot.objects.values_list("booked", flat=True)) == [0, 1]


def test_a_failure_after_the_statement_takes_everything_back(
    path, agency, clave, monkeypatch
):
    """The confirmation task fails after the seat, the turn, its event and the
    calendar version were written: none of them stays."""
    book(agency, clave, verified_person())
    before = written()

    def enqueue_fails(**kwargs):
        raise RuntimeError("the task could not be enqueued")

    monkeypatch.setattr(turn_writes, "turn_confirmation_enqueue", enqueue_fails)
    monkeypatch.setattr(booking_statement, "turn_confirmation_enqueue", enqueue_fails)
    with pytest.raises(RuntimeError):
        book(agency, clave, verified_person())
    assert written() == before
