"""In-person desk: arrival and no-show, the physical checklist, and who may
collect the key (legal representative, authorized third party, apoderado)."""

import datetime
import io

import pypdf
import pytest
from django.urls import reverse

from clavepatronal.appointments.models import Slot, Turn
from clavepatronal.audit.models import AuditEvent
from clavepatronal.backoffice.models import DeskService
from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.employers.models import Activation, PowerOfAttorney, Registration
from tests.appointments.conftest import cedula
from tests.appointments.factories import TurnFactory
from tests.employers.factories import CEDULA_REP, RUC_SOCIEDAD

from .conftest import local_today

pytestmark = pytest.mark.django_db

ALL_PAPERS = ["confirmacion", "ruc", "solicitud", "cedula", "acuerdo"]
THIRD_PARTY = {
    "recipient_role": "TERCERO_AUTORIZADO",
    "recipient_names": "Rosa Elena Quishpe Toapanta",
    "recipient_id_type": "PASAPORTE",
    "recipient_identification": "AB123456",
}


def post(client, name, turn, data=None):
    return client.post(reverse(f"backoffice:{name}", args=[turn.code]), data or {})


def arrive(client, turn, presented=None):
    """Registrar llegada, with the document the person shows (the holder's)."""
    return post(
        client,
        "arrival",
        turn,
        {
            "presented_id_type": "CEDULA",
            "presented_identification": presented or turn.identification,
        },
    )


def messages_of(client, turn) -> str:
    response = client.get(reverse("backoffice:turn", args=[turn.code]))
    return " ".join(str(m) for m in response.context["messages"])


@pytest.fixture
def attending(as_servidor, turn_quito, registration):
    """The turn's holder arrived and the employer was found by its RUC."""
    arrive(as_servidor, turn_quito)
    response = post(
        as_servidor, "desk_employer", turn_quito, {"identification": RUC_SOCIEDAD}
    )
    assert response.status_code == 302
    return turn_quito


def issue(client, turn, **overrides):
    data = {
        "checklist": ALL_PAPERS,
        "signatures": "on",
        "identity_checked": "on",
        **THIRD_PARTY,
        **overrides,
    }
    return post(client, "desk_issue", turn, data)


def pdf_text(content: bytes) -> str:
    return "\n".join(
        p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages
    )


def test_arrival_starts_the_attention_once(as_servidor, servidor, turn_quito):
    arrive(as_servidor, turn_quito)
    turn_quito.refresh_from_db()
    assert turn_quito.status == "EN_ESPERA"
    service = DeskService.objects.get(turn=turn_quito)
    assert service.officer == servidor
    assert service.registration == turn_quito.registration  # the turn's employer
    assert AuditEvent.objects.filter(action="turno.llegada").count() == 1
    response = arrive(as_servidor, turn_quito)
    assert response.status_code == 400
    assert "ya no está reservado" in response.content.decode()
    assert DeskService.objects.count() == 1


def test_someone_else_presenting_the_turn_is_refused_side_by_side(
    as_servidor, turn_quito
):
    response = arrive(as_servidor, turn_quito, presented=cedula(777))
    page = response.content.decode()
    assert response.status_code == 400
    assert "no es quien lo reservó" in page
    assert turn_quito.identification in page and cedula(777) in page
    turn_quito.refresh_from_db()
    assert turn_quito.status == "RESERVADO"
    assert not DeskService.objects.exists()


def test_a_holder_the_registration_no_longer_names_is_refused(
    as_servidor, quito, registration
):
    turn = TurnFactory(
        agency=quito, starts_at=local_today(23, 40), held_by=registration
    )
    Registration.objects.filter(pk=registration.pk).update(rep_identification=cedula(9))
    response = arrive(as_servidor, turn)
    assert response.status_code == 400
    assert "ya no figura en el Registro nuevo empleador" in response.content.decode()
    turn.refresh_from_db()
    assert turn.status == "RESERVADO"


def test_issuing_the_key_ends_the_turn_as_attended(as_servidor, attending):
    response = issue(as_servidor, attending)
    assert response.status_code == 200
    attending.refresh_from_db()
    assert attending.status == "ATENDIDO"


def test_arrival_only_on_the_turns_day(as_servidor, quito):
    tomorrow = TurnFactory(
        agency=quito, starts_at=local_today(10) + datetime.timedelta(days=1)
    )
    response = arrive(as_servidor, tomorrow)
    assert "Solo se registra la llegada el día del turno" in response.content.decode()
    tomorrow.refresh_from_db()
    assert tomorrow.status == "RESERVADO"


def test_no_show_only_after_the_hour_and_frees_no_past_seat(
    as_servidor, turn_quito, past_turn_quito
):
    post(as_servidor, "no_show", turn_quito)  # 23:40 today: not yet
    assert "aún no empieza" in messages_of(as_servidor, turn_quito)
    turn_quito.refresh_from_db()
    assert turn_quito.status == "RESERVADO"
    booked = Slot.objects.get(pk=past_turn_quito.slot_id).booked
    post(as_servidor, "no_show", past_turn_quito)
    past_turn_quito.refresh_from_db()
    assert past_turn_quito.status == "NO_ASISTIO"
    assert Slot.objects.get(pk=past_turn_quito.slot_id).booked == booked
    assert AuditEvent.objects.filter(action="turno.no_asistio").count() == 1
    arrive(as_servidor, past_turn_quito)
    past_turn_quito.refresh_from_db()
    assert past_turn_quito.status == "NO_ASISTIO"


def test_an_unknown_ruc_is_a_clear_message(as_servidor, quito):
    # A turn booked before turns were bound to their employer: the officer looks
    # the employer up.
    unbound = TurnFactory(agency=quito, starts_at=local_today(23, 40))
    arrive(as_servidor, unbound)
    response = post(
        as_servidor, "desk_employer", unbound, {"identification": "1790012345001"}
    )
    assert response.status_code == 400
    assert "No hay un Registro nuevo empleador activo" in response.content.decode()


def test_every_physical_requirement_must_be_checked(as_servidor, attending):
    response = issue(as_servidor, attending, checklist=["confirmacion", "ruc"])
    assert response.status_code == 400
    page = response.content.decode()
    assert "Faltan requisitos por verificar" in page
    assert "Cédula original vigente del representante legal" in page
    response = issue(as_servidor, attending, signatures="")
    assert "firma manuscrita" in response.content.decode()
    assert not Activation.objects.exists()


def test_a_third_party_who_does_not_match_the_authorization_is_refused(
    as_servidor, attending
):
    response = issue(
        as_servidor,
        attending,
        recipient_names="Rosa Elena Quishpe Toapanta",
        recipient_id_type="PASAPORTE",
        recipient_identification="ZZ999999",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "no consta en la Autorización de Retiro de Contraseña" in page
    # Side by side: what the Solicitud says and what was presented.
    assert "AB123456" in page and "ZZ999999" in page
    assert not Activation.objects.exists()


def test_a_matching_third_party_collects_the_key_and_gets_the_acta(
    as_servidor, servidor, attending
):
    response = issue(as_servidor, attending)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    assert "Rosa Elena Quishpe Toapanta" in text and "Tercero autorizado" in text
    activation = Activation.objects.get()
    assert activation.issued_by == servidor and activation.channel == "PRESENCIAL"
    service = DeskService.objects.get(turn=attending)
    assert service.finished_at and service.activation == activation
    assert set(service.checklist) == set(ALL_PAPERS)
    # The attention is over: no second key from the same turn.
    assert issue(as_servidor, attending).status_code == 302
    assert "ya terminó" in messages_of(as_servidor, attending)
    assert Activation.objects.count() == 1


def test_the_legal_representative_must_show_the_registered_cedula(
    as_servidor, attending
):
    response = issue(
        as_servidor,
        attending,
        recipient_role="REPRESENTANTE_LEGAL",
        recipient_names="Juan Carlos Pérez Andrade",
        recipient_id_type="CEDULA",
        recipient_identification=cedula(77),
    )
    assert "no es la del representante legal" in response.content.decode()
    response = issue(
        as_servidor,
        attending,
        recipient_role="REPRESENTANTE_LEGAL",
        recipient_names="Juan Carlos Pérez Andrade",
        recipient_id_type="CEDULA",
        recipient_identification=CEDULA_REP,
    )
    assert response["Content-Type"] == "application/pdf"


def test_an_apoderado_gets_the_key_only_after_the_delegados_stamp(
    as_servidor, as_delegado, attending
):
    power = {
        "notary": "Notaría Tercera del cantón Quito",
        "deed_number": "2026-17-01-03-P01234",
        "granted_on": "2026-10-05",
        "apoderado_names": "Luis Alberto Ortiz",
        "apoderado_id_type": "CEDULA",
        "apoderado_identification": cedula(4242),
    }
    assert post(as_servidor, "desk_power", attending, power).status_code == 302
    recorded = PowerOfAttorney.objects.get()
    assert recorded.status == "PENDIENTE" and recorded.province.code == "17"
    apoderado = {
        "recipient_role": "APODERADO",
        "recipient_names": "Luis Alberto Ortiz",
        "recipient_id_type": "CEDULA",
        "recipient_identification": cedula(4242),
        "power": str(recorded.pk),
    }
    response = issue(as_servidor, attending, **apoderado)
    assert response.status_code == 400  # not stamped: not even offered
    assert not Activation.objects.exists()
    as_delegado.post(reverse("backoffice:power_stamp", args=[recorded.pk]))
    recorded.refresh_from_db()
    assert recorded.status == "SELLADO"
    response = issue(as_servidor, attending, **apoderado)
    assert response["Content-Type"] == "application/pdf"
    assert recorded.stamp_display in pdf_text(response.content)
    assert Activation.objects.get().power_of_attorney == recorded


def test_an_apoderado_without_a_power_is_refused(as_servidor, attending):
    response = issue(
        as_servidor,
        attending,
        recipient_role="APODERADO",
        recipient_names="Luis Alberto Ortiz",
        recipient_id_type="CEDULA",
        recipient_identification=cedula(4242),
    )
    assert "Registre el poder notarial" in response.content.decode()
    assert not Activation.objects.exists()


def test_a_turn_for_another_procedure_issues_no_key(as_servidor, quito, registration):
    other = ProcedureType.objects.exclude(code="clave-patronal").first()
    turn = TurnFactory(
        agency=quito, procedure_type=other, starts_at=local_today(23, 40)
    )
    arrive(as_servidor, turn)
    page = as_servidor.get(
        reverse("backoffice:turn", args=[turn.code])
    ).content.decode()
    assert "no es de clave patronal" in page
    assert Turn.objects.get(pk=turn.pk).status == "EN_ESPERA"
    post(as_servidor, "desk_close", turn)
    assert Turn.objects.get(pk=turn.pk).status == "ATENDIDO"
    assert DeskService.objects.get(turn=turn).finished_at is not None


def test_a_turn_is_found_by_typed_code_or_qr_text(as_servidor, turn_quito):
    typed = turn_quito.code_display.lower().replace("0", "o")
    for value in [typed, turn_quito.code, f"https://x/turnos/{turn_quito.code}"]:
        response = as_servidor.get(reverse("backoffice:desk"), {"codigo": value})
        assert response.status_code == 302, value
        assert response.url == reverse("backoffice:turn", args=[turn_quito.code])
