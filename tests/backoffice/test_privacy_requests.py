"""The data-protection officer's back office: the role, the rights queue with
its clock, the answer, the home page's deadline alert, the «Dato en disputa»
flag on the officers' screens, and the breach register's pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clavepatronal.backoffice.constants import Role
from clavepatronal.notifications.models import OutboxEmail
from clavepatronal.privacy.models import (
    BreachIncident,
    IdentityProof,
    RequestStatus,
    Right,
    RightsRequest,
)
from clavepatronal.privacy.services.rights import rights_request_file
from tests.appointments.conftest import cedula

from .conftest import client_for, make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("commit_per_request")]


@pytest.fixture
def dpo(db):
    return make_staff("delegado.datos", Role.DPO)


@pytest.fixture
def as_dpo(dpo):
    return client_for(dpo)


def file(
    employer_identification: str = "",
    right: str = Right.ELIMINACION,
    email: str = "luis.guaman@correo.ec",
):
    return rights_request_file(
        right=right,
        id_type="CEDULA",
        identification=cedula(31),
        names="Luis Alberto Guamán",
        email=email,
        description="Quiero saber qué datos tienen de mí.",
        employer_identification=employer_identification,
        proof=IdentityProof.CODIGO_CORREO,
    )


def test_the_dpo_role_is_national_and_has_only_its_permissions(dpo):
    assert dpo.has_perm("privacy.handle_rightsrequest")
    assert dpo.has_perm("privacy.manage_breachincident")
    assert dpo.has_perm("backoffice.all_provinces")
    assert not dpo.has_perm("backoffice.review_tramites")
    assert not dpo.has_perm("backoffice.serve_desk")


def test_the_queue_is_the_dpos_not_the_servidors(as_dpo, as_servidor, as_admin):
    filed = file()
    url = reverse("backoffice:privacy_requests")
    assert as_servidor.get(url).status_code == 403
    page = as_dpo.get(url).content.decode()
    assert filed.number in page
    # The administrator watches the deadlines but does not answer.
    assert filed.number in as_admin.get(url).content.decode()
    detail = reverse("backoffice:privacy_request", kwargs={"number": filed.number})
    assert as_admin.get(detail).status_code == 403
    assert as_servidor.get(detail).status_code == 403


def test_the_dpo_takes_and_answers_and_the_person_is_mailed(as_dpo, dpo):
    filed = file(right=Right.ACCESO)
    detail = reverse("backoffice:privacy_request", kwargs={"number": filed.number})
    take = reverse("backoffice:privacy_request_take", kwargs={"number": filed.number})
    assert as_dpo.post(take).status_code == 302
    filed.refresh_from_db()
    assert filed.status == RequestStatus.EN_TRAMITE and filed.assigned_to == dpo
    page = as_dpo.get(detail).content.decode()
    assert "Mis datos" in page  # the suggested answer for access
    response = as_dpo.post(detail, {"answer": "", "decision": "responder"})
    assert "Escriba la respuesta" in response.content.decode()
    filed.refresh_from_db()
    assert filed.status == RequestStatus.EN_TRAMITE
    as_dpo.post(detail, {"answer": "Sus datos, adjuntos.", "decision": "responder"})
    filed.refresh_from_db()
    assert filed.status == RequestStatus.RESPONDIDA
    assert OutboxEmail.objects.filter(
        to=filed.email, body__contains="Sus datos, adjuntos."
    ).exists()


def test_a_rejection_needs_its_reason_and_is_mailed(as_dpo):
    filed = file()
    detail = reverse("backoffice:privacy_request", kwargs={"number": filed.number})
    as_dpo.post(
        reverse("backoffice:privacy_request_take", kwargs={"number": filed.number})
    )
    as_dpo.post(detail, {"answer": "No es titular.", "decision": "rechazar"})
    filed.refresh_from_db()
    assert filed.status == RequestStatus.RECHAZADA
    mail = OutboxEmail.objects.get(subject__contains="Respuesta a su solicitud")
    assert "no pudo ser atendida" in mail.body and "No es titular." in mail.body


def test_overdue_and_due_soon_requests_show_on_the_admins_home(
    as_admin, as_dpo, as_servidor
):
    overdue = file()
    soon = file()
    today = timezone.localdate()
    RightsRequest.objects.filter(pk=overdue.pk).update(
        due_on=today - datetime.timedelta(days=1)
    )
    RightsRequest.objects.filter(pk=soon.pk).update(due_on=today)
    home = reverse("backoffice:home")
    page = as_admin.get(home).content.decode()
    assert "1 solicitud vencida sin responder" in page
    assert overdue.number in page and soon.number in page
    assert "1 solicitud por vencer" in page
    assert overdue.number in as_dpo.get(home).content.decode()
    assert overdue.number not in as_servidor.get(home).content.decode()


def test_no_alert_when_every_request_is_in_time_or_closed(as_admin):
    file()  # due in 15 working days
    page = as_admin.get(reverse("backoffice:home")).content.decode()
    assert "Solicitudes de derechos: plazos" not in page


def test_the_dispute_flag_shows_on_the_trámite_while_the_request_is_open(
    as_servidor, as_dpo, tramite_pichincha, registration
):
    url = reverse("backoffice:tramite", kwargs={"number": tramite_pichincha.number})
    assert "Dato en disputa" not in as_servidor.get(url).content.decode()
    filed = file(
        employer_identification=registration.employer_identification,
        email=registration.email.upper(),
    )
    page = as_servidor.get(url).content.decode()
    assert "Dato en disputa" in page and filed.number in page
    as_dpo.post(
        reverse("backoffice:privacy_request_take", kwargs={"number": filed.number})
    )
    as_dpo.post(
        reverse("backoffice:privacy_request", kwargs={"number": filed.number}),
        {"answer": "Corregido en el registro.", "decision": "responder"},
    )
    assert "Dato en disputa" not in as_servidor.get(url).content.decode()


def test_the_admin_records_a_breach_and_bad_input_records_nothing(as_admin):
    url = reverse("backoffice:breaches")
    response = as_admin.post(
        url,
        {
            "title": "Fuga",
            "discovered_at": "2026-12-07T10:00",
            "description": "x",
            "data_concerned": "y",
            "window_start": "2026-12-07T10:00",
            "window_end": "2026-12-06T10:00",
        },
    )
    assert "no puede ser antes del inicio" in response.content.decode()
    assert not BreachIncident.objects.exists()
    response = as_admin.post(
        url,
        {
            "title": "Fuga",
            "discovered_at": "2026-12-07T10:00",
            "description": "Se expuso un listado.",
            "data_concerned": "Correos de empleadores",
            "window_start": "2026-12-06T10:00",
            "window_end": "2026-12-07T10:00",
            "ip": "",
        },
    )
    incident = BreachIncident.objects.get()
    assert response["Location"] == reverse(
        "backoffice:breach", kwargs={"pk": incident.pk}
    )
    page = as_admin.get(response["Location"]).content.decode()
    assert "Pendiente, hasta el" in page
    as_admin.post(reverse("backoffice:breach_authority", kwargs={"pk": incident.pk}))
    incident.refresh_from_db()
    assert incident.authority_notified_at is not None


def test_the_breach_register_is_closed_to_the_servidor(as_servidor):
    assert as_servidor.get(reverse("backoffice:breaches")).status_code == 403


def test_the_dispute_flag_shows_at_the_desk_for_the_turns_employer(
    as_servidor, turn_quito, registration
):
    url = reverse("backoffice:turn", args=[turn_quito.code])
    assert "Dato en disputa" not in as_servidor.get(url).content.decode()
    filed = file(
        employer_identification=registration.employer_identification,
        email=registration.email,
    )
    page = as_servidor.get(url).content.decode()
    assert "Dato en disputa" in page and filed.number in page


def test_a_strangers_request_naming_the_employer_flags_nothing(
    as_servidor, as_dpo, turn_quito, tramite_pichincha, registration
):
    """The RUC and the representative's cédula are public: a request proven only
    by the stranger's own mailbox reaches the officer, marked as not speaking for
    the employer, and puts no «Dato en disputa» on its trámites or turns."""
    filed = file(
        employer_identification=registration.employer_identification,
        email="extrano@correo.ec",
    )
    assert not filed.speaks_for_employer
    for url in (
        reverse("backoffice:turn", args=[turn_quito.code]),
        reverse("backoffice:tramite", kwargs={"number": tramite_pichincha.number}),
    ):
        assert "Dato en disputa" not in as_servidor.get(url).content.decode()
    page = as_dpo.get(
        reverse("backoffice:privacy_request", kwargs={"number": filed.number})
    ).content.decode()
    assert "No: el correo comprobado no es el del registro" in page
