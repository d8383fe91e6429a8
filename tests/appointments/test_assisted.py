"""Turno asistido (issue 27, item 1): an officer at an agency's counter or on the
phone line books for a person through the online booking services, with the
officer's proof instead of the person's e-mailed codes. Each rule here fails its
test when it breaks."""

import dataclasses
import datetime
import functools
import io

import pypdf
import pytest
import zxingcpp
from django.core import mail
from PIL import Image

from clavepatronal.appointments.constants import (
    ApplicationStatus,
    TurnChannel,
    TurnStatus,
)
from clavepatronal.appointments.documents import turn_pdf
from clavepatronal.appointments.models import Slot, Turn, TurnApplication
from clavepatronal.appointments.selectors.assisted import assisted_made_today
from clavepatronal.appointments.services import (
    draw_notify,
    draw_run,
    draws_prepare,
    turn_confirmation_send,
    turn_link_resend,
    turn_reminders_send,
)
from clavepatronal.appointments.services.applications import application_file
from clavepatronal.appointments.services.assisted import Assisted
from clavepatronal.appointments.services.booking import ActiveTurnError, turn_book
from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.models import AuditEvent
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.identity.constants import IdentificationType

from .conftest import (
    NOW,
    cedula,
    employer_of,
    employer_proof,
    local,
    verified_person,
)
from .factories import AgencyFactory, TurnFactory

pytestmark = pytest.mark.django_db
TUESDAY_8 = local(2026, 12, 8, 8, 0)
TUESDAY_9 = local(2026, 12, 8, 9, 0)
OFFICER_CEDULA = cedula(990_001)
MAILBOX = "empleador@ejemplo.ec"  # RegistrationFactory's contact e-mail


@pytest.fixture
def officer(django_user_model):
    return django_user_model.objects.create_user(
        "servidor.prueba", password="Clave-de-prueba-2026", is_staff=True
    )


def at_counter(officer, agency, **changes) -> Assisted:
    """An officer of `agency`'s counter who saw the person's original document."""
    assisted = Assisted(
        channel=TurnChannel.VENTANILLA,
        officer=officer,
        officer_identification=OFFICER_CEDULA,
        agency_id=agency.pk,
        document_seen=True,
    )
    return dataclasses.replace(assisted, **changes)


def by_phone(officer, **changes) -> Assisted:
    assisted = Assisted(
        channel=TurnChannel.TELEFONO,
        officer=officer,
        officer_identification=OFFICER_CEDULA,
    )
    return dataclasses.replace(assisted, **changes)


def represented(registration, **changes) -> dict:
    """turn_book's person: the registration's legal representative, at the counter
    or on the phone, without e-mail nor mobile."""
    return {
        "verification_id": None,
        "identification_type": IdentificationType.CEDULA,
        "identification": registration.rep_identification,
        "email": "",
        "mobile": "",
        "employer_identification": registration.employer_identification,
        **changes,
    }


def book(agency, clave, person, assisted, starts_at=TUESDAY_8, **extra) -> Turn:
    return turn_book(
        **person,
        agency=agency,
        procedure_type=clave,
        starts_at=starts_at,
        assisted=assisted,
        now=NOW,
        **extra,
    )


def refused(call, code: str) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        call()
    assert caught.value.extra.get("code") == code, caught.value.message
    assert not Turn.objects.exists() and not TurnApplication.objects.exists()
    assert sum(Slot.objects.values_list("booked", flat=True)) == 0
    return caught.value


def mails_to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def test_the_counter_books_a_reserved_turn_for_a_person_without_email(
    agency, clave, registration, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        turn = book(
            agency, clave, represented(registration), at_counter(officer, agency)
        )
    stored = Turn.objects.get()
    assert stored == turn and stored.status == TurnStatus.RESERVADO
    assert (stored.channel, stored.booked_by) == (TurnChannel.VENTANILLA, officer)
    assert (stored.email, stored.mobile) == ("", "")
    assert stored.registration == registration
    assert Slot.objects.get().booked == 1
    # Nothing to the person (no address); the registration's notice, with its link.
    (notice,) = mail.outbox
    assert notice.to == [MAILBOX]
    assert notice.subject == "Aviso: un turno a nombre de su empresa — IESS"
    assert "/turnos/empleador/" in notice.body
    assert "por un servidor del IESS, que vio el documento" in notice.body
    assert "Correo de quien lo pidió" not in notice.body  # the person gave none
    event = AuditEvent.objects.get(action=AuditAction.TURNO_RESERVADO)
    assert (event.actor, event.actor_label) == (officer, "servidor.prueba")
    assert event.data["channel"] == TurnChannel.VENTANILLA
    assert event.data["agency"] == agency.pk


def test_a_person_with_email_gets_the_confirmation_and_the_employer_its_notice(
    agency, clave, registration, officer, django_capture_on_commit_callbacks
):
    # Even the registration's own address, typed at the counter, proves nothing
    # the officer did not: the notice with «No fui yo» goes anyway.
    person = represented(registration, email="Empleador@Ejemplo.ec")
    with django_capture_on_commit_callbacks(execute=True):
        turn = book(agency, clave, person, at_counter(officer, agency))
    assert turn.email == MAILBOX
    subjects = sorted(m.subject for m in mails_to(MAILBOX))
    assert subjects == [
        "Aviso: un turno a nombre de su empresa — IESS",
        "Confirmación del Turno en Línea — IESS",
    ]
    (confirmation,) = [m for m in mail.outbox if m.subject.startswith("Confirm")]
    assert [name for name, _content, _type in confirmation.attachments] == [
        f"turno-{turn.code}.pdf",
        f"turno-{turn.code}.ics",
    ]


def test_the_counter_needs_the_original_document_seen(
    agency, clave, registration, officer
):
    assisted = at_counter(officer, agency, document_seen=False)
    error = refused(
        lambda: book(agency, clave, represented(registration), assisted),
        "assisted_document",
    )
    assert "Vi el documento original" in error.message


def test_the_counter_books_only_at_its_own_agency(agency, clave, registration, officer):
    other = AgencyFactory(name="Agencia de prueba Cuenca")
    refused(
        lambda: book(
            other, clave, represented(registration), at_counter(officer, agency)
        ),
        "assisted_scope",
    )
    no_agency = at_counter(officer, agency, agency_id=None)
    refused(
        lambda: book(agency, clave, represented(registration), no_agency),
        "assisted_scope",
    )


def test_the_phone_line_books_at_any_agency_with_the_code_read_back(
    agency, clave, officer
):
    other = AgencyFactory(name="Agencia de prueba Cuenca")
    turns = []
    for place, registration in (
        (agency, employer_of(cedula(1))),
        (other, employer_of(cedula(2))),
    ):
        proof = employer_proof(registration)
        turns.append(
            book(
                place,
                clave,
                represented(registration),
                by_phone(officer),
                employer_proof_id=proof,
            )
        )
    assert [t.slot.agency for t in turns] == [agency, other]
    assert {(t.status, t.channel) for t in turns} == {
        (TurnStatus.RESERVADO, TurnChannel.TELEFONO)
    }


def test_by_phone_only_the_code_of_the_registration_mailbox_proves_the_employer(
    agency, clave, registration, officer
):
    person = represented(registration)
    phone = by_phone(officer)
    refused(lambda: book(agency, clave, person, phone), "employer_proof")
    # An address the caller says is the employer's proves nothing: nobody verified it.
    refused(
        lambda: book(agency, clave, {**person, "email": MAILBOX}, phone),
        "employer_proof",
    )
    other = employer_of(cedula(3))
    for wrong in (
        employer_proof(other),  # another employer's code
        employer_proof(registration, now=NOW - datetime.timedelta(hours=2)),  # stale
    ):
        refused(
            lambda wrong=wrong: book(
                agency, clave, person, phone, employer_proof_id=wrong
            ),
            "employer_proof",
        )
    unread = employer_proof(registration)
    from clavepatronal.notifications.models import EmailVerification

    EmailVerification.objects.filter(pk=unread).update(used_at=None)  # never typed
    refused(
        lambda: book(agency, clave, person, phone, employer_proof_id=unread),
        "employer_proof",
    )
    proof = employer_proof(registration)
    turn = book(agency, clave, person, phone, employer_proof_id=proof)
    assert turn.status == TurnStatus.RESERVADO


def test_an_officer_never_books_for_themselves(agency, clave, officer):
    registration = employer_of(OFFICER_CEDULA)
    typed = f"{OFFICER_CEDULA[:2]}-{OFFICER_CEDULA[2:6]} {OFFICER_CEDULA[6:]}"
    refused(
        lambda: book(
            agency,
            clave,
            represented(registration, identification=typed),
            at_counter(officer, agency),
        ),
        "assisted_self",
    )


def test_an_officer_without_a_cedula_on_record_books_nothing(
    agency, clave, registration, officer
):
    error = refused(
        lambda: book(
            agency,
            clave,
            represented(registration),
            at_counter(officer, agency, officer_identification=""),
        ),
        "assisted_no_identification",
    )
    assert "no tiene registrada su cédula" in error.message


def test_the_person_must_be_named_by_the_active_registration(
    agency, clave, registration, officer
):
    stranger = represented(registration, identification=cedula(777))
    refused(
        lambda: book(agency, clave, stranger, at_counter(officer, agency)),
        "not_named",
    )


def test_one_active_turn_per_person_and_per_employer(
    agency, clave, registration, officer
):
    counter = at_counter(officer, agency)
    first = book(agency, clave, represented(registration), counter)
    with pytest.raises(ActiveTurnError):
        book(agency, clave, represented(registration), counter, starts_at=TUESDAY_9)
    # The authorized person of the same employer: one clave turn per employer.
    authorized = represented(
        registration,
        identification_type=IdentificationType.PASAPORTE,
        identification=registration.authorized_identification,
    )
    with pytest.raises(ActiveTurnError):
        book(agency, clave, authorized, counter, starts_at=TUESDAY_9)
    # An online turn counts the same: its person gets no second one here.
    online = verified_person()
    turn_book(
        **online, agency=agency, procedure_type=clave, starts_at=TUESDAY_9, now=NOW
    )
    with pytest.raises(ActiveTurnError):
        book(
            agency,
            clave,
            represented(
                registration,
                identification=online["identification"],
                employer_identification=online["employer_identification"],
            ),
            counter,
            starts_at=local(2026, 12, 8, 10, 0),
        )
    assert Turn.objects.count() == 2 and first.status == TurnStatus.RESERVADO


def test_the_same_hours_and_seats_as_online(agency, clave, registration, officer):
    counter = at_counter(officer, agency)
    refused(
        lambda: book(
            agency,
            clave,
            represented(registration),
            counter,
            starts_at=local(2026, 12, 7, 10, 0),  # within the 120-minute lead
        ),
        "not_bookable",
    )
    Slot.objects.create(
        agency=agency,
        starts_at=TUESDAY_8,
        ends_at=agency.slot_end(TUESDAY_8),
        capacity=2,
        booked=2,
    )
    with pytest.raises(ApplicationError) as full:
        book(agency, clave, represented(registration), counter)
    assert full.value.extra["code"] == "sin_disponibilidad"
    assert not Turn.objects.exists()


def test_an_assisted_booking_never_takes_the_one_statement_path(
    agency, clave, registration, officer, monkeypatch, settings
):
    from clavepatronal.appointments.services import booking

    settings.TURNOS_BOOKING_STATEMENT = True

    def statement(**kwargs):
        raise AssertionError("the one statement books online turns only")

    monkeypatch.setattr(booking, "turn_book_statement", statement)
    turn = book(agency, clave, represented(registration), at_counter(officer, agency))
    assert Turn.objects.get(pk=turn.pk).booked_by == officer


def test_the_daily_limit_counts_turns_and_applications_per_officer_and_day(
    agency, clave, officer, django_user_model, settings
):
    settings.TURNOS_ASSISTED_DAILY_LIMIT = 2
    registrations = [employer_of(cedula(n)) for n in (11, 12)]
    counter = at_counter(officer, agency)
    for hour, registration in zip((8, 9), registrations, strict=True):
        book(
            agency,
            clave,
            represented(registration),
            counter,
            starts_at=local(2026, 12, 8, hour, 0),
        )
    third = employer_of(cedula(13))
    error = refused_keeping(
        lambda: book(agency, clave, represented(third), counter, starts_at=TUESDAY_9),
        "assisted_limit",
    )
    assert "límite de 2 turnos y solicitudes asistidos por día" in error.message
    # Another officer still books; the next day, this one again.
    other = django_user_model.objects.create_user("otro.servidor", is_staff=True)
    book(
        agency,
        clave,
        represented(third),
        dataclasses.replace(counter, officer=other),
        starts_at=TUESDAY_9,
    )
    Turn.objects.filter(booked_by=officer).update(
        created=Turn.objects.get(booked_by=other).created - datetime.timedelta(days=1)
    )
    fourth = employer_of(cedula(14))
    book(
        agency, clave, represented(fourth), counter, starts_at=local(2026, 12, 8, 11, 0)
    )
    assert Turn.objects.filter(booked_by=officer).count() == 3


def refused_keeping(call, code: str) -> ApplicationError:
    """Refused, and nothing more written than before."""
    before = (Turn.objects.count(), TurnApplication.objects.count())
    with pytest.raises(ApplicationError) as caught:
        call()
    assert caught.value.extra.get("code") == code, caught.value.message
    assert (Turn.objects.count(), TurnApplication.objects.count()) == before
    return caught.value


def drawn_day(agency) -> dict:
    """Tuesday's window for 21 December at a sorteo agency."""
    agency.allocation_mode = "SORTEO"
    agency.save()
    (draw,) = draws_prepare(now=NOW)
    return {
        "draw": draw,
        "filing": dict(
            agency=agency,
            procedure_type=agency.procedure_types.get(),
            day=datetime.date(2026, 12, 21),
            hours=["08:00"],
            any_hour=True,
            now=local(2026, 12, 8, 10, 0),
        ),
    }


def test_on_a_drawn_day_the_officer_files_an_application_for_the_draw(
    agency, clave, registration, officer, django_capture_on_commit_callbacks
):
    day = drawn_day(agency)
    filing = day["filing"]
    proof = employer_proof(registration, now=filing["now"])
    with pytest.raises(ApplicationError, match="se asigna por sorteo"):
        turn_book(
            **represented(registration),
            agency=agency,
            procedure_type=clave,
            starts_at=local(2026, 12, 21, 8, 0),
            assisted=by_phone(officer),
            employer_proof_id=proof,
            now=filing["now"],
        )
    with django_capture_on_commit_callbacks(execute=True):
        application = application_file(
            **represented(registration),
            **filing,
            employer_proof_id=proof,
            assisted=by_phone(officer),
        )
    stored = TurnApplication.objects.get()
    assert stored == application and stored.status == ApplicationStatus.PENDIENTE
    assert (stored.channel, stored.filed_by) == (TurnChannel.TELEFONO, officer)
    (notice,) = mail.outbox  # no receipt without an address; the employer's notice
    assert notice.to == [MAILBOX] and "sorteo" in notice.subject
    event = AuditEvent.objects.get(action=AuditAction.SOLICITUD_REGISTRADA)
    assert (event.actor, event.data["channel"]) == (officer, TurnChannel.TELEFONO)
    # The draw gives it a turn; without an address, nobody is mailed and nothing fails.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        draw = draw_run(draw_id=day["draw"].pk, now=local(2026, 12, 8, 19, 0))
        draw_notify(draw_id=draw.pk)
    stored.refresh_from_db()
    assert stored.status == ApplicationStatus.ASIGNADA and stored.turn is not None
    assert not [m for m in mail.outbox if m.to == [""]]
    # The turn it won was made by phone, by that officer (the statistics count it
    # there), and counts once towards the officer's day: as the application.
    assert (stored.turn.channel, stored.turn.booked_by) == (
        TurnChannel.TELEFONO,
        officer,
    )
    made = assisted_made_today(officer=officer, now=stored.turn.created)
    assert made == 1


def test_an_officers_application_is_announced_even_to_the_address_typed(
    agency, clave, registration, officer, django_capture_on_commit_callbacks
):
    """The registration's own address, typed at the counter, proves nothing the
    officer did not: its notice with «No fui yo» goes anyway."""
    filing = drawn_day(agency)["filing"]
    person = represented(registration, email="Empleador@Ejemplo.ec")
    with django_capture_on_commit_callbacks(execute=True):
        application_file(**person, **filing, assisted=at_counter(officer, agency))
    subjects = [m.subject for m in mails_to(MAILBOX)]
    assert "Aviso: una solicitud de sorteo a nombre de su empresa — IESS" in subjects


def test_an_application_needs_the_same_proof_and_counts_for_the_limit(
    agency, registration, officer, settings
):
    settings.TURNOS_ASSISTED_DAILY_LIMIT = 1
    filing = drawn_day(agency)["filing"]
    refused(
        lambda: application_file(
            **represented(registration), **filing, assisted=by_phone(officer)
        ),
        "employer_proof",
    )
    refused(
        lambda: application_file(
            **represented(registration),
            **filing,
            assisted=at_counter(officer, agency, document_seen=False),
        ),
        "assisted_document",
    )
    application_file(
        **represented(registration), **filing, assisted=at_counter(officer, agency)
    )
    other = employer_of(cedula(21))
    refused_keeping(
        lambda: application_file(
            **represented(other), **filing, assisted=at_counter(officer, agency)
        ),
        "assisted_limit",
    )


def test_mails_skip_a_turn_without_an_address(
    agency, officer, django_capture_on_commit_callbacks
):
    blank = TurnFactory(
        agency=agency,
        starts_at=TUESDAY_8,
        email="",
        channel=TurnChannel.VENTANILLA,
        booked_by=officer,
    )
    reachable = TurnFactory(agency=agency, starts_at=TUESDAY_9)
    with django_capture_on_commit_callbacks(execute=True):
        turn_confirmation_send(turn_id=blank.pk)
        assert turn_reminders_send(now=NOW) == 1  # Tuesday's turns, the day before
        assert turn_link_resend(turn=blank) is False
    assert [m.to for m in mail.outbox] == [[reachable.email]]
    blank.refresh_from_db()
    assert blank.reminder_sent_at is None


def test_a_turn_without_an_address_can_be_cancelled_and_refused_by_the_employer(
    agency, clave, registration, officer, django_capture_on_commit_callbacks
):
    """Cancelling it (the desk, the portal) and the employer's «No fui yo» each
    mail its person: without an address nothing goes to them, and no error."""
    from clavepatronal.appointments.services.employer import turn_not_me
    from clavepatronal.appointments.services.transitions import turn_cancel

    with django_capture_on_commit_callbacks(execute=True):
        first = book(
            agency, clave, represented(registration), at_counter(officer, agency)
        )
        turn_cancel(turn=first, now=NOW)
        second = book(
            agency,
            clave,
            represented(registration),
            at_counter(officer, agency),
            starts_at=TUESDAY_9,
        )
        turn_not_me(turn=second, now=NOW)
    statuses = set(Turn.objects.values_list("status", flat=True))
    assert statuses == {TurnStatus.CANCELADO}
    assert all(message.to == [MAILBOX] for message in mail.outbox)


def test_the_printed_confirmation_carries_the_code_the_qr_and_the_channel(
    agency, clave, registration, officer
):
    turn = book(agency, clave, represented(registration), at_counter(officer, agency))
    page = pypdf.PdfReader(io.BytesIO(turn_pdf(turn=turn))).pages[0]
    text = " ".join(page.extract_text().split())
    # Its title is not «en Línea» (the requirements still list that confirmation).
    assert "Página 1 Confirmación del Turno Presente esta confirmación" in text
    assert turn.code_display in text and "En ventanilla" in text
    (image,) = page.images
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.data)))
    assert [code.text for code in decoded] == [turn.code]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_bookings_by_one_officer_at_the_limit_cannot_both_pass(
    agency, clave, django_user_model, settings
):
    """Each round, one officer one booking short of the limit books for two people
    at once, each in its own connection: the officer's locked row lets one count
    the other's turn (on PostgreSQL; SQLite writes one transaction at a time)."""
    from .test_concurrency import race

    settings.TURNOS_ASSISTED_DAILY_LIMIT = 1
    for round_ in range(6):
        officer = django_user_model.objects.create_user(f"servidor.{round_}")
        counter = at_counter(officer, agency)
        jobs = [
            functools.partial(
                book,
                agency,
                clave,
                represented(employer_of(cedula(100 + 2 * round_ + n))),
                counter,
                starts_at=local(2026, 12, 9, 8 + round_, 20 * n),
            )
            for n in (0, 1)
        ]
        results = race(jobs)
        booked = [r for r in results if isinstance(r, Turn)]
        limited = [
            r
            for r in results
            if isinstance(r, ApplicationError)
            and r.extra.get("code") == "assisted_limit"
        ]
        assert (len(booked), len(limited)) == (1, 1), results
        assert Turn.objects.filter(booked_by=officer).count() == 1
