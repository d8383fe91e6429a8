"""The employer's dashboard and own pages; nothing of another employer is reachable
by changing a code in the URL."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from clavepatronal.appointments.constants import TurnStatus
from clavepatronal.appointments.models import Slot
from clavepatronal.audit.models import AuditEvent
from clavepatronal.identity.constants import IdentificationType
from tests.appointments.factories import AgencyFactory, TurnFactory
from tests.employers.conftest import PASSWORD, mailed_code
from tests.employers.factories import CEDULA, CEDULA_REP
from tests.procedures.factories import TramiteFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Nevado-Chimborazo-6263"


@pytest.fixture
def agency(db):
    return AgencyFactory(name="Agencia de prueba del portal")


@pytest.fixture
def signed_in(client, employer, login):
    login(client, employer.identification)
    return client


def test_the_dashboard_shows_the_employer_turns_and_documents(
    signed_in, employer, agency
):
    registration = employer.registration
    own = TurnFactory(agency=agency, held_by=registration)
    # An earlier turn of this employer, held by the authorized person (cancelled:
    # one active clave turn per employer).
    authorized = TurnFactory(
        agency=agency,
        identification_type=IdentificationType.PASAPORTE,
        identification="AB123456",
        employer_identification=registration.employer_identification,
        holder_role="TERCERO_AUTORIZADO",
        starts_at=timezone.now().replace(second=0, microsecond=0)
        + datetime.timedelta(days=4),
        cancelado=True,
    )
    stranger = TurnFactory(agency=agency, identification=CEDULA)
    # The same representative's turn for another employer is that employer's.
    elsewhere = TurnFactory(
        agency=agency,
        identification=CEDULA_REP,
        employer_identification="1710034065001",
        cancelado=True,
    )
    page = signed_in.get(reverse("portal:dashboard")).content.decode()
    registration = employer.registration
    for text in (
        registration.business_name,
        registration.employer_identification,
        "Privado",
        registration.number,
        registration.email,
        own.code_display,
        authorized.code_display,
        "Solicitud de entrega de clave patronal",
        registration.solicitud.code_display,
        "Cambiar clave",
        "Cambiar correo de contacto",
    ):
        assert text in page, text
    assert stranger.code_display not in page
    assert elsewhere.code_display not in page


def test_the_dashboard_needs_a_signed_in_employer(client):
    response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("portal:login"))


def _employer_urls(turn, document, tramite) -> list[str]:
    return [
        reverse("portal:turn_cancel", args=[turn.code]),
        reverse("portal:turn_reschedule", args=[turn.code]),
        reverse("portal:document_download", args=[document.code]),
        reverse("portal:tramite", args=[tramite.number]),
    ]


def test_another_employers_turns_documents_and_tramites_are_404(
    signed_in, other_employer, agency
):
    # CEDULA: the other employer's legal representative.
    theirs = TurnFactory(agency=agency, identification=CEDULA)
    their_tramite = TramiteFactory(registration=other_employer.registration)
    for url in _employer_urls(
        theirs, other_employer.registration.solicitud, their_tramite
    ):
        assert signed_in.get(url).status_code == 404, url
        assert signed_in.post(url).status_code in (404, 405), url
    theirs.refresh_from_db()
    assert theirs.status == TurnStatus.RESERVADO
    dashboard = signed_in.get(reverse("portal:dashboard")).content.decode()
    assert their_tramite.number not in dashboard


def test_own_turns_documents_and_tramites_open(signed_in, employer, agency):
    mine = TurnFactory(agency=agency, held_by=employer.registration)
    tramite = TramiteFactory(registration=employer.registration)
    for url in _employer_urls(mine, employer.registration.solicitud, tramite):
        assert signed_in.get(url).status_code in (200, 302), url


def test_an_observed_tramite_shows_its_observations_and_the_link_to_correct(
    signed_in, employer
):
    from clavepatronal.core.models import User
    from clavepatronal.procedures.links import correction_token_read
    from clavepatronal.procedures.services import tramite_observe, tramite_review_start

    tramite = TramiteFactory(registration=employer.registration)
    officer = User.objects.create_user("servidor", password="x", is_staff=True)
    tramite_review_start(tramite=tramite, actor=officer)
    tramite_observe(tramite=tramite, actor=officer, items={"ruc": "RUC ilegible."})
    dashboard = signed_in.get(reverse("portal:dashboard")).content.decode()
    assert tramite.number in dashboard
    assert "Observado" in dashboard
    link = re.search(r'href="/ventanilla/corregir/([^"]+)/"', dashboard).group(1)
    assert signed_in.get(f"/ventanilla/corregir/{link}/").status_code == 200
    detail = signed_in.get(reverse("portal:tramite", args=[tramite.number]))
    assert "RUC ilegible." in detail.content.decode()
    # The signed token carries its own timestamp: compare what it says, not its bytes.
    again = re.search(r'href="/ventanilla/corregir/([^"]+)/"', detail.content.decode())
    assert (
        correction_token_read(again.group(1))
        == correction_token_read(link)
        == (
            tramite.number,
            1,
        )
    )


def test_an_employer_cancels_a_turn_through_the_turn_service(
    signed_in, employer, agency
):
    turn = TurnFactory(agency=agency, held_by=employer.registration)
    url = reverse("portal:turn_cancel", args=[turn.code])
    assert "Sí, cancelar el turno" in signed_in.get(url).content.decode()
    response = signed_in.post(url)
    assert response.url == reverse("portal:dashboard")
    turn.refresh_from_db()
    assert turn.status == TurnStatus.CANCELADO
    assert turn.slot.booked == 0 or Slot.objects.get(pk=turn.slot_id).booked == 0
    assert AuditEvent.objects.filter(action="turno.cancelado").exists()


def test_rescheduling_opens_the_turns_own_calendar(signed_in, employer, agency):
    turn = TurnFactory(agency=agency, held_by=employer.registration)
    response = signed_in.get(reverse("portal:turn_reschedule", args=[turn.code]))
    assert response.status_code == 302
    assert response.url.startswith("/turnos/turno/")
    assert response.url.endswith("/reprogramar/")


def test_a_past_or_cancelled_turn_cannot_be_managed(signed_in, employer, agency):
    turn = TurnFactory(agency=agency, held_by=employer.registration, cancelado=True)
    response = signed_in.post(reverse("portal:turn_cancel", args=[turn.code]))
    assert response.url == reverse("portal:dashboard")
    assert "ya no se puede cancelar" in signed_in.get(response.url).content.decode()


def test_documents_download_again_and_each_download_is_recorded(signed_in, employer):
    document = employer.registration.acuerdo
    response = signed_in.get(
        reverse("portal:document_download", args=[document.code_display.lower()])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response) == bytes(document.content)
    event = AuditEvent.objects.get(action="documento.descargado")
    assert event.actor == employer.user


def test_changing_the_clave_asks_the_current_one(signed_in, employer):
    url = reverse("portal:clave_change")
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    wrong = signed_in.post(url, {**data, "current_password": "No-Es-La-Clave-1"})
    assert "La clave actual no es correcta" in wrong.content.decode()
    employer.user.refresh_from_db()
    assert employer.user.check_password(PASSWORD)


def test_changing_the_clave_keeps_this_session_ends_others_and_mails(
    client, employer, login, django_capture_on_commit_callbacks
):
    from django.test import Client

    other_device = Client()
    login(other_device, employer.identification)
    login(client, employer.identification)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:clave_change"),
            {
                "current_password": PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
        )
    assert response.url == reverse("portal:dashboard")
    employer.user.refresh_from_db()
    assert employer.user.check_password(NEW_PASSWORD)
    assert client.get(reverse("portal:dashboard")).status_code == 200
    assert other_device.get(reverse("portal:dashboard")).status_code == 302
    message = mail.outbox[-1]
    assert message.to == [employer.user.email]
    assert "cambió" in message.subject
    assert AuditEvent.objects.filter(action="clave.cambiada").count() == 1


def test_changing_the_email_confirms_the_new_one_and_tells_the_old_one(
    signed_in, employer, django_capture_on_commit_callbacks
):
    old = employer.user.email
    url = reverse("portal:email_change")
    wrong = signed_in.post(
        url, {"email": "nuevo@ejemplo.ec", "current_password": "No-Es-La-Clave-1"}
    )
    assert "La clave actual no es correcta" in wrong.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            url, {"email": "Nuevo@Ejemplo.ec", "current_password": PASSWORD}
        )
    assert response.url == reverse("portal:email_change_confirm")
    code_mail = mail.outbox[-1]
    assert code_mail.to == ["nuevo@ejemplo.ec"]
    employer.user.refresh_from_db()
    assert employer.user.email == old  # nothing changes before the code
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            reverse("portal:email_change_confirm"), {"code": mailed_code(code_mail)}
        )
    assert response.url == reverse("portal:dashboard")
    employer.user.refresh_from_db()
    assert employer.user.email == "nuevo@ejemplo.ec"
    notices = mail.outbox[sent:]
    assert {tuple(m.to) for m in notices} == {(old,), ("nuevo@ejemplo.ec",)}
    warning = next(m for m in notices if m.to == [old])
    assert "n****@ejemplo.ec" in warning.body  # masked: enough to recognise
    assert "Si usted no hizo este cambio" in warning.body
    assert AuditEvent.objects.filter(action="cuenta.correo_cambiado").count() == 1


def test_a_wrong_email_code_changes_nothing(
    signed_in, employer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(
            reverse("portal:email_change"),
            {"email": "nuevo@ejemplo.ec", "current_password": PASSWORD},
        )
    code = mailed_code(mail.outbox[-1])
    wrong = "000000" if code != "000000" else "111111"
    response = signed_in.post(reverse("portal:email_change_confirm"), {"code": wrong})
    assert "no es correcto" in response.content.decode()
    employer.user.refresh_from_db()
    assert employer.user.email != "nuevo@ejemplo.ec"


def test_the_same_email_is_refused(signed_in, employer):
    response = signed_in.post(
        reverse("portal:email_change"),
        {"email": employer.user.email, "current_password": PASSWORD},
    )
    assert "Ese ya es el correo de su cuenta" in response.content.decode()


def test_the_dashboard_is_a_list_of_sections(employer):
    """Where the ventanilla virtual's trámites go: one more section in the list."""
    from clavepatronal.portal.selectors import dashboard_sections

    sections = dashboard_sections(account=employer, now=timezone.now())
    assert [s.template.rsplit("/", 1)[-1] for s in sections] == [
        "employer.html",
        "tramites.html",
        "turns.html",
        "documents.html",
        "account.html",
    ]
