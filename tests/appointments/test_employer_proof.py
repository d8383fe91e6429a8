"""Issue 32: public numbers (the RUC, the representative's name and cédula) prove
nothing; the registration's mailbox does. A clave turn is RESERVADO only when that
mailbox backs it, waits POR_CONFIRMAR for the employer otherwise, and every turn
made in an employer's name is announced there with «No fui yo»."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from clavepatronal.appointments.constants import TurnStatus
from clavepatronal.appointments.models import (
    Draw,
    EmployerBlock,
    Slot,
    Turn,
    TurnApplication,
)
from clavepatronal.appointments.selectors import employer_link_token
from clavepatronal.appointments.services import (
    application_file,
    draws_prepare,
    employer_proof_start,
    turn_book,
    turn_cancel,
    turn_employer_confirm,
    turn_not_me,
    turn_reschedule,
    turns_unconfirmed_release,
)
from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.models import AuditEvent
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.employers.models import PowerOfAttorney
from clavepatronal.notifications.models import EmailVerification
from clavepatronal.notifications.services import email_verification_confirm
from tests.employers.factories import RegistrationFactory

from .conftest import NOW, employer_proof, for_employer, local, verified_person

pytestmark = pytest.mark.django_db
TUESDAY_8 = local(2026, 12, 8, 8, 0)
WEDNESDAY_9 = local(2026, 12, 9, 9, 0)


@pytest.fixture
def registration():
    """A company whose contact e-mail is empleador@ejemplo.ec; its representative's
    cédula and name are public (the SRI's records)."""
    return RegistrationFactory()


@pytest.fixture
def stranger(registration):
    """Someone who typed the representative's cédula and the RUC, with a mailbox
    of their own that they verified."""
    return {
        **verified_person(
            identification=registration.rep_identification, employer=False
        ),
        "employer_identification": registration.employer_identification,
    }


@pytest.fixture
def authorized(registration):
    """The person of the Autorización de Retiro de Contraseña (not public), who
    does not read the employer's mailbox."""
    return {
        **verified_person(
            identification=registration.authorized_identification,
            identification_type=registration.authorized_id_type,
            employer=False,
        ),
        "employer_identification": registration.employer_identification,
    }


def book(agency, clave, person, starts_at=TUESDAY_8, now=NOW, **extra):
    return turn_book(
        **person,
        agency=agency,
        procedure_type=clave,
        starts_at=starts_at,
        now=now,
        **extra,
    )


def seats() -> int:
    return sum(Slot.objects.values_list("booked", flat=True))


def mails_to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def test_public_numbers_alone_hold_nothing(agency, clave, stranger):
    with pytest.raises(ApplicationError) as refused:
        book(agency, clave, stranger)
    assert refused.value.extra["code"] == "employer_proof"
    assert not Turn.objects.exists() and seats() == 0


def test_the_code_goes_to_the_registration_mailbox_and_proves_the_employer(
    agency, clave, stranger, registration, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        proof = employer_proof_start(
            registration=registration,
            identification=stranger["identification"],
            names="Juan Pérez",
        )
    (message,) = mails_to("empleador@ejemplo.ec")
    assert not mails_to(stranger["email"])  # never to whoever asks
    assert stranger["identification"] in message.body and "Juan Pérez" in message.body
    code = re.search(r"^\s+(\d{6})\s*$", message.body, re.M).group(1)
    email_verification_confirm(verification_id=proof.pk, code=code)
    # The booking below runs on the tests' clock (NOW): the code was used then.
    EmailVerification.objects.filter(pk=proof.pk).update(used_at=NOW)
    turn = book(agency, clave, stranger, employer_proof_id=proof.pk)
    assert turn.status == TurnStatus.RESERVADO and seats() == 1


def test_a_proof_for_another_employer_proves_nothing(agency, clave, stranger):
    other = RegistrationFactory(sector="PUBLICO")
    with pytest.raises(ApplicationError, match="código que enviamos al correo"):
        book(agency, clave, stranger, employer_proof_id=employer_proof(other))
    assert not Turn.objects.exists()


def test_a_stale_proof_proves_nothing(agency, clave, stranger, registration):
    old = employer_proof(registration, now=NOW - datetime.timedelta(hours=2))
    with pytest.raises(ApplicationError, match="código que enviamos al correo"):
        book(agency, clave, stranger, employer_proof_id=old)


def test_a_plus_alias_of_the_registration_mailbox_is_that_mailbox(
    agency, clave, registration
):
    person = verified_person(identification=registration.rep_identification)
    person = {
        **person,
        "employer_identification": registration.employer_identification,
    }
    # The person verified Empleador+turnos@ejemplo.ec: that is the employer's mailbox.
    EmailVerification.objects.filter(pk=person["verification_id"]).update(
        email="empleador+turnos@ejemplo.ec"
    )
    person["email"] = "empleador+turnos@ejemplo.ec"
    assert book(agency, clave, person).status == TurnStatus.RESERVADO


def test_waiting_for_the_employer_holds_the_seat_briefly_and_asks_the_mailbox(
    agency, clave, authorized, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        turn = book(agency, clave, authorized, employer_pending=True)
    assert turn.status == TurnStatus.POR_CONFIRMAR and seats() == 1
    assert turn.employer_confirm_until == NOW + datetime.timedelta(hours=6)
    assert not mails_to(authorized["email"])  # no confirmation PDF before the employer
    (notice,) = mails_to("empleador@ejemplo.ec")
    assert notice.subject == "Confirme el turno pedido a nombre de su empresa — IESS"
    assert f"/turnos/empleador/{employer_link_token(turn=turn)}/" in notice.body
    with django_capture_on_commit_callbacks(execute=True):
        turn_employer_confirm(turn=turn, now=NOW + datetime.timedelta(hours=1))
    turn.refresh_from_db()
    assert turn.status == TurnStatus.RESERVADO
    (confirmation,) = mails_to(authorized["email"])
    assert confirmation.subject == "Confirmación del Turno en Línea — IESS"
    assert AuditEvent.objects.filter(
        action=AuditAction.TURNO_CONFIRMADO_EMPLEADOR, target_id=str(turn.pk)
    ).exists()


def test_the_hold_never_outlasts_the_turn(agency, clave, authorized):
    soon = local(2026, 12, 7, 12, 0)  # three hours after NOW
    turn = book(agency, clave, authorized, starts_at=soon, employer_pending=True)
    assert turn.employer_confirm_until == soon


def test_an_unconfirmed_turn_gives_its_seat_back_once(agency, clave, authorized):
    turn = book(agency, clave, authorized, employer_pending=True)
    later = NOW + datetime.timedelta(hours=6)
    assert turns_unconfirmed_release(now=later - datetime.timedelta(seconds=1)) == 0
    assert turns_unconfirmed_release(now=later) == 1
    assert turns_unconfirmed_release(now=later) == 0
    turn.refresh_from_db()
    assert turn.status == TurnStatus.CANCELADO and seats() == 0
    with pytest.raises(ApplicationError, match="ya no espera su confirmación"):
        turn_employer_confirm(turn=turn, now=later)


def test_the_release_command_frees_what_was_not_confirmed(agency, clave, authorized):
    turn = book(
        agency,
        clave,
        authorized,
        employer_pending=True,
        now=NOW - datetime.timedelta(days=1),
    )
    call_command("turnos_por_confirmar")
    turn.refresh_from_db()
    assert turn.status == TurnStatus.CANCELADO


def test_a_waiting_turn_never_blocks_the_employer_itself(
    agency, clave, authorized, registration
):
    waiting = book(agency, clave, authorized, employer_pending=True)
    owner = for_employer(
        verified_person(identification=registration.rep_identification, employer=False),
        registration,
    )
    turn = book(agency, clave, owner, starts_at=WEDNESDAY_9)
    assert turn.status == TurnStatus.RESERVADO
    waiting.refresh_from_db()
    assert waiting.status == TurnStatus.CANCELADO
    assert seats() == 1  # the waiting turn's seat is free again


def test_one_waiting_turn_per_employer(agency, clave, authorized, registration):
    book(agency, clave, authorized, employer_pending=True)
    second = {
        **verified_person(
            identification=registration.authorized_identification,
            identification_type=registration.authorized_id_type,
            employer=False,
        ),
        "employer_identification": registration.employer_identification,
    }
    with pytest.raises(ApplicationError) as refused:
        book(agency, clave, second, starts_at=WEDNESDAY_9, employer_pending=True)
    assert refused.value.extra["code"] == "employer_waiting"
    assert Turn.objects.count() == 1 and seats() == 1


def test_the_representatives_public_numbers_cannot_even_wait(agency, clave, stranger):
    """Whoever types the representative's cédula (public) proves it with the
    mailbox: no seat held while waiting for a confirmation either."""
    with pytest.raises(ApplicationError, match="representante legal reserva"):
        book(agency, clave, stranger, employer_pending=True)
    assert not Turn.objects.exists() and seats() == 0


def apoderado_of(registration, django_user_model) -> dict:
    person = verified_person(employer=False)
    PowerOfAttorney.objects.create(
        registration=registration,
        province=registration.province,
        notary="Notaría Tercera",
        deed_number="2026-17-01-03-P09999",
        granted_on=datetime.date(2026, 10, 5),
        apoderado_names="Luis Alberto Ortiz",
        apoderado_id_type="CEDULA",
        apoderado_identification=person["identification"],
        recorded_by=django_user_model.objects.create_user("servidor", is_staff=True),
    )
    return {**person, "employer_identification": registration.employer_identification}


def test_no_fui_yo_cancels_and_blocks_that_person_and_mailbox(
    agency,
    clave,
    authorized,
    registration,
    django_user_model,
    django_capture_on_commit_callbacks,
):
    turn = book(agency, clave, authorized, employer_pending=True)
    with django_capture_on_commit_callbacks(execute=True):
        turn_not_me(turn=turn, now=NOW)
        turn_not_me(turn=turn, now=NOW)  # said twice: nothing more
    turn.refresh_from_db()
    assert turn.status == TurnStatus.CANCELADO and seats() == 0
    assert EmployerBlock.objects.count() == 1
    (told,) = mails_to(authorized["email"])
    assert "anulado" in told.subject
    event = AuditEvent.objects.get(action=AuditAction.TURNO_NO_FUI_YO)
    assert event.data["blocked_identification"] == authorized["identification"]
    # That person cannot wait for a confirmation any more...
    with pytest.raises(ApplicationError) as refused:
        book(agency, clave, authorized, employer_pending=True)
    assert refused.value.extra["code"] == "employer_blocked"
    # ...nor anyone else writing from an alias of the same mailbox...
    apoderado = apoderado_of(registration, django_user_model)
    alias = authorized["email"].replace("@", "+otra@")
    EmailVerification.objects.filter(pk=apoderado["verification_id"]).update(
        email=alias
    )
    with pytest.raises(ApplicationError, match="pidió que no se reserven"):
        book(agency, clave, {**apoderado, "email": alias}, employer_pending=True)
    # ...but with the code from the employer's mailbox they may (the employer chose).
    proof = employer_proof(registration)
    again = book(agency, clave, authorized, employer_proof_id=proof)
    assert again.status == TurnStatus.RESERVADO


def test_every_change_in_the_employers_name_is_announced_there(
    agency, clave, stranger, registration, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        turn = book(
            agency, clave, stranger, employer_proof_id=employer_proof(registration)
        )
        turn = turn_reschedule(turn=turn, starts_at=WEDNESDAY_9, now=NOW)
        turn_cancel(turn=turn, now=NOW)
    notices = mails_to("empleador@ejemplo.ec")
    assert [m.subject for m in notices] == [
        "Aviso: un turno a nombre de su empresa — IESS"
    ] * 3
    bodies = [m.body for m in notices]
    assert "reservó un turno" in bodies[0]
    assert "cambió la fecha" in bodies[1]
    assert "canceló un turno" in bodies[2]
    assert all("No fui yo" in body for body in bodies)


def test_no_notice_when_the_booker_reads_the_mailbox(
    agency, clave, django_capture_on_commit_callbacks
):
    person = verified_person()  # its registration's e-mail is its own
    with django_capture_on_commit_callbacks(execute=True):
        turn = book(agency, clave, person)
    assert [m.subject for m in mails_to(turn.email) if "Aviso" in m.subject] == []


def drawn_day(agency) -> dict:
    """Tuesday's window for 21 December at a sorteo agency: application_file's
    arguments but the person's."""
    agency.allocation_mode = "SORTEO"
    agency.save()
    draws_prepare(now=NOW)
    return dict(
        agency=agency,
        procedure_type=agency.procedure_types.get(),
        day=datetime.date(2026, 12, 21),
        hours=["08:00"],
        any_hour=False,
        now=local(2026, 12, 8, 10, 0),
    )


def applicant(registration, *, authorized=False) -> dict:
    if authorized:
        who = dict(
            identification=registration.authorized_identification,
            identification_type=registration.authorized_id_type,
        )
    else:
        who = dict(identification=registration.rep_identification)
    return {
        **verified_person(**who, employer=False, now=local(2026, 12, 8, 10, 0)),
        "employer_identification": registration.employer_identification,
    }


def test_an_employer_application_without_the_mailbox_is_refused(agency, registration):
    """A stranger with the representative's public numbers files nothing, not even
    an application waiting for the employer."""
    filing = drawn_day(agency)
    person = applicant(registration)
    for pending in (False, True):
        with pytest.raises(ApplicationError) as refused:
            application_file(**person, **filing, employer_pending=pending)
        assert refused.value.extra["code"] == "employer_proof"
    assert not TurnApplication.objects.exists()
    proof = employer_proof(registration, now=filing["now"])
    application = application_file(**person, **filing, employer_proof_id=proof)
    assert application.status == "PENDIENTE"


def test_a_waiting_application_enters_the_draw_only_once_confirmed(
    agency, registration, django_capture_on_commit_callbacks
):
    from clavepatronal.appointments.services import (
        application_employer_confirm,
        applications_unconfirmed_lapse,
    )

    filing = drawn_day(agency)
    with django_capture_on_commit_callbacks(execute=True):
        waiting = application_file(
            **applicant(registration, authorized=True), **filing, employer_pending=True
        )
    assert waiting.status == "POR_CONFIRMAR"
    draw = Draw.objects.get(agency=agency, day=filing["day"])
    assert waiting.employer_confirm_until == filing["now"] + datetime.timedelta(hours=6)
    assert waiting.employer_confirm_until <= draw.closes_at
    (notice,) = mails_to("empleador@ejemplo.ec")
    assert notice.subject.startswith("Confirme la solicitud de sorteo")
    assert not TurnApplication.objects.filter(status="PENDIENTE").exists()
    application_employer_confirm(
        application=waiting, now=filing["now"] + datetime.timedelta(hours=1)
    )
    waiting.refresh_from_db()
    assert waiting.status == "PENDIENTE"  # now it takes part
    # Another one, never confirmed, lapses (once).
    waiting.status = "CANCELADA"
    waiting.save()
    late = application_file(
        **applicant(registration, authorized=True), **filing, employer_pending=True
    )
    after = late.employer_confirm_until
    assert applications_unconfirmed_lapse(now=after - datetime.timedelta(1)) == 0
    assert applications_unconfirmed_lapse(now=after) == 1
    assert applications_unconfirmed_lapse(now=after) == 0
    late.refresh_from_db()
    assert late.status == "VENCIDA"


def test_the_employers_own_application_displaces_a_waiting_one(agency, registration):
    filing = drawn_day(agency)
    waiting = application_file(
        **applicant(registration, authorized=True), **filing, employer_pending=True
    )
    proof = employer_proof(registration, now=filing["now"])
    own = application_file(**applicant(registration), **filing, employer_proof_id=proof)
    waiting.refresh_from_db()
    assert own.status == "PENDIENTE" and waiting.status == "VENCIDA"


# --- through the pages


@pytest.fixture
def web(client, commit_per_request):
    return client


def at_the_proof_page(client, agency, *, authorized=False):
    """Someone verified their own mailbox and typed the RUC of an employer whose
    registration e-mail is another: its representative's cédula (public), or with
    `authorized` the cédula of its Autorización de Retiro de Contraseña."""
    from .conftest import employer_of
    from .test_views import CEDULA, choose_agency, identify, last_code, send_code

    registration = employer_of(CEDULA, email="empleador@empresa-real.ec")
    if authorized:
        identify(
            client,
            registration.authorized_identification,
            registration.authorized_id_type,
        )
    else:
        identify(client)
    send_code(client)  # representante@empresa.ec, the person's own
    client.post(reverse("appointments:verify"), {"code": last_code()})
    response = choose_agency(client, agency, email="empleador@empresa-real.ec")
    assert response.url == reverse("appointments:employer_proof")
    return response


def test_the_page_shows_the_mailbox_masked_and_mails_the_code_only_there(web, agency):
    at_the_proof_page(web, agency)
    page = web.get(reverse("appointments:employer_proof")).content.decode()
    assert "Confirmación del empleador" in page
    assert (
        "e********@empresa-real.ec" in page and "empleador@empresa-real.ec" not in page
    )
    # Skipping the step goes back to it.
    response = web.get(reverse("appointments:schedule"))
    assert response.url == reverse("appointments:employer_proof")
    before = len(mail.outbox)
    web.post(reverse("appointments:employer_proof"), {"accion": "enviar"})
    (message,) = mail.outbox[before:]
    assert message.to == ["empleador@empresa-real.ec"]
    wrong = web.post(
        reverse("appointments:employer_proof"), {"accion": "codigo", "code": "000000"}
    )
    assert "El código no es correcto" in wrong.content.decode()
    code = re.search(r"^\s+(\d{6})\s*$", message.body, re.M).group(1)
    response = web.post(
        reverse("appointments:employer_proof"), {"accion": "codigo", "code": code}
    )
    assert response.url == reverse("appointments:schedule")


def test_a_forged_proof_in_the_session_books_nothing(web, agency):
    from clavepatronal.appointments.constants import SESSION_KEY

    from .test_views import first_free

    at_the_proof_page(web, agency)
    session = web.session
    state = session[SESSION_KEY]
    state.update(
        employer_ok="codigo",
        employer_proof_id=state["verification_id"],  # the stranger's own code
        choice="turno",
        starts_at=first_free(agency).isoformat(),
    )
    session[SESSION_KEY] = state
    session.save()
    response = web.post(reverse("appointments:summary"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("appointments:employer_proof")
    assert "código que enviamos al correo" in response.content.decode()
    assert not Turn.objects.exists() and seats() == 0


def test_waiting_for_the_employer_through_the_pages(web, agency):
    from .test_views import first_free, inicio

    at_the_proof_page(web, agency, authorized=True)
    web.post(reverse("appointments:employer_proof"), {"accion": "esperar"})
    web.post(
        reverse("appointments:schedule_confirm"), {"inicio": inicio(first_free(agency))}
    )
    before = len(mail.outbox)
    response = web.post(reverse("appointments:summary"))
    turn = Turn.objects.get()
    assert turn.status == TurnStatus.POR_CONFIRMAR
    detail = web.get(response.url).content.decode()
    assert "Por confirmar del empleador" in detail
    assert "Descargar la confirmación (PDF)" not in detail
    pdf = web.get(response.url + "pdf/")
    assert pdf.status_code == 302  # no PDF before the employer confirms
    (notice,) = mail.outbox[before:]
    assert notice.to == ["empleador@empresa-real.ec"]
    link = re.search(r"http://\S+/turnos/empleador/\S+/", notice.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = Client().get("/" + path)  # the employer, in another browser
    assert "Confirmar que esta persona reserve por mi empresa" in page.content.decode()
    turn.refresh_from_db()
    assert turn.status == TurnStatus.POR_CONFIRMAR  # opening the link changes nothing
    Client().post("/" + path, {"accion": "confirmar"})
    turn.refresh_from_db()
    assert turn.status == TurnStatus.RESERVADO


def test_no_fui_yo_through_the_employers_link(web, agency):
    from .test_views import first_free, inicio

    at_the_proof_page(web, agency, authorized=True)
    web.post(reverse("appointments:employer_proof"), {"accion": "esperar"})
    web.post(
        reverse("appointments:schedule_confirm"), {"inicio": inicio(first_free(agency))}
    )
    web.post(reverse("appointments:summary"))
    turn = Turn.objects.get()
    path = reverse("appointments:employer_turn", args=[employer_link_token(turn=turn)])
    answer = Client().post(path, {"accion": "no_fui_yo"}, follow=True)
    assert "quedó anulado" in answer.content.decode()
    turn.refresh_from_db()
    assert turn.status == TurnStatus.CANCELADO and seats() == 0
    assert EmployerBlock.objects.filter(identification=turn.identification).exists()


def test_a_forged_employer_link_is_not_found(client):
    response = client.get(reverse("appointments:employer_turn", args=["nada:firmado"]))
    assert response.status_code == 404


def test_the_summary_says_the_turn_will_wait_for_the_employer(web, agency):
    from .test_views import first_free, inicio

    at_the_proof_page(web, agency, authorized=True)
    web.post(reverse("appointments:employer_proof"), {"accion": "esperar"})
    web.post(
        reverse("appointments:schedule_confirm"), {"inicio": inicio(first_free(agency))}
    )
    page = web.get(reverse("appointments:summary")).content.decode()
    assert "<strong>por confirmar</strong>" in page and "6 horas" in page


def test_the_representative_is_not_offered_to_wait(web, agency):
    at_the_proof_page(web, agency)
    page = web.get(reverse("appointments:employer_proof")).content.decode()
    assert "Continuar y pedir la confirmación del empleador" not in page
    assert "su nombre y su cédula son públicos" in page
    response = web.post(reverse("appointments:employer_proof"), {"accion": "esperar"})
    assert response.status_code == 200  # the same page, nothing chosen
    assert web.get(reverse("appointments:schedule")).url == reverse(
        "appointments:employer_proof"
    )


def test_the_existing_turn_notice_goes_to_the_employer_not_to_the_booker(
    agency, clave, authorized, registration, django_capture_on_commit_callbacks
):
    from clavepatronal.appointments.services import turn_link_resend

    turn = book(
        agency, clave, authorized, employer_proof_id=employer_proof(registration)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert turn_link_resend(turn=turn)
    (notice,) = [m for m in mail.outbox if "Aviso" in m.subject]
    assert notice.to == ["empleador@ejemplo.ec"]
    assert "Ya existe este turno" in notice.body and "No fui yo" in notice.body
    assert not mails_to(authorized["email"])


def test_the_mailbox_is_the_one_the_portal_account_last_confirmed(
    registration, django_user_model
):
    """«Cambiar correo de contacto» in the portal moves the employer's mailbox."""
    from clavepatronal.appointments.selectors import employer_mailbox
    from clavepatronal.employers.models import EmployerAccount

    assert employer_mailbox(registration) == "empleador@ejemplo.ec"
    user = django_user_model.objects.create_user(
        registration.employer_identification, email="Nuevo.Correo@Empresa.ec"
    )
    EmployerAccount.objects.create(user=user, registration=registration)
    assert employer_mailbox(registration) == "nuevo.correo@empresa.ec"


def test_an_application_in_the_employers_name_is_announced_with_no_fui_yo(
    agency,
    clave,
    registration,
    authorized,
    client,
    django_capture_on_commit_callbacks,
):
    """Filed with the code from the employer's mailbox by someone else's address:
    the mailbox hears of it, and «No fui yo» takes it out of the draw."""
    from clavepatronal.appointments.constants import ApplicationStatus

    agency.allocation_mode = "SORTEO"
    agency.save()
    draws_prepare(now=NOW)
    during = local(2026, 12, 8, 10, 0)
    person = {
        **verified_person(
            identification=registration.authorized_identification,
            identification_type=registration.authorized_id_type,
            employer=False,
            now=during,
        ),
        "employer_identification": registration.employer_identification,
    }
    with django_capture_on_commit_callbacks(execute=True):
        application = application_file(
            **person,
            agency=agency,
            procedure_type=clave,
            day=datetime.date(2026, 12, 21),
            hours=["08:00"],
            any_hour=False,
            now=during,
            employer_proof_id=employer_proof(registration, now=during),
        )
    (notice,) = mails_to("empleador@ejemplo.ec")
    assert "solicitud de sorteo" in notice.subject and "No fui yo" in notice.body
    path = re.search(r"/turnos/empleador/solicitud/\S+/", notice.body).group(0)
    assert "No fui yo" in client.get(path).content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDIENTE  # GET changes nothing
    client.post(path, {"accion": "no_fui_yo"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CANCELADA
    assert EmployerBlock.objects.filter(
        identification=registration.authorized_identification
    ).exists()
    assert AuditEvent.objects.filter(action=AuditAction.SOLICITUD_NO_FUI_YO).exists()
