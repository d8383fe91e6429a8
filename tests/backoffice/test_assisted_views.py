"""«Turno asistido» in the back office: the counter and the phone line book for a
person in a few steps, each officer in their scope; the desk serves the turn as any
other; administrators see each officer's count. The rules themselves are tested
in tests/appointments/test_assisted.py; here, that the screens apply them."""

import datetime
import io
import re

import pypdf
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from clavepatronal.appointments.constants import TurnChannel, TurnStatus
from clavepatronal.appointments.models import Turn, TurnApplication
from clavepatronal.appointments.services.assisted import Assisted
from clavepatronal.appointments.services.booking import turn_book
from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.models import AuditEvent
from clavepatronal.backoffice.constants import Role
from clavepatronal.backoffice.services.staff import staff_create
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.employers.selectors import email_masked
from clavepatronal.notifications.constants import VerificationPurpose
from clavepatronal.notifications.models import EmailVerification
from tests.appointments.conftest import cedula
from tests.appointments.factories import TurnFactory
from tests.employers.factories import CEDULA_REP, RUC_SOCIEDAD

from .conftest import client_for, local_today

pytestmark = pytest.mark.django_db

COUNTER_CEDULA = cedula(880_001)
PHONE_CEDULA = cedula(880_002)
MAILBOX = "empleador@ejemplo.ec"
START = reverse("backoffice:assisted_start")
CODE = reverse("backoffice:assisted_code")
SCHEDULE = reverse("backoffice:assisted_schedule")
REPORT = reverse("backoffice:assisted_report")


def officer(username, role, *, identification="", agency=None):
    return staff_create(
        username=username,
        password="una-clave-del-personal-larga",
        first_name=username.split(".")[0].title(),
        last_name="Prueba",
        email=f"{username}@iess.gob.ec",
        role=role,
        agency=agency,
        identification=identification,
    ).user


@pytest.fixture
def counter_officer(quito):
    return officer(
        "ventanilla.quito", Role.SERVIDOR, identification=COUNTER_CEDULA, agency=quito
    )


@pytest.fixture
def phone_officer():
    return officer("linea.telefono", Role.TELEFONO, identification=PHONE_CEDULA)


@pytest.fixture
def at_counter(counter_officer):
    return client_for(counter_officer)


@pytest.fixture
def on_phone(phone_officer):
    return client_for(phone_officer)


def who(**changes) -> dict:
    """The first step for the registration's legal representative, without e-mail."""
    return {
        "tramite": "clave-patronal",
        "identification_type": "CEDULA",
        "identification": CEDULA_REP,
        "employer": RUC_SOCIEDAD,
        "email": "",
        "mobile": "",
        "document_seen": "on",
        **changes,
    }


def first_hour(client) -> tuple[str, str]:
    """The day and first free hour the schedule offers (a day in order of arrival)."""
    page = client.get(SCHEDULE)
    assert page.status_code == 200
    selected = page.context["selected"]
    assert not selected.takes_applications
    return selected.date.isoformat(), selected.slots[0].value


def book_through_the_screens(client, **changes):
    assert client.post(START, who(**changes)).url == SCHEDULE
    day, hour = first_hour(client)
    return client.post(SCHEDULE, {"dia": day, "inicio": hour})


def test_the_counter_books_in_steps_and_prints_the_confirmation(
    at_counter, counter_officer, quito, registration, django_capture_on_commit_callbacks
):
    page = at_counter.get(START)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Vi el documento original" in html and quito.name in html
    assert 'name="agencia"' not in html  # the counter's agency is fixed
    with django_capture_on_commit_callbacks(execute=True):
        done = book_through_the_screens(at_counter)
    turn = Turn.objects.get()
    assert done.url == reverse("backoffice:assisted_turn", args=[turn.code])
    assert (turn.channel, turn.booked_by, turn.slot.agency) == (
        TurnChannel.VENTANILLA,
        counter_officer,
        quito,
    )
    assert turn.status == TurnStatus.RESERVADO and turn.email == ""
    assert [m.to for m in mail.outbox] == [[MAILBOX]]  # the employer's notice only
    result = at_counter.get(done.url)
    text = result.content.decode()
    assert turn.code_display in text and "Imprimir confirmación" in text
    assert 'src="data:image/svg+xml' in text  # the QR
    printed = at_counter.get(reverse("backoffice:assisted_turn_pdf", args=[turn.code]))
    assert printed["Content-Type"] == "application/pdf"
    pdf_text = " ".join(
        pypdf.PdfReader(io.BytesIO(printed.content)).pages[0].extract_text().split()
    )
    assert turn.code_display in pdf_text
    # The session forgets the person once booked.
    assert at_counter.get(SCHEDULE).url == START


def test_the_counter_refuses_without_the_document_ticked(at_counter, registration):
    response = at_counter.post(START, who(document_seen=""))
    assert response.status_code == 400
    assert "Vea el documento de identidad original" in response.content.decode()
    assert at_counter.get(SCHEDULE).url == START  # nothing carried forward
    assert not Turn.objects.exists()


def test_the_counter_books_only_at_its_own_agency(
    at_counter, quito, guayaquil, registration
):
    # A posted agency is not a field of the counter's form: its own agency holds.
    response = book_through_the_screens(at_counter, agencia=str(guayaquil.pk))
    assert response.status_code == 302
    assert Turn.objects.get().slot.agency == quito


def test_an_officer_cannot_book_for_themselves(quito, registration):
    own = officer(
        "ventanilla.propia", Role.SERVIDOR, identification=CEDULA_REP, agency=quito
    )
    response = client_for(own).post(START, who())
    assert response.status_code == 400
    assert "No puede reservar un turno asistido para usted mismo" in (
        response.content.decode()
    )


def test_an_officer_without_a_cedula_on_record_is_told_so_plainly(quito):
    bare = officer("ventanilla.sin.cedula", Role.SERVIDOR, agency=quito)
    client = client_for(bare)
    page = client.get(START)
    assert page.status_code == 403
    assert "Su cuenta no tiene registrada su cédula" in page.content.decode()
    assert client.post(START, who()).status_code == 403
    assert not Turn.objects.exists()


def test_a_person_the_registration_does_not_name_is_refused(at_counter, registration):
    response = at_counter.post(START, who(identification=cedula(4321)))
    assert response.status_code == 400
    assert "Registro nuevo empleador activo" in response.content.decode()


def test_bad_input_says_what_to_fix_and_saves_nothing(at_counter, registration):
    response = at_counter.post(
        START, who(identification="123", email="no-es-correo", employer="")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Escriba un correo válido" in html
    assert "Escriba el RUC (o la cédula) del empleador." in html
    assert 'class="error-summary"' in html
    assert not Turn.objects.exists()


def test_one_active_turn_per_person_and_employer(at_counter, quito, registration):
    TurnFactory(agency=quito, held_by=registration)
    response = at_counter.post(START, who())
    assert response.status_code == 400
    assert "ya tiene un turno activo" in response.content.decode()
    assert Turn.objects.count() == 1


def test_the_daily_limit_is_said_on_the_hour_page(
    at_counter, counter_officer, quito, registration, settings
):
    settings.TURNOS_ASSISTED_DAILY_LIMIT = 1
    TurnFactory(
        agency=quito,
        channel=TurnChannel.VENTANILLA,
        booked_by=counter_officer,
    )
    response = book_through_the_screens(at_counter)
    assert response.status_code == 400
    assert "Llegó al límite de 1 turnos y solicitudes" in response.content.decode()
    assert Turn.objects.count() == 1


def code_from_mail() -> str:
    (message,) = [m for m in mail.outbox if m.to == [MAILBOX]]
    return re.search(r"^\s+(\d{6})\s*$", message.body, re.M).group(1)


def test_the_phone_line_sends_the_code_to_the_registration_and_books_anywhere(
    on_phone, phone_officer, guayaquil, registration, commit_per_request
):
    page = on_phone.get(START)
    assert 'name="agencia"' in page.content.decode()
    assert "document_seen" not in page.content.decode()
    step = on_phone.post(START, who(agencia=str(guayaquil.pk), document_seen=""))
    assert step.url == CODE
    assert on_phone.get(SCHEDULE).url == CODE  # no hours without the code
    page = on_phone.get(CODE)
    assert email_masked(MAILBOX) in page.content.decode()
    on_phone.post(CODE, {"accion": "enviar"})
    code = code_from_mail()
    # The mail says the caller reads it to the officer, never that the IESS
    # never asks for it by phone; and that the IESS never calls to ask for it.
    body = mail.outbox[-1].body
    assert "dicte este código al servidor que lo atiende" in body
    assert "El IESS nunca lo llamará para pedirle este código" in body
    assert "nunca le pedirá este código por teléfono" not in body
    wrong = "000000" if code != "000000" else "111111"
    refused = on_phone.post(CODE, {"accion": "codigo", "code": wrong})
    assert refused.status_code == 400
    assert "El código no es correcto" in refused.content.decode()
    assert on_phone.post(CODE, {"accion": "codigo", "code": code}).url == SCHEDULE
    day, hour = first_hour(on_phone)
    done = on_phone.post(SCHEDULE, {"dia": day, "inicio": hour})
    turn = Turn.objects.get()
    assert done.url == reverse("backoffice:assisted_turn", args=[turn.code])
    assert (turn.channel, turn.booked_by, turn.slot.agency) == (
        TurnChannel.TELEFONO,
        phone_officer,
        guayaquil,
    )


def test_an_expired_code_is_refused_by_phone(on_phone, guayaquil, registration):
    on_phone.post(START, who(agencia=str(guayaquil.pk)))
    on_phone.post(CODE, {"accion": "enviar"})
    EmailVerification.objects.update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = on_phone.post(CODE, {"accion": "codigo", "code": "123456"})
    assert response.status_code == 400
    assert "venció" in response.content.decode()
    assert on_phone.get(SCHEDULE).url == CODE


def test_the_phone_line_files_an_application_on_a_drawn_day(
    on_phone, phone_officer, guayaquil, registration
):
    from clavepatronal.appointments.allocation import seed_hash
    from clavepatronal.appointments.models import Draw
    from clavepatronal.appointments.selectors import slot_calendar

    now = timezone.now()
    day = slot_calendar(agency=guayaquil, now=now)[-1].date
    Draw.objects.create(
        agency=guayaquil,
        day=day,
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(hours=1),
        seed="0" * 64,
        seed_hash=seed_hash("0" * 64),
    )
    on_phone.post(START, who(agencia=str(guayaquil.pk)))
    proof = EmailVerification.objects.create(
        purpose=VerificationPurpose.EMPLEADOR_TURNO,
        subject=RUC_SOCIEDAD,
        email=MAILBOX,
        salt="0" * 32,
        code_hash="0" * 64,
        expires_at=now + datetime.timedelta(minutes=10),
        used_at=now,
    )
    session = on_phone.session
    session["backoffice_asistido"] = {
        **session["backoffice_asistido"],
        "employer_proof_id": proof.pk,
    }
    session.save()
    page = on_phone.get(SCHEDULE, {"dia": day.isoformat()})
    assert page.context["selected"].takes_applications
    done = on_phone.post(
        SCHEDULE, {"dia": day.isoformat(), "hora_1": "08:00", "cualquier_hora": "on"}
    )
    application = TurnApplication.objects.get()
    assert done.url == reverse("backoffice:assisted_application", args=[application.pk])
    assert (application.channel, application.filed_by) == (
        TurnChannel.TELEFONO,
        phone_officer,
    )
    assert "Seudónimo en el sorteo" in on_phone.get(done.url).content.decode()


def test_result_pages_belong_to_the_officer_who_booked(
    at_counter, counter_officer, quito, registration
):
    book_through_the_screens(at_counter)
    turn = Turn.objects.get()
    colleague = officer(
        "ventanilla.colega", Role.SERVIDOR, identification=cedula(5), agency=quito
    )
    other = client_for(colleague)
    assert (
        other.get(reverse("backoffice:assisted_turn", args=[turn.code])).status_code
        == 404
    )
    assert (
        other.get(reverse("backoffice:assisted_turn_pdf", args=[turn.code])).status_code
        == 404
    )


def test_the_desk_serves_an_assisted_turn_as_any_other(
    as_servidor, counter_officer, quito, registration
):
    from clavepatronal.appointments.selectors import working_day_next
    from tests.appointments.factories import SlotFactory

    day = working_day_next(day=timezone.localdate())
    turn = turn_book(
        verification_id=None,
        identification_type="CEDULA",
        identification=CEDULA_REP,
        email="",
        mobile="",
        agency=quito,
        procedure_type=quito.procedure_types.get(code="clave-patronal"),
        starts_at=timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(10, 0))
        ),
        employer_identification=RUC_SOCIEDAD,
        assisted=Assisted(
            channel=TurnChannel.VENTANILLA,
            officer=counter_officer,
            officer_identification=COUNTER_CEDULA,
            agency_id=quito.pk,
            document_seen=True,
        ),
    )
    # The day comes (the turn is moved to tonight): the desk finds and serves it.
    tonight = SlotFactory(agency=quito, starts_at=local_today(23, 40))
    Turn.objects.filter(pk=turn.pk).update(slot=tonight)
    desk = as_servidor.get(reverse("backoffice:turn", args=[turn.code]))
    assert "En ventanilla, por un servidor" in desk.content.decode()
    arrived = as_servidor.post(
        reverse("backoffice:arrival", args=[turn.code]),
        {"presented_id_type": "CEDULA", "presented_identification": CEDULA_REP},
    )
    assert arrived.status_code == 302
    turn.refresh_from_db()
    assert turn.status == TurnStatus.EN_ESPERA


def test_the_report_counts_each_officers_turns_and_applications_by_channel(
    as_admin, counter_officer, phone_officer, quito, settings
):
    settings.TURNOS_ASSISTED_DAILY_LIMIT = 3
    now = timezone.now()
    for officer_, channel, days_ago in (
        (counter_officer, TurnChannel.VENTANILLA, 0),
        (counter_officer, TurnChannel.VENTANILLA, 0),
        (counter_officer, TurnChannel.VENTANILLA, 3),
        (counter_officer, TurnChannel.VENTANILLA, 20),
        (counter_officer, TurnChannel.VENTANILLA, 45),  # out of every period
        (phone_officer, TurnChannel.TELEFONO, 0),
    ):
        turn = TurnFactory(agency=quito, channel=channel, booked_by=officer_)
        Turn.objects.filter(pk=turn.pk).update(
            created=now - datetime.timedelta(days=days_ago)
        )
    response = as_admin.get(REPORT)
    assert response.status_code == 200
    rows = {row.officer: row for row in response.context["rows"]}
    assert rows[counter_officer].lines == [("En ventanilla", [2, 0, 3, 0, 4, 0])]
    assert rows[phone_officer].lines == [("Por teléfono", [1, 0, 1, 0, 1, 0])]
    assert rows[counter_officer].counts.today == 2
    html = response.content.decode()
    assert "2 de 3" in html and "1 de 3" in html
    assert "a lo sumo 3 por día" in html


def test_only_administrators_see_the_report(at_counter, on_phone, as_delegado, client):
    for staff in (at_counter, on_phone, as_delegado):
        assert staff.get(REPORT).status_code == 403
    assert client.get(REPORT).status_code == 302  # to the staff login


def test_only_officers_who_book_for_people_open_turno_asistido(as_admin, as_delegado):
    assert as_admin.get(START).status_code == 403
    assert as_delegado.get(START).status_code == 403


def test_the_home_page_links_what_each_role_may_do(at_counter, on_phone, as_admin):
    home = reverse("backoffice:home")
    for staff in (at_counter, on_phone):
        html = staff.get(home).content.decode()
        assert START in html and REPORT not in html
    html = as_admin.get(home).content.decode()
    assert REPORT in html and START not in html


def test_writes_need_the_csrf_token(counter_officer, registration):
    client = client_for(counter_officer)
    client.handler.enforce_csrf_checks = True
    assert client.post(START, who()).status_code == 403
    assert not Turn.objects.exists()


def test_the_service_refuses_what_the_screens_never_send(counter_officer, quito):
    """A second line behind the form: the counter's agency is the service's rule."""
    assisted = Assisted(
        channel=TurnChannel.VENTANILLA,
        officer=counter_officer,
        officer_identification=COUNTER_CEDULA,
        agency_id=quito.pk + 1000,
        document_seen=True,
    )
    with pytest.raises(ApplicationError):
        assisted.require(agency=quito, identification=CEDULA_REP)


def test_booking_is_audited_with_the_officer_and_channel(
    at_counter, counter_officer, registration
):
    book_through_the_screens(at_counter)
    event = AuditEvent.objects.get(action=AuditAction.TURNO_RESERVADO)
    assert event.actor == counter_officer
    assert event.data["channel"] == TurnChannel.VENTANILLA


def test_the_staff_service_keeps_the_officers_cedula_compact_and_refuses_a_bad_one(
    quito,
):
    typed = f"{COUNTER_CEDULA[:2]}-{COUNTER_CEDULA[2:]}"
    user = officer(
        "ventanilla.guion", Role.SERVIDOR, identification=typed, agency=quito
    )
    assert user.staff_profile.identification == COUNTER_CEDULA
    with pytest.raises(ApplicationError, match="verificador"):
        officer(
            "ventanilla.mala", Role.SERVIDOR, identification="1710034060", agency=quito
        )


def test_the_demo_officers_book_for_people_with_their_own_cedula(capsys):
    from django.core.management import call_command

    from clavepatronal.backoffice.models import StaffProfile
    from clavepatronal.backoffice.services.demo import DEMO_IDENTIFICATIONS

    call_command("cargar_demo")
    assert "Atención telefónica, todas las agencias: usuario «telefono»" in (
        capsys.readouterr().out
    )
    profiles = StaffProfile.objects.filter(user__username__in=DEMO_IDENTIFICATIONS)
    assert {p.user.username: p.identification for p in profiles} == DEMO_IDENTIFICATIONS
    phone = profiles.get(user__username="telefono").user
    assert client_for(phone).get(START).status_code == 200
    # An officer an earlier demo made without a cédula gets it; nothing else changes.
    StaffProfile.objects.filter(user__username="servidor.quito").update(
        identification=""
    )
    call_command("cargar_demo")
    quito = StaffProfile.objects.get(user__username="servidor.quito")
    assert quito.identification == DEMO_IDENTIFICATIONS["servidor.quito"]
