"""Emisión de clave: both channels, single use, expiry, revocation, delivery record."""

import datetime
import io

import pypdf
import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from clavepatronal.audit.models import AuditEvent
from clavepatronal.backoffice.constants import Role
from clavepatronal.backoffice.services.staff import staff_create
from clavepatronal.catalogue.constants import Channel
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.documents.constants import DocumentKind
from clavepatronal.employers.constants import ActivationStatus, RecipientRole
from clavepatronal.employers.models import Activation, EmployerAccount
from clavepatronal.employers.services import (
    ActivationError,
    clave_issue_at_desk,
    clave_issue_by_link,
    clave_set_by_activation,
    power_record,
    power_reject,
    power_stamp,
)
from clavepatronal.identity.constants import IdentificationType

from .conftest import PASSWORD, mailed_link_token
from .factories import CEDULA, CEDULA_REP, RUC_SOCIEDAD, RegistrationFactory

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def officer(django_user_model):
    return django_user_model.objects.create_user(
        "servidor.quito",
        password="una-clave-del-servidor-larga",
        first_name="Pedro",
        last_name="Salazar",
        is_staff=True,
    )


def issue_in_person(registration, officer, **recipient):
    recipient = {
        "recipient_names": "Juan Carlos Pérez Andrade",
        "recipient_id_type": IdentificationType.CEDULA,
        "recipient_identification": CEDULA_REP,
        "recipient_role": RecipientRole.REPRESENTANTE_LEGAL,
        **recipient,
    }
    return clave_issue_at_desk(
        registration=registration,
        issued_by=officer,
        **recipient,
    )


def test_virtual_issue_creates_the_account_and_mails_a_link_to_the_verified_email(
    registration, issue_link
):
    activation, token = issue_link(registration)
    user = get_user_model().objects.get(username=RUC_SOCIEDAD)
    assert not user.is_staff and not user.is_superuser
    assert not user.has_usable_password()  # nobody holds a clave yet
    assert user.email == registration.email
    assert EmployerAccount.objects.get(user=user).registration == registration
    assert activation.status == ActivationStatus.PENDIENTE
    assert activation.email == registration.email
    assert activation.recipient_role == RecipientRole.REPRESENTANTE_LEGAL
    assert activation.expires_at - activation.created == pytest.approx(
        datetime.timedelta(hours=72), abs=datetime.timedelta(seconds=5)
    )
    message = mail.outbox[-1]
    assert message.to == [registration.email]
    assert "72 horas" in message.body
    # Only an HMAC of the token is stored, nowhere the token itself.
    stored = Activation.objects.filter(pk=activation.pk).values().get()
    assert token not in str(stored)
    event = AuditEvent.objects.get(action="clave.emitida")
    assert event.actor_label == "pruebas"
    assert event.data["channel"] == Channel.VIRTUAL


def test_a_domestic_employer_signs_in_with_the_cedula(issue_link):
    registration = RegistrationFactory(sector="DOMESTICO")
    issue_link(registration)
    assert get_user_model().objects.filter(username=CEDULA).exists()


def test_in_person_issue_returns_the_code_once_and_stores_the_acta_without_it(
    registration, officer
):
    result = issue_in_person(registration, officer)
    activation = result.activation
    assert len(result.code) == 12
    assert activation.channel == Channel.PRESENCIAL
    assert activation.issued_by == officer
    assert activation.recipient_identification == CEDULA_REP
    assert result.acta.kind == DocumentKind.ACTA_ENTREGA_CLAVE
    assert activation.acta == result.acta
    grouped = f"{result.code[:4]}-{result.code[4:8]}-{result.code[8:]}"
    printed = pdf_text(result.acta_pdf)
    for text in (
        "Acta de entrega de clave patronal",
        grouped,
        "Juan Carlos Pérez",
        "Representante legal",
        "Pedro Salazar",
        RUC_SOCIEDAD,
        "Recibí conforme",
        "Entregué",
    ):
        assert text in printed, text
    stored = pdf_text(bytes(result.acta.content))
    assert grouped not in stored
    assert "Se imprime solo en la copia entregada" in stored
    assert not mail.outbox  # in person: nothing is mailed
    event = AuditEvent.objects.get(action="clave.emitida")
    assert event.actor == officer
    assert event.data["recipient_identification"] == CEDULA_REP


def test_an_authorized_third_party_must_be_the_one_in_the_solicitud(
    registration, officer
):
    ok = issue_in_person(
        registration,
        officer,
        recipient_names="Rosa Elena Quishpe Toapanta",
        recipient_id_type=IdentificationType.PASAPORTE,
        recipient_identification="ab123456",
        recipient_role=RecipientRole.TERCERO_AUTORIZADO,
    )
    assert ok.activation.recipient_identification == "AB123456"
    with pytest.raises(ApplicationError, match="Autorización de Retiro"):
        issue_in_person(
            registration,
            officer,
            recipient_id_type=IdentificationType.CEDULA,
            recipient_identification=CEDULA,
            recipient_role=RecipientRole.TERCERO_AUTORIZADO,
        )


def test_the_legal_representative_must_show_the_registered_identification(
    registration, officer
):
    with pytest.raises(ApplicationError, match="representante legal"):
        issue_in_person(registration, officer, recipient_identification=CEDULA)


@pytest.fixture
def delegado(pichincha):
    return staff_create(
        username="delegado.pichincha",
        password="una-clave-del-delegado-larga",
        first_name="Rosa",
        last_name="Andrade",
        email="delegado@iess.gob.ec",
        role=Role.DELEGADO,
        province=pichincha,
    ).user


def record_power(registration, officer, **overrides):
    return power_record(
        registration=registration,
        province=registration.province,
        recorded_by=officer,
        **{
            "notary": "Notaría Tercera del cantón Quito",
            "deed_number": "2026-17-01-03-P01234",
            "granted_on": datetime.date(2026, 10, 5),
            "apoderado_names": "Luis Alberto Ortiz",
            "apoderado_id_type": IdentificationType.CEDULA,
            "apoderado_identification": CEDULA,
            **overrides,
        },
    )


APODERADO = {
    "recipient_names": "Luis Alberto Ortiz",
    "recipient_identification": CEDULA,
    "recipient_role": RecipientRole.APODERADO,
}


def test_an_apoderado_needs_a_recorded_power(registration, officer):
    with pytest.raises(ApplicationError, match="poder notarial") as refused:
        issue_in_person(registration, officer, **APODERADO)
    assert refused.value.extra["code"] == "power_missing"
    assert not Activation.objects.exists()


def test_an_apoderado_without_the_delegados_stamp_cannot_receive_the_key(
    registration, officer, delegado
):
    power = record_power(registration, officer)
    with pytest.raises(ApplicationError, match="sello") as refused:
        issue_in_person(registration, officer, power_of_attorney=power, **APODERADO)
    assert refused.value.extra["code"] == "power_not_stamped"
    power_stamp(power=power, actor=delegado)
    result = issue_in_person(
        registration, officer, power_of_attorney=power, **APODERADO
    )
    assert result.activation.recipient_role == RecipientRole.APODERADO
    assert result.activation.power_of_attorney == power
    # The stamp code is printed on the Acta.
    assert power.stamp_display in pdf_text(result.acta_pdf)


def test_a_rejected_power_or_another_persons_power_is_refused(
    registration, officer, delegado
):
    power = record_power(registration, officer)
    power_reject(power=power, actor=delegado, reason="El poder no faculta el retiro.")
    with pytest.raises(ApplicationError, match="sello"):
        issue_in_person(registration, officer, power_of_attorney=power, **APODERADO)
    other = power_stamp(
        power=record_power(registration, officer, deed_number="P-2"), actor=delegado
    )
    with pytest.raises(ApplicationError, match="apoderado que consta"):
        issue_in_person(
            registration,
            officer,
            power_of_attorney=other,
            **{**APODERADO, "recipient_identification": CEDULA_REP},
        )


def test_only_a_delegado_juridico_stamps_and_only_once(registration, officer, delegado):
    power = record_power(registration, officer)
    with pytest.raises(ApplicationError, match="delegado jurídico"):
        power_stamp(power=power, actor=officer)
    power_stamp(power=power, actor=delegado)
    with pytest.raises(ApplicationError, match="ya fue revisado"):
        power_stamp(power=power, actor=delegado)
    assert AuditEvent.objects.filter(action="poder.sellado").count() == 1


def test_the_database_refuses_an_apoderado_activation_without_power(
    registration, officer
):
    result = issue_in_person(registration, officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Activation.objects.filter(pk=result.activation.pk).update(
            recipient_role=RecipientRole.APODERADO
        )


def test_only_staff_issue_and_only_for_an_active_registration(
    registration, django_user_model
):
    citizen = django_user_model.objects.create_user("ciudadano", password="x" * 12)
    with pytest.raises(ApplicationError):
        clave_issue_by_link(registration=registration, issued_by=citizen)
    registration.status = "ANULADO"
    registration.save()
    with pytest.raises(ApplicationError, match="no está activo"):
        clave_issue_by_link(registration=registration, actor_label="x")


def test_an_activation_link_works_once(client, registration, issue_link):
    _activation, token = issue_link(registration)
    link = reverse("portal:activate_link", args=[token])
    response = client.get(link)
    assert response.status_code == 302
    assert response.url == reverse("portal:clave_set")
    assert token not in response.url  # the token leaves the address bar
    response = client.post(
        reverse("portal:clave_set"),
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("portal:login")
    user = get_user_model().objects.get(username=RUC_SOCIEDAD)
    assert user.check_password(PASSWORD)
    again = client.get(link)
    assert again.status_code == 404
    assert "ya se usó" in again.content.decode()


def test_the_service_refuses_a_second_use(registration, issue_link):
    activation, _token = issue_link(registration)
    clave_set_by_activation(activation_id=activation.pk, password=PASSWORD)
    with pytest.raises(ActivationError, match="ya se usó"):
        clave_set_by_activation(activation_id=activation.pk, password=PASSWORD + "x")
    user = get_user_model().objects.get(username=RUC_SOCIEDAD)
    assert user.check_password(PASSWORD)


def test_an_activation_link_expires_after_72_hours(client, registration, issue_link):
    activation, token = issue_link(registration)
    later = activation.expires_at + datetime.timedelta(seconds=1)
    with pytest.raises(ActivationError, match="venció"):
        clave_set_by_activation(
            activation_id=activation.pk, password=PASSWORD, now=later
        )
    activation.refresh_from_db()
    assert activation.status == ActivationStatus.VENCIDA
    response = client.get(reverse("portal:activate_link", args=[token]))
    assert response.status_code == 404
    assert "venció" in response.content.decode()


def test_a_new_issue_revokes_the_earlier_one(client, registration, issue_link):
    first, first_token = issue_link(registration)
    second, _second_token = issue_link(registration)
    first.refresh_from_db()
    assert first.status == ActivationStatus.REVOCADA
    assert second.status == ActivationStatus.PENDIENTE
    with pytest.raises(ActivationError, match="reemplazado"):
        clave_set_by_activation(activation_id=first.pk, password=PASSWORD)
    response = client.get(reverse("portal:activate_link", args=[first_token]))
    assert "reemplazado" in response.content.decode()


def test_a_new_issue_disables_the_clave_already_set(employer, registration, officer):
    assert employer.user.check_password(PASSWORD)
    issue_in_person(registration, officer)
    employer.user.refresh_from_db()
    assert not employer.user.has_usable_password()


def test_the_database_allows_one_pending_activation_per_account(
    registration, issue_link
):
    activation, _token = issue_link(registration)
    duplicate = Activation.objects.filter(pk=activation.pk).values().get()
    duplicate.pop("id")
    duplicate["secret_hash"] = "f" * 64
    with pytest.raises(IntegrityError), transaction.atomic():
        Activation.objects.create(**duplicate)


def test_the_in_person_code_activates_once_with_the_ruc(client, registration, officer):
    code = issue_in_person(registration, officer).code
    typed = f"{code[:4].lower()}-{code[4:8]} {code[8:]}"
    response = client.post(
        reverse("portal:activate_code"),
        {"identification": RUC_SOCIEDAD, "code": typed},
    )
    assert response.status_code == 302
    assert response.url == reverse("portal:clave_set")
    client.post(
        reverse("portal:clave_set"),
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert get_user_model().objects.get(username=RUC_SOCIEDAD).check_password(PASSWORD)
    again = client.post(
        reverse("portal:activate_code"),
        {"identification": RUC_SOCIEDAD, "code": code},
    )
    assert again.status_code == 200
    assert "ya se usó o venció" in again.content.decode()


def test_a_code_for_another_employer_or_a_wrong_code_says_the_same(
    client, registration, other_registration, officer
):
    code = issue_in_person(registration, officer).code
    answers = []
    for identification, typed in (
        (other_registration.employer_identification, code),
        (RUC_SOCIEDAD, "ABCDEFGHJKMN"),
        ("1790012345001", code),
    ):
        response = client.post(
            reverse("portal:activate_code"),
            {"identification": identification, "code": typed},
        )
        assert response.status_code == 200
        answers.append(response.context["form"].non_field_errors())
    assert answers[0] == answers[1] == answers[2]


def test_an_expired_code_does_not_activate(client, registration, officer):
    result = issue_in_person(registration, officer)
    Activation.objects.filter(pk=result.activation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.post(
        reverse("portal:activate_code"),
        {"identification": RUC_SOCIEDAD, "code": result.code},
    )
    assert "venció" in response.content.decode()


def test_activating_by_code_is_rate_limited_per_ruc(client, registration, settings):
    settings.PORTAL_RATE_PER_IDENTIFICATION = "3/h"
    statuses = [
        client.post(
            reverse("portal:activate_code"),
            {"identification": RUC_SOCIEDAD, "code": "ABCDEFGHJKMN"},
        ).status_code
        for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_activation_mails_a_confirmation(
    client, registration, issue_link, django_capture_on_commit_callbacks
):
    activation, _token = issue_link(registration)
    with django_capture_on_commit_callbacks(execute=True):
        clave_set_by_activation(activation_id=activation.pk, password=PASSWORD)
    message = mail.outbox[-1]
    assert message.to == [registration.email]
    assert "quedó activada" in message.subject
    assert AuditEvent.objects.filter(action="clave.activada").count() == 1
    account = EmployerAccount.objects.get()
    assert account.activated_at is not None


def test_emitir_clave_issues_by_link_and_says_where_it_went(
    registration, capsys, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("emitir_clave", RUC_SOCIEDAD)
    assert registration.email in capsys.readouterr().out
    assert mailed_link_token(mail.outbox[-1])
    activation = Activation.objects.get()
    assert activation.issued_by_label == "soporte (emitir_clave)"
    with pytest.raises(CommandError, match="No hay un registro activo"):
        call_command("emitir_clave", "1790012345001")
