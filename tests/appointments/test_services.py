"""Booking, cancelling, rescheduling, reminders, the turn's files and its link."""

import datetime
import io

import pypdf
import pytest
import zxingcpp
from django.core import mail, signing
from django.core.management import call_command
from icalendar import Calendar
from PIL import Image

from clavepatronal.appointments.constants import TurnStatus
from clavepatronal.appointments.documents import turn_ics, turn_pdf
from clavepatronal.appointments.models import AgencyClosure, Slot, Turn
from clavepatronal.appointments.selectors import (
    turn_from_link,
    turn_link_token,
    turns_due_reminder,
)
from clavepatronal.appointments.services import (
    ActiveTurnError,
    NoAvailabilityError,
    turn_book,
    turn_cancel,
    turn_reminders_send,
    turn_reschedule,
)
from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.models import AuditEvent
from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.employers.models import PowerOfAttorney
from tests.employers.factories import RegistrationFactory

from .conftest import GYE, NOW, for_employer, local, verified_person
from .factories import AgencyFactory, TurnFactory

pytestmark = pytest.mark.django_db
TUESDAY_8 = local(2026, 12, 8, 8, 0)


def book(agency, procedure_type, starts_at=TUESDAY_8, person=None, now=NOW):
    return turn_book(
        **(person or verified_person()),
        agency=agency,
        procedure_type=procedure_type,
        starts_at=starts_at,
        now=now,
    )


def test_booking_takes_one_seat_and_mails_the_confirmation_with_pdf_and_ics(
    agency, clave, django_capture_on_commit_callbacks
):
    person = verified_person()  # its registration's mail is not the turn's
    with django_capture_on_commit_callbacks(execute=True):
        turn = book(agency, clave, person=person)
    assert turn.status == TurnStatus.RESERVADO
    assert len(turn.code) == 10 and turn.code.isalnum() and turn.code.isupper()
    assert turn.slot.booked == 1 and turn.slot.capacity == 2
    assert turn.slot.ends_at == local(2026, 12, 8, 8, 20)
    assert AuditEvent.objects.filter(
        action=AuditAction.TURNO_RESERVADO, target_id=str(turn.pk)
    ).exists()
    (message,) = [m for m in mail.outbox if m.to == [turn.email]]
    assert message.subject == "Confirmación del Turno en Línea — IESS"
    assert turn.code_display in message.body
    assert "martes 8 de diciembre de 2026, de 08:00 a 08:20" in message.body
    assert f"/turnos/turno/{turn_link_token(turn=turn)}/" in message.body
    names = [name for name, _content, _type in message.attachments]
    assert names == [f"turno-{turn.code}.pdf", f"turno-{turn.code}.ics"]
    parts = [part for part in message.message().walk() if part.get_filename()]
    assert [part["Content-Type"] for part in parts] == [
        "application/pdf",
        'text/calendar; charset="utf-8"',
    ]


def test_turn_codes_are_unguessable_and_typeable(agency, clave):
    codes = {book(agency, clave, starts_at=local(2026, 12, 8, 9, 0)).code}
    codes.add(book(agency, clave, starts_at=local(2026, 12, 8, 9, 0)).code)
    assert len(codes) == 2
    for code in codes:
        assert not set(code) & set("ILOU")


def test_a_full_slot_says_sin_disponibilidad(agency, clave):
    book(agency, clave)
    book(agency, clave)
    with pytest.raises(NoAvailabilityError, match="sin disponibilidad"):
        book(agency, clave)
    slot = Slot.objects.get(agency=agency, starts_at=TUESDAY_8)
    assert slot.booked == 2
    assert Turn.objects.filter(slot=slot).count() == 2


def test_one_active_turn_per_person_and_procedure(agency, clave):
    person = verified_person()
    first = book(agency, clave, person=person)
    with pytest.raises(ActiveTurnError) as raised:
        book(agency, clave, starts_at=local(2026, 12, 9, 8, 0), person=person)
    assert raised.value.turn == first
    assert not Slot.objects.filter(booked__gt=0).exclude(pk=first.slot_id).exists()
    # Another procedure of the catalogue is a separate turn.
    other = ProcedureType.objects.get(code="certificados-empleador")
    agency.procedure_types.add(other)
    assert book(agency, other, person=person).procedure_type == other


def test_the_database_refuses_a_second_reserved_turn_even_without_the_check(
    agency, clave
):
    from django.db import IntegrityError, transaction

    first = book(agency, clave)
    twin = TurnFactory.build(
        slot=first.slot,
        procedure_type=clave,
        identification_type=first.identification_type,
        identification=first.identification,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_the_database_refuses_more_seats_than_capacity(agency, clave):
    from django.db import IntegrityError, transaction
    from django.db.models import F

    turn = book(agency, clave)
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.filter(pk=turn.slot_id).update(booked=F("capacity") + 1)


def test_an_agency_that_does_not_handle_the_procedure_is_refused(agency):
    other = ProcedureType.objects.get(code="reclamos-aportes")
    with pytest.raises(ApplicationError, match="no atiende este trámite"):
        book(agency, other)


@pytest.mark.parametrize(
    "spoil",
    [
        "no_verification",
        "unused",
        "other_identification",
        "other_email",
        "stale",
        "other_purpose",
    ],
)
def test_booking_without_a_verified_email_is_refused(agency, clave, spoil):
    from clavepatronal.notifications.models import EmailVerification

    person = verified_person()
    verification = EmailVerification.objects.get(pk=person["verification_id"])
    if spoil == "no_verification":
        person["verification_id"] = None
    elif spoil == "unused":
        verification.used_at = None
    elif spoil == "other_identification":
        person["identification"] = verified_person()["identification"]
    elif spoil == "other_email":
        person["email"] = "otra@correo.ec"
    elif spoil == "stale":
        verification.used_at = NOW - datetime.timedelta(minutes=61)
    elif spoil == "other_purpose":
        verification.purpose = "REGISTRO_EMPLEADOR"
    verification.save()
    with pytest.raises(ApplicationError, match="verifique su correo") as raised:
        book(agency, clave, person=person)
    assert raised.value.extra["code"] == "not_verified"
    assert not Turn.objects.exists()
    assert not Slot.objects.filter(booked__gt=0).exists()


def test_cancel_frees_the_seat_at_once(
    agency, clave, django_capture_on_commit_callbacks
):
    person = verified_person()
    turn = book(agency, clave, person=person)
    book(agency, clave)
    with django_capture_on_commit_callbacks(execute=True):
        turn_cancel(turn=turn, now=NOW)
    turn.refresh_from_db()
    assert turn.status == TurnStatus.CANCELADO and turn.cancelled_at == NOW
    assert Slot.objects.get(pk=turn.slot_id).booked == 1
    assert mail.outbox[-1].subject == "Turno IESS cancelado"
    assert AuditEvent.objects.filter(action=AuditAction.TURNO_CANCELADO).count() == 1
    # The seat is bookable again, and the person may book again.
    book(agency, clave, person=person)
    assert Slot.objects.get(pk=turn.slot_id).booked == 2
    with pytest.raises(ApplicationError, match="ya no se puede cancelar"):
        turn_cancel(turn=turn, now=NOW)


def test_a_turn_that_started_cannot_be_cancelled(agency, clave):
    turn = book(agency, clave)
    with pytest.raises(ApplicationError):
        turn_cancel(turn=turn, now=TUESDAY_8)
    assert Slot.objects.get(pk=turn.slot_id).booked == 1


def test_reschedule_moves_the_one_turn_and_the_old_link_dies(
    agency, clave, django_capture_on_commit_callbacks
):
    turn = book(agency, clave)
    old_token = turn_link_token(turn=turn)
    new_start = local(2026, 12, 10, 15, 0)
    with django_capture_on_commit_callbacks(execute=True):
        moved = turn_reschedule(turn=turn, starts_at=new_start, now=NOW)
    assert moved.pk == turn.pk and moved.code == turn.code
    assert moved.slot.starts_at == new_start
    assert Slot.objects.get(starts_at=TUESDAY_8).booked == 0
    assert Slot.objects.get(starts_at=new_start).booked == 1
    assert Turn.objects.count() == 1
    assert turn_from_link(token=old_token, now=NOW) is None
    assert turn_from_link(token=turn_link_token(turn=moved), now=NOW) == moved
    assert mail.outbox[-1].subject == "Confirmación del Turno en Línea — IESS"
    assert "jueves 10 de diciembre de 2026, de 15:00 a 15:20" in mail.outbox[-1].body


def test_reschedule_to_a_full_slot_keeps_the_turn_where_it_was(agency, clave):
    turn = book(agency, clave)
    full = local(2026, 12, 9, 8, 0)
    book(agency, clave, starts_at=full)
    book(agency, clave, starts_at=full)
    with pytest.raises(NoAvailabilityError):
        turn_reschedule(turn=turn, starts_at=full, now=NOW)
    turn.refresh_from_db()
    assert turn.slot.starts_at == TUESDAY_8
    assert Slot.objects.get(starts_at=TUESDAY_8).booked == 1
    assert Slot.objects.get(starts_at=full).booked == 2


def test_reschedule_refuses_a_holiday_and_a_cancelled_turn(agency, clave):
    now = local(2026, 12, 14, 9, 0)
    turn = book(
        agency,
        clave,
        starts_at=local(2026, 12, 18, 8, 0),
        person=verified_person(now=now),
        now=now,
    )
    with pytest.raises(ApplicationError, match="no atiende ese día"):
        turn_reschedule(turn=turn, starts_at=local(2026, 12, 25, 9, 0), now=now)
    turn_cancel(turn=turn, now=now)
    with pytest.raises(ApplicationError, match="ya no se puede reprogramar"):
        turn_reschedule(turn=turn, starts_at=local(2026, 12, 17, 9, 0), now=now)


def test_the_link_is_signed_and_valid_until_the_turn_starts(agency, clave):
    turn = book(agency, clave)
    token = turn_link_token(turn=turn)
    assert turn_link_token(turn=turn) == token  # the same link in every e-mail
    assert turn_from_link(token=token, now=NOW) == turn
    forged = signing.Signer(salt="otra-cosa").sign_object([turn.code, turn.slot_id])
    assert turn_from_link(token=forged, now=NOW) is None
    assert turn_from_link(token=token, now=TUESDAY_8 - datetime.timedelta(seconds=1))
    assert turn_from_link(token=token, now=TUESDAY_8) is None
    assert turn_from_link(token=token[:-2] + "xx", now=NOW) is None
    assert turn_from_link(token="nada", now=NOW) is None
    turn_cancel(turn=turn, now=NOW)
    assert turn_from_link(token=token, now=NOW) is None


def test_the_pdf_carries_the_confirmation_and_a_qr_of_the_turn_code(agency, clave):
    turn = book(agency, clave)
    reader = pypdf.PdfReader(io.BytesIO(turn_pdf(turn=turn)))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for expected in [
        "Confirmación del Turno en Línea",
        turn.code_display,
        agency.name,
        agency.address,
        "Registro Único de Contribuyentes (RUC)",
        "poder notarizado",
    ]:
        assert expected in " ".join(text.split()), expected
    (image,) = reader.pages[0].images
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.data)))
    assert [code.text for code in decoded] == [turn.code]


def test_the_ics_is_a_calendar_event_at_the_agency_in_guayaquil_time(agency, clave):
    turn = book(agency, clave)
    calendar = Calendar.from_ical(turn_ics(turn=turn))
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == TUESDAY_8
    assert event.decoded("dtstart").utcoffset() == datetime.timedelta(hours=-5)
    assert event.decoded("dtend") == local(2026, 12, 8, 8, 20)
    assert turn.code_display in str(event["summary"])
    assert agency.address in str(event["location"])
    assert str(event["uid"]).startswith(f"turno-{turn.code}@")
    assert calendar.walk("VTIMEZONE")


def test_reminders_go_the_working_day_before_and_never_twice(
    agency, clave, django_capture_on_commit_callbacks
):
    friday = local(2026, 12, 11, 18, 0)
    monday = book(agency, clave, starts_at=local(2026, 12, 14, 9, 0))
    tuesday = book(agency, clave, starts_at=local(2026, 12, 15, 9, 0))
    thursday = local(2026, 12, 10, 18, 0)
    assert list(turns_due_reminder(now=thursday)) == []
    assert list(turns_due_reminder(now=friday)) == [monday]
    with django_capture_on_commit_callbacks(execute=True):
        assert turn_reminders_send(now=friday) == 1
        assert turn_reminders_send(now=friday) == 0
        assert turn_reminders_send(now=local(2026, 12, 14, 7, 0)) == 1
    reminders = [m for m in mail.outbox if m.subject.startswith("Recordatorio")]
    assert [m.to for m in reminders] == [[monday.email], [tuesday.email]]
    monday.refresh_from_db()
    assert monday.reminder_sent_at == friday
    assert (
        AuditEvent.objects.filter(action=AuditAction.TURNO_RECORDATORIO_ENVIADO).count()
        == 2
    )


def test_the_reminder_command_sends_and_reports(agency, clave, capsys):
    from django.utils import timezone

    now = timezone.now()
    person = verified_person(now=now)
    from clavepatronal.appointments.selectors import slot_calendar, working_day_next

    target = working_day_next(day=timezone.localtime(now).date())
    days = {day.date: day for day in slot_calendar(agency=agency, now=now)}
    if target not in days:
        pytest.skip("el próximo día hábil no está en la ventana de reserva")
    turn_book(
        **person,
        agency=agency,
        procedure_type=clave,
        starts_at=days[target].slots[-1].starts_at,
        now=now,
    )
    call_command("enviar_recordatorios")
    call_command("enviar_recordatorios")
    output = capsys.readouterr().out
    assert "Recordatorios enviados: 1" in output
    assert "Recordatorios enviados: 0" in output


def test_a_rescheduled_turn_is_reminded_again_for_its_new_day(agency, clave):
    turn = book(agency, clave, starts_at=local(2026, 12, 8, 9, 0))
    assert turn_reminders_send(now=NOW) == 1
    turn_reschedule(turn=turn, starts_at=local(2026, 12, 10, 9, 0), now=NOW)
    assert turn_reminders_send(now=local(2026, 12, 9, 18, 0)) == 1


def test_guayaquil_helper_is_utc_minus_five():
    assert NOW.utcoffset() == datetime.timedelta(hours=-5)
    assert GYE.key == "America/Guayaquil"


NOT_NAMED = "No podemos reservar un turno de Clave patronal con estos datos"


def test_a_clave_turn_needs_an_employer_whose_registration_names_the_person(
    agency, clave
):
    stranger = verified_person(employer=False)
    registration = RegistrationFactory()
    for employer in ("", "1790012345001", registration.employer_identification):
        with pytest.raises(ApplicationError, match=NOT_NAMED):
            book(
                agency, clave, person={**stranger, "employer_identification": employer}
            )
    assert not Turn.objects.exists()
    assert sum(Slot.objects.values_list("booked", flat=True)) == 0


def test_the_representative_the_authorized_person_and_an_apoderado_may_book(
    agency, clave, django_user_model
):
    registration = RegistrationFactory()
    ruc = registration.employer_identification
    representative = verified_person(
        identification=registration.rep_identification, employer=False
    )
    turn = book(agency, clave, person=for_employer(representative, registration))
    assert (turn.registration, turn.employer_identification) == (registration, ruc)
    assert turn.holder_role == "REPRESENTANTE_LEGAL"
    assert turn.holder_names == registration.rep_names
    turn_cancel(turn=turn, now=NOW)
    authorized = verified_person(
        identification=registration.authorized_identification,
        identification_type=registration.authorized_id_type,
        employer=False,
    )
    turn = book(agency, clave, person=for_employer(authorized, registration))
    assert turn.holder_role == "TERCERO_AUTORIZADO"
    turn_cancel(turn=turn, now=NOW)
    apoderado = verified_person(employer=False)
    with pytest.raises(ApplicationError, match=NOT_NAMED):
        book(agency, clave, person=for_employer(apoderado, registration))
    PowerOfAttorney.objects.create(
        registration=registration,
        province=registration.province,
        notary="Notaría Tercera",
        deed_number="2026-17-01-03-P09999",
        granted_on=datetime.date(2026, 10, 5),
        apoderado_names="Luis Alberto Ortiz",
        apoderado_id_type="CEDULA",
        apoderado_identification=apoderado["identification"],
        recorded_by=django_user_model.objects.create_user("servidor", is_staff=True),
    )
    turn = book(agency, clave, person=for_employer(apoderado, registration))
    assert turn.holder_role == "APODERADO" and turn.holder_names == "Luis Alberto Ortiz"


def test_one_number_holds_one_turn_whatever_the_document_type(agency, clave):
    first = book(agency, clave)
    again = verified_person(
        identification=first.identification,
        identification_type="PASAPORTE",
        employer=False,
    )
    with pytest.raises(ActiveTurnError):
        book(
            agency,
            clave,
            starts_at=TUESDAY_8 + datetime.timedelta(hours=1),
            person={**again, "employer_identification": first.employer_identification},
        )
    assert Turn.objects.count() == 1


def test_a_day_the_agency_closed_is_refused_and_another_agencys_closure_is_not(
    agency, clave
):
    other = AgencyFactory(name="Agencia de prueba Quito Sur")
    AgencyClosure.objects.create(agency=other, date=TUESDAY_8.date(), reason="Obras")
    book(agency, clave)  # only the other agency is closed that day
    AgencyClosure.objects.create(agency=agency, date=TUESDAY_8.date(), reason="Obras")
    with pytest.raises(ApplicationError, match="no atiende ese día"):
        book(agency, clave)
    assert Turn.objects.count() == 1
