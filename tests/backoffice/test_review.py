"""Virtual queue and review: each action one service, one audit event; illegal
steps refused with a message and nothing changed."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from clavepatronal.audit.models import AuditEvent
from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.employers.constants import RegistrationStatus
from clavepatronal.employers.models import Activation, Registration
from clavepatronal.procedures.constants import TramiteStatus
from tests.procedures.factories import TramiteFactory

from .conftest import client_for, make_staff

pytestmark = pytest.mark.django_db


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def act(client, name, tramite, data=None, *, capture):
    with capture(execute=True):
        return client.post(
            reverse(f"backoffice:{name}", args=[tramite.number]),
            data or {},
            follow=True,
        )


def test_the_queue_is_oldest_first_and_filters_by_state_procedure_and_age(
    as_servidor, registration, clave
):
    other_type = ProcedureType.objects.exclude(pk=clave.pk).first()
    old = TramiteFactory(
        registration=registration, created=timezone.now() - datetime.timedelta(days=5)
    )
    new = TramiteFactory(registration=registration, en_revision=True)
    other = TramiteFactory(registration=registration, procedure_type=other_type)
    page = as_servidor.get(reverse("backoffice:queue")).content.decode()
    assert page.index(old.number) < page.index(new.number)
    by_state = as_servidor.get(reverse("backoffice:queue"), {"estado": "EN_REVISION"})
    assert [t.number for t in by_state.context["page"]] == [new.number]
    by_type = as_servidor.get(reverse("backoffice:queue"), {"tramite": other_type.pk})
    assert [t.number for t in by_type.context["page"]] == [other.number]
    by_age = as_servidor.get(reverse("backoffice:queue"), {"antiguedad": "3"})
    assert [t.number for t in by_age.context["page"]] == [old.number]
    bad = as_servidor.get(reverse("backoffice:queue"), {"estado": "INVENTADO"})
    assert bad.status_code == 200 and bad.context["form"].errors


def test_take_assigns_the_trámite_once(
    as_servidor, servidor, tramite_pichincha, django_capture_on_commit_callbacks
):
    cap = django_capture_on_commit_callbacks
    response = act(as_servidor, "take", tramite_pichincha, capture=cap)
    assert "Tomó el trámite" in messages_of(response)
    tramite_pichincha.refresh_from_db()
    assert tramite_pichincha.status == TramiteStatus.EN_REVISION
    assert tramite_pichincha.assigned_to == servidor
    event = AuditEvent.objects.get(action="tramite.en_revision")
    assert event.actor == servidor and event.ip == "127.0.0.1"
    colleague = client_for(
        make_staff(
            "servidor.quito2",
            "Servidor de atención",
            agency=servidor.staff_profile.agency,
        )
    )
    response = act(colleague, "take", tramite_pichincha, capture=cap)
    assert "no puede pasar" in messages_of(response)
    tramite_pichincha.refresh_from_db()
    assert tramite_pichincha.assigned_to == servidor


def test_only_the_assignee_acts_and_illegal_steps_are_refused(
    as_servidor, servidor, tramite_pichincha, django_capture_on_commit_callbacks
):
    cap = django_capture_on_commit_callbacks
    # Not taken: approving is an illegal step from RECIBIDO.
    response = act(as_servidor, "approve", tramite_pichincha, capture=cap)
    assert "no puede pasar" in messages_of(response)
    act(as_servidor, "take", tramite_pichincha, capture=cap)
    colleague = client_for(
        make_staff(
            "servidor.quito2",
            "Servidor de atención",
            agency=servidor.staff_profile.agency,
        )
    )
    for name, data in [
        ("approve", {}),
        ("reject", {"reason": "No"}),
        ("observe", {"req_ruc": "Ilegible"}),
    ]:
        response = act(colleague, name, tramite_pichincha, data, capture=cap)
        assert "Tome el trámite antes de actuar" in messages_of(response)
    tramite_pichincha.refresh_from_db()
    assert tramite_pichincha.status == TramiteStatus.EN_REVISION
    assert not mail.outbox


def test_observe_per_requirement_mails_the_applicant(
    as_servidor, tramite_pichincha, django_capture_on_commit_callbacks
):
    cap = django_capture_on_commit_callbacks
    act(as_servidor, "take", tramite_pichincha, capture=cap)
    empty = as_servidor.post(
        reverse("backoffice:observe", args=[tramite_pichincha.number]), {}
    )
    assert empty.status_code == 400
    assert "Escriba al menos una observación" in empty.content.decode()
    response = act(
        as_servidor,
        "observe",
        tramite_pichincha,
        {"req_ruc": "El RUC está ilegible."},
        capture=cap,
    )
    assert "Observaciones enviadas" in messages_of(response)
    tramite_pichincha.refresh_from_db()
    assert tramite_pichincha.status == TramiteStatus.OBSERVADO
    (message,) = mail.outbox
    assert "El RUC está ilegible." in message.body
    assert "/ventanilla/corregir/" in message.body
    assert AuditEvent.objects.filter(action="tramite.observado").count() == 1


def test_reject_needs_a_reason_and_tells_the_applicant(
    as_servidor, tramite_pichincha, django_capture_on_commit_callbacks
):
    cap = django_capture_on_commit_callbacks
    act(as_servidor, "take", tramite_pichincha, capture=cap)
    response = as_servidor.post(
        reverse("backoffice:reject", args=[tramite_pichincha.number]), {"reason": ""}
    )
    assert response.status_code == 400
    tramite_pichincha.refresh_from_db()
    assert tramite_pichincha.status == TramiteStatus.EN_REVISION
    act(
        as_servidor,
        "reject",
        tramite_pichincha,
        {"reason": "El RUC no corresponde al empleador."},
        capture=cap,
    )
    tramite_pichincha.refresh_from_db()
    assert tramite_pichincha.status == TramiteStatus.RECHAZADO
    assert "El RUC no corresponde al empleador." in mail.outbox[-1].body
    event = AuditEvent.objects.get(action="tramite.rechazado")
    assert event.data["note"] == "El RUC no corresponde al empleador."
    # RECHAZADO is final.
    response = act(as_servidor, "approve", tramite_pichincha, capture=cap)
    assert "no puede pasar" in messages_of(response)


def test_approve_issues_the_key_by_link_and_ends_clave_emitida(
    as_servidor,
    servidor,
    tramite_pichincha,
    registration,
    django_capture_on_commit_callbacks,
):
    cap = django_capture_on_commit_callbacks
    act(as_servidor, "take", tramite_pichincha, capture=cap)
    response = act(as_servidor, "approve", tramite_pichincha, capture=cap)
    assert "Trámite aprobado" in messages_of(response)
    tramite_pichincha.refresh_from_db()
    assert tramite_pichincha.status == TramiteStatus.CLAVE_EMITIDA
    activation = Activation.objects.get()
    assert activation.issued_by == servidor
    assert activation.channel == "VIRTUAL"
    recipients = [m.to[0] for m in mail.outbox]
    assert registration.email in recipients  # the activation link
    assert "solicitante@correo.ec" in recipients  # the applicant's notice
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"tramite.aprobado", "clave.emitida", "tramite.clave_emitida"} <= actions
    history = list(tramite_pichincha.history.values_list("to_status", flat=True))
    assert history[-2:] == [TramiteStatus.APROBADO, TramiteStatus.CLAVE_EMITIDA]


def test_a_failed_issuance_leaves_the_trámite_under_review(
    as_servidor, tramite_pichincha, registration, django_capture_on_commit_callbacks
):
    cap = django_capture_on_commit_callbacks
    act(as_servidor, "take", tramite_pichincha, capture=cap)
    Registration.objects.filter(pk=registration.pk).update(
        status=RegistrationStatus.ANULADO
    )
    response = act(as_servidor, "approve", tramite_pichincha, capture=cap)
    assert "no está activo" in messages_of(response)
    tramite_pichincha.refresh_from_db()
    assert tramite_pichincha.status == TramiteStatus.EN_REVISION
    assert not Activation.objects.exists()
    assert not AuditEvent.objects.filter(action="tramite.aprobado").exists()
    assert not mail.outbox


def test_the_detail_shows_what_is_missing_and_each_file(as_servidor, tramite_pichincha):
    page = as_servidor.get(
        reverse("backoffice:tramite", args=[tramite_pichincha.number])
    ).content.decode()
    assert "Cargado:" in page  # the RUC
    assert page.count("Falta:") >= 3  # Solicitud, cédula, Acuerdo
    attachment = tramite_pichincha.attachments.get()
    assert (
        reverse("backoffice:attachment", args=[tramite_pichincha.number, attachment.pk])
        in page
    )
