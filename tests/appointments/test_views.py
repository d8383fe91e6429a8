"""The seed's steps a–h through the web, and the turn's signed link."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clavepatronal.appointments.constants import SESSION_KEY, TurnStatus
from clavepatronal.appointments.models import Slot, Turn
from clavepatronal.appointments.selectors import slot_calendar, turn_link_token
from clavepatronal.notifications.models import EmailVerification

from .conftest import cedula, employer_of
from .factories import SlotFactory

# E-mails go out on commit, as in a real request: each request's on-commit
# callbacks run when it ends (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("commit_per_request")]

CEDULA = cedula(4242)
EMAIL = "representante@empresa.ec"


def url(name, *args):
    return reverse(f"appointments:{name}", args=args)


def last_code() -> str:
    return re.search(r"^\s+(\d{6})\s*$", mail.outbox[-1].body, re.M).group(1)


def identify(client, identification=CEDULA, kind="CEDULA"):
    return client.post(
        url("identification"),
        {"identification_type": kind, "identification": identification},
    )


def send_code(client, email=EMAIL):
    return client.post(url("contact"), {"email": email, "mobile": "099 123 4567"})


def verified_client(client, identification=CEDULA, email=EMAIL):
    identify(client, identification)
    send_code(client, email)
    response = client.post(url("verify"), {"code": last_code()})
    assert response.status_code == 302, response.content.decode()
    return client


def agency_query(agency, procedure_code="clave-patronal"):
    return f"?provincia={agency.province.code}&tramite={procedure_code}"


def choose_agency(client, agency, identification=CEDULA, email=EMAIL):
    """Step f for an employer whose registration's e-mail is `email` (the
    address the person verified: no further proof is asked)."""
    employer = employer_of(identification, email=email).employer_identification
    return client.post(
        url("agency") + agency_query(agency),
        {"agency": agency.pk, "employer": employer},
    )


def first_free(agency, index=0):
    """The `index`-th free start of the window (late in the day the first day may
    have fewer hours left than `index`)."""
    days = slot_calendar(agency=agency, now=timezone.now())
    return [slot for day in days for slot in day.slots][index].starts_at


def inicio(starts_at):
    return timezone.localtime(starts_at).strftime("%Y-%m-%dT%H:%M")


def book_through_views(client, agency, index=0):
    verified_client(client)
    choose_agency(client, agency)
    client.post(url("schedule_confirm"), {"inicio": inicio(first_free(agency, index))})
    response = client.post(url("summary"))
    assert response.status_code == 302, response
    return Turn.objects.get(identification=CEDULA, status=TurnStatus.RESERVADO)


def test_steps_a_to_h_with_the_seed_labels(client, agency, clave):
    # a. From the home page.
    home = client.get("/").content.decode()
    assert 'href="/turnos/"' in home and "Turnos para atención al ciudadano" in home
    start = client.get(url("start")).content.decode()
    assert url("identification") in start
    assert "Los turnos de cada día nuevo se habilitan todos los días a las 07:00" in (
        start
    )
    # b. The cédula.
    page = client.get(url("identification")).content.decode()
    assert "Ingrese su número de cédula de ciudadanía" in page
    response = identify(client)
    assert response.url == url("contact")
    # c. E-mail and mobile, Siguiente.
    page = client.get(url("contact")).content.decode()
    assert ">Siguiente</button>" in page
    response = send_code(client)
    assert response.url == url("verify")
    # d. The e-mail with the seed's subject and a 6-digit code.
    (message,) = mail.outbox
    assert message.subject == "Verificar IESS turno online"
    assert message.to == [EMAIL]
    code = last_code()
    assert EmailVerification.objects.get().code_hash != code
    # e. The code, Verificar.
    page = client.get(url("verify")).content.decode()
    assert ">Verificar</button>" in page
    response = client.post(url("verify"), {"code": code})
    assert response.url == url("agency")
    # f. Province, procedure type, agency (with its address), Siguiente.
    page = client.get(url("agency")).content.decode()
    assert "Provincia" in page and "Tipo de trámite" in page
    page = client.get(url("agency") + agency_query(agency)).content.decode()
    assert agency.name in page and agency.address in page
    assert "<legend" in page and ">Siguiente</button>" in page
    response = choose_agency(client, agency)
    assert response.url == url("schedule")
    # g. Day and hour; the confirmation with "Sí".
    starts_at = first_free(agency)
    page = client.get(url("schedule")).content.decode()
    assert f'value="{inicio(starts_at)}"' in page
    page = client.get(url("schedule_confirm"), {"inicio": inicio(starts_at)})
    page = page.content.decode()
    assert "¿Desea reservar su turno para el" in page and ">Sí</button>" in page
    assert not Slot.objects.filter(booked__gt=0).exists()  # g holds nothing
    response = client.post(url("schedule_confirm"), {"inicio": inicio(starts_at)})
    assert response.url == url("summary")
    # h. The summary, Confirmar.
    page = client.get(url("summary")).content.decode()
    assert ">Confirmar</button>" in page and CEDULA in page and agency.address in page
    assert "+593 99 123 4567" in page or "099" in page
    assert not Turn.objects.exists()  # nothing held before Confirmar
    response = client.post(url("summary"))
    turn = Turn.objects.get()
    assert response.url == url("turn_detail", turn_link_token(turn=turn))
    assert turn.slot.starts_at == starts_at and turn.mobile == "+593991234567"
    # Confirmación del Turno en Línea.
    page = client.get(response.url).content.decode()
    for expected in [
        "Confirmación del Turno en Línea",
        turn.code_display,
        agency.address,
        "Registro Único de Contribuyentes (RUC)",
        "poder notarizado",
        "15 minutos de anticipación",
        "Reprogramar",
        "Cancelar",
    ]:
        assert expected in page, expected
    pdf = client.get(url("turn_pdf", turn_link_token(turn=turn)))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"
    ics = client.get(url("turn_ics", turn_link_token(turn=turn)))
    assert ics["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in ics.content


def test_the_confirmation_mail_carries_the_pdf_and_the_ics(client, agency):
    verified_client(client)
    choose_agency(client, agency)
    client.post(url("schedule_confirm"), {"inicio": inicio(first_free(agency))})
    client.post(url("summary"))
    message = mail.outbox[-1]
    assert message.subject == "Confirmación del Turno en Línea — IESS"
    types = [mimetype for _name, _content, mimetype in message.attachments]
    assert types[0] == "application/pdf" and types[1].startswith("text/calendar")


def test_each_step_requires_the_ones_before(client, agency):
    for name in ["contact", "verify", "agency", "schedule", "summary"]:
        assert client.get(url(name)).url == url("identification")
    identify(client)
    assert client.get(url("verify")).url == url("contact")
    send_code(client)
    # Not verified yet: no province, no calendar, no booking.
    assert client.get(url("agency")).url == url("verify")
    assert client.get(url("schedule")).url == url("verify")
    assert client.post(url("summary")).url == url("verify")
    assert client.post(url("schedule_confirm"), {"inicio": "x"}).url == url("verify")
    assert not Turn.objects.exists()


def test_booking_with_a_forged_verified_state_is_refused(client, agency):
    identify(client)
    send_code(client)
    session = client.session
    state = session[SESSION_KEY]
    state.update(
        verified=True,
        agency_id=agency.pk,
        procedure_type_id=agency.procedure_types.get().pk,
        employer_ok="correo",
        choice="turno",
        starts_at=first_free(agency).isoformat(),
    )
    session[SESSION_KEY] = state
    session.save()
    response = client.post(url("summary"), follow=True)
    assert response.redirect_chain[-1][0] == url("verify")
    assert "verifique su correo electrónico" in response.content.decode()
    assert not Turn.objects.exists()
    assert not Slot.objects.filter(booked__gt=0).exists()


def test_an_invalid_cedula_is_explained_in_spanish(client):
    response = identify(client, "1710034066")
    page = response.content.decode()
    assert response.status_code == 200
    assert "El dígito verificador no coincide" in page
    assert "Hay un problema" in page  # the error summary
    assert SESSION_KEY not in client.session


def test_a_foreigner_without_cedula_uses_the_passport(client):
    response = identify(client, "ab 123456", kind="PASAPORTE")
    assert response.url == url("contact")
    assert client.session[SESSION_KEY]["identification"] == "AB123456"


def test_a_wrong_code_counts_down_and_the_fifth_ends_it(client):
    identify(client)
    send_code(client)
    code = last_code()
    wrong = "000000" if code != "000000" else "111111"
    for left in [4, 3, 2, 1]:
        page = client.post(url("verify"), {"code": wrong}).content.decode()
        left_text = "Le queda 1 intento." if left == 1 else f"Le quedan {left} intentos"
        assert left_text in page
    page = client.post(url("verify"), {"code": wrong}).content.decode()
    assert "ya no le quedan intentos" in page
    page = client.post(url("verify"), {"code": code}).content.decode()
    assert "Superó el número de intentos" in page
    assert client.get(url("agency")).url == url("verify")


def test_an_expired_code_is_refused(client):
    identify(client)
    send_code(client)
    EmailVerification.objects.update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    page = client.post(url("verify"), {"code": last_code()}).content.decode()
    assert "El código venció" in page
    assert client.get(url("agency")).url == url("verify")


def test_a_code_works_once(client):
    identify(client)
    send_code(client)
    code = last_code()
    assert client.post(url("verify"), {"code": code}).status_code == 302
    page = client.post(url("verify"), {"code": code}).content.decode()
    assert "Este código ya se usó" in page


def test_a_resent_code_replaces_the_old_and_resends_are_limited(client, settings):
    settings.VERIFICATION_MAX_CODES_PER_HOUR = 3
    settings.VERIFICATION_MAX_CODES_PER_SUBJECT_HOUR = 4
    identify(client)
    send_code(client)
    first = last_code()
    response = client.post(url("resend"), follow=True)
    assert "Le enviamos un código nuevo" in response.content.decode()
    assert len(mail.outbox) == 2
    page = client.post(url("verify"), {"code": first}).content.decode()
    if first != last_code():
        assert "El código no es correcto" in page
    client.post(url("resend"))
    response = client.post(url("resend"), follow=True)
    assert "Ya se enviaron varios códigos en la última hora" in (
        response.content.decode()
    )
    assert len(mail.outbox) == 3
    # Another browser with another address is not held by this one's limit (a
    # stranger cannot use up the owner's codes)...
    other = Client()
    identify(other)
    send_code(other, "otro@correo.ec")
    assert len(mail.outbox) == 4
    # ...up to the cédula's own, higher ceiling.
    third = Client()
    identify(third)
    page = send_code(third, "tercero@correo.ec").content.decode()
    assert "Ya se enviaron varios códigos en la última hora" in page
    assert len(mail.outbox) == 4


def test_sending_codes_is_rate_limited_per_identification(client, settings):
    settings.TURNOS_RATE_PER_IDENTIFICATION = "2/h"
    identify(client)
    assert send_code(client).status_code == 302
    assert send_code(client).status_code == 302
    response = send_code(client)
    assert response.status_code == 429
    assert "Demasiadas solicitudes seguidas" in response.content.decode()


def test_booking_is_rate_limited_per_ip(client, settings, agency):
    verified_client(client)
    choose_agency(client, agency)
    client.post(url("schedule_confirm"), {"inicio": inicio(first_free(agency))})
    settings.TURNOS_RATE_PER_IP = "0/h"
    assert client.post(url("summary")).status_code == 429
    assert not Turn.objects.exists()


def test_choosing_the_agency_is_rate_limited_per_ip(client, settings, agency):
    verified_client(client)
    settings.TURNOS_RATE_PER_IP = "0/h"
    assert choose_agency(client, agency).status_code == 429


def test_agencies_listed_are_those_handling_the_procedure(client, agency):
    verified_client(client)
    page = client.get(url("agency") + agency_query(agency)).content.decode()
    assert agency.name in page
    assert "Centro de Atención Universal Quito" in page
    page = client.get(
        url("agency") + agency_query(agency, "reclamos-aportes")
    ).content.decode()
    assert agency.name not in page
    assert "Centro de Atención Universal Quito" in page
    response = client.post(
        url("agency") + agency_query(agency, "reclamos-aportes"), {"agency": agency.pk}
    )
    assert response.status_code == 200
    assert "Elija una de las agencias de la lista" in response.content.decode()


def test_a_second_turn_for_the_same_procedure_mails_the_link_to_its_owner(
    client, agency
):
    turn = book_through_views(client, agency)
    mail.outbox.clear()
    response = choose_agency(client, agency)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Ya existe un turno con estos datos" in page
    # Nothing of the turn is shown to whoever typed the numbers...
    token = turn_link_token(turn=turn)
    assert token not in page and turn.code_display not in page
    assert turn.slot.agency.name not in page
    # ...its link goes to the address it was booked with, once in a while only.
    (message,) = mail.outbox
    assert message.to == [turn.email] and f"/turnos/turno/{token}/" in message.body
    choose_agency(client, agency)
    assert len(mail.outbox) == 1


def test_the_slot_filling_up_between_g_and_h_says_sin_disponibilidad(client, agency):
    verified_client(client)
    choose_agency(client, agency)
    starts_at = first_free(agency)
    client.post(url("schedule_confirm"), {"inicio": inicio(starts_at)})
    SlotFactory(agency=agency, starts_at=starts_at, full=True)
    response = client.post(url("summary"), follow=True)
    assert response.redirect_chain[-1][0] == url("schedule")
    assert "sin disponibilidad" in response.content.decode()
    assert not Turn.objects.exists()


def test_cancel_through_the_signed_link(client, agency):
    turn = book_through_views(client, agency)
    token = turn_link_token(turn=turn)
    page = client.get(url("turn_cancel", token)).content.decode()
    assert "¿Desea cancelar su turno?" in page
    response = client.post(url("turn_cancel", token), follow=True)
    assert "fue cancelado" in response.content.decode()
    turn.refresh_from_db()
    assert turn.status == TurnStatus.CANCELADO
    assert turn.slot.booked == 0
    response = client.get(url("turn_detail", token))
    assert response.status_code == 404
    assert "El enlace del turno ya no es válido" in response.content.decode()


def test_reschedule_through_the_signed_link(client, agency):
    turn = book_through_views(client, agency)
    token = turn_link_token(turn=turn)
    new_start = first_free(agency, index=3)
    day = timezone.localtime(new_start).date().isoformat()
    page = client.get(url("turn_reschedule", token), {"dia": day}).content.decode()
    assert f'value="{inicio(new_start)}"' in page
    page = client.get(
        url("turn_reschedule_confirm", token), {"inicio": inicio(new_start)}
    ).content.decode()
    assert "¿Desea cambiar su turno al" in page and ">Sí</button>" in page
    response = client.post(
        url("turn_reschedule_confirm", token), {"inicio": inicio(new_start)}
    )
    turn.refresh_from_db()
    assert turn.slot.starts_at == new_start
    assert response.url == url("turn_detail", turn_link_token(turn=turn))
    assert client.get(url("turn_detail", token)).status_code == 404


def test_every_post_needs_the_csrf_token(agency):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        url("identification"),
        {"identification_type": "CEDULA", "identification": CEDULA},
    )
    assert response.status_code == 403
    assert "La página caducó" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/turnos/turno/nada/",
        "/turnos/turno/nada/pdf/",
        "/turnos/turno/nada/calendario/",
        "/turnos/turno/nada/cancelar/",
        "/turnos/turno/.eJz/reprogramar/",
        "/turnos/turno/nada:x:y/reprogramar/confirmar/?inicio=2026-13-45T99:99",
    ],
)
def test_a_bad_link_is_a_spanish_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "El enlace del turno ya no es válido" in response.content.decode()


def test_nonsense_input_never_breaks_a_page(client, agency):
    verified_client(client)
    assert client.get(url("agency") + "?provincia=99&tramite=x").status_code == 200
    assert client.get(url("agency") + "?provincia=").status_code == 200
    assert (
        client.post(
            url("agency") + "?provincia=17&tramite=clave-patronal", {"agency": "abc"}
        ).status_code
        == 200
    )
    choose_agency(client, agency)
    assert client.get(url("schedule") + "?dia=ayer").status_code == 200
    assert client.get(url("schedule") + "?dia=2099-01-01").status_code == 200
    for value in ["", "mañana", "2026-13-45T99:99", "2026-12-08T08:10"]:
        response = client.post(url("schedule_confirm"), {"inicio": value}, follow=True)
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == url("schedule")
    saturday = timezone.localdate() + datetime.timedelta(
        days=(5 - timezone.localdate().weekday()) % 7 or 7
    )
    response = client.get(
        url("schedule_confirm"), {"inicio": f"{saturday:%Y-%m-%d}T09:00"}, follow=True
    )
    assert "La agencia no atiende ese día" in response.content.decode()
