"""«Ejercer mis derechos»: the public form, the e-mailed code, the portal shortcut,
the deadline, the answer by e-mail and the deletion's effect."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone

from clavepatronal.audit.models import AuditEvent
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.notifications.models import EmailVerification, OutboxEmail
from clavepatronal.privacy.models import (
    IdentityProof,
    RequestStatus,
    Right,
    RightsRequest,
)
from clavepatronal.privacy.services.rights import (
    rights_deletion_statement,
    rights_request_close,
    rights_request_file,
    rights_request_take,
)
from clavepatronal.privacy.working_days import working_days_add
from tests.appointments.conftest import cedula

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("commit_per_request")]

PERSON = cedula(4242)
UNKNOWN = cedula(9999)


def form_data(**overrides):
    data = {
        "right": Right.ELIMINACION,
        "id_type": "CEDULA",
        "id_number": PERSON,
        "names": "María José Pérez Andrade",
        "email": "maria.perez@correo.ec",
        "employer_ruc": "",
        "description": "Quiero que eliminen mis datos del turno que no usé.",
    }
    data.update(overrides)
    return data


def last_code() -> str:
    return re.search(r"^\s+(\d{6})\s*$", mail.outbox[-1].body, re.M).group(1)


def file_request(**overrides) -> RightsRequest:
    data = form_data(**overrides)
    return rights_request_file(
        right=data["right"],
        id_type=data["id_type"],
        identification=data["id_number"],
        names=data["names"],
        email=data["email"],
        description=data["description"],
        employer_identification=data["employer_ruc"],
        proof=IdentityProof.CODIGO_CORREO,
    )


def test_a_person_files_with_the_emailed_code_and_gets_a_number(client):
    response = client.post(reverse("privacy:rights"), form_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:rights_verify")
    assert not RightsRequest.objects.exists()  # nothing filed before the code
    response = client.post(reverse("privacy:rights_verify"), {"code": last_code()})
    assert response["Location"] == reverse("privacy:rights_done")
    filed = RightsRequest.objects.get()
    assert filed.proof == IdentityProof.CODIGO_CORREO
    assert filed.status == RequestStatus.RECIBIDA
    page = client.get(reverse("privacy:rights_done")).content.decode()
    assert filed.number in page
    assert mail.outbox[-1].to == ["maria.perez@correo.ec"]
    assert filed.number in mail.outbox[-1].subject
    # The receipt states the deadline as a date a person reads.
    due = formats.date_format(filed.due_on, r"j \d\e F \d\e Y")
    assert f"hasta el {due}" in mail.outbox[-1].body
    assert AuditEvent.objects.filter(
        action="derechos.recibida", target_id=str(filed.pk)
    ).exists()


def test_a_wrong_code_files_nothing(client):
    client.post(reverse("privacy:rights"), form_data())
    wrong = "000000" if last_code() != "000000" else "111111"
    page = client.post(reverse("privacy:rights_verify"), {"code": wrong})
    assert "El código no es correcto" in page.content.decode()
    assert not RightsRequest.objects.exists()


def test_the_answer_is_the_same_whether_or_not_the_identification_is_known(
    client, registration
):
    known = client.post(
        reverse("privacy:rights"),
        form_data(
            id_number=registration.rep_identification,
            employer_ruc=registration.employer_identification,
        ),
    )
    other = Client()
    unknown = other.post(reverse("privacy:rights"), form_data(id_number=UNKNOWN))
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    page_known = client.get(known["Location"]).content.decode()
    page_unknown = other.get(unknown["Location"]).content.decode()
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub("", page_known) == strip.sub("", page_unknown)


def test_bad_input_shows_spanish_errors_and_changes_nothing(client):
    response = client.post(
        reverse("privacy:rights"),
        form_data(id_number="123", email="no-es-correo", description="corto"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Hay un problema" in page
    assert "Escriba un correo válido" in page
    assert not EmailVerification.objects.exists()
    assert not RightsRequest.objects.exists()


def test_the_code_requests_are_rate_limited(client, settings):
    settings.PRIVACY_RIGHTS_RATE_PER_IDENTIFICATION = "2/h"
    for _attempt in range(2):
        assert client.post(reverse("privacy:rights"), form_data()).status_code == 302
    response = client.post(reverse("privacy:rights"), form_data())
    assert response.status_code == 429
    assert EmailVerification.objects.count() == 2


def test_the_verify_step_without_a_form_goes_back_to_the_form(client):
    assert client.get(reverse("privacy:rights_verify"))["Location"] == reverse(
        "privacy:rights"
    )
    assert client.get(reverse("privacy:rights_done"))["Location"] == reverse(
        "privacy:rights"
    )


def test_a_signed_in_employer_files_without_a_code(client, registration):
    from clavepatronal.core.models import User
    from clavepatronal.employers.models import EmployerAccount

    user = User.objects.create_user(
        username=registration.employer_identification, email="empresa@correo.ec"
    )
    EmployerAccount.objects.create(user=user, registration=registration)
    client.force_login(user)
    page = client.get(reverse("privacy:rights")).content.decode()
    assert "No necesita un código" in page
    data = form_data(right=Right.ACCESO)
    del data["email"], data["employer_ruc"]
    response = client.post(reverse("privacy:rights"), data)
    assert response["Location"] == reverse("privacy:rights_done")
    filed = RightsRequest.objects.get()
    assert filed.proof == IdentityProof.PORTAL
    assert filed.email == "empresa@correo.ec"
    assert filed.employer_identification == registration.employer_identification
    assert filed.speaks_for_employer
    assert not EmailVerification.objects.exists()


def test_only_the_registrations_mailbox_speaks_for_the_employer(registration):
    """The code proves the mailbox typed: the registration's (any spelling that
    reaches it) speaks for the employer; another address does not."""
    ruc = registration.employer_identification
    theirs = file_request(employer_ruc=ruc, email=f" {registration.email.upper()} ")
    stranger = file_request(employer_ruc=ruc, email="otra.persona@correo.ec")
    assert theirs.speaks_for_employer and not stranger.speaks_for_employer
    assert not file_request(email=registration.email).speaks_for_employer


def test_the_deadline_is_fifteen_working_days_from_the_receipt():
    filed = file_request()
    assert filed.due_on == working_days_add(
        start=timezone.localdate(filed.received_at), days=15
    )
    assert (filed.due_on - timezone.localdate(filed.received_at)).days >= 21


def test_the_officer_takes_and_answers_and_the_person_gets_the_answer(
    django_user_model,
):
    officer = django_user_model.objects.create_user(username="dpo", is_staff=True)
    filed = file_request(right=Right.ACCESO)
    rights_request_take(request=filed, officer=officer)
    rights_request_close(request=filed, officer=officer, answer="Aquí sus datos.")
    filed.refresh_from_db()
    assert filed.status == RequestStatus.RESPONDIDA
    assert filed.answered_at is not None
    answer = OutboxEmail.objects.get(subject__contains="Respuesta a su solicitud")
    assert answer.to == filed.email
    assert "Aquí sus datos." in answer.body
    actions = list(
        AuditEvent.objects.filter(target_id=str(filed.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "derechos.recibida",
        "derechos.en_tramite",
        "derechos.respondida",
    ]


def test_a_request_cannot_be_answered_before_it_is_taken_or_twice(
    django_user_model,
):
    officer = django_user_model.objects.create_user(username="dpo", is_staff=True)
    filed = file_request()
    with pytest.raises(ApplicationError):
        rights_request_close(request=filed, officer=officer, answer="x")
    rights_request_take(request=filed, officer=officer)
    with pytest.raises(ApplicationError):
        rights_request_take(request=filed, officer=officer)
    with pytest.raises(ApplicationError):
        rights_request_close(request=filed, officer=officer, answer="   ")
    rights_request_close(request=filed, officer=officer, answer="No.", rejected=True)
    filed.refresh_from_db()
    assert filed.status == RequestStatus.RECHAZADA
    with pytest.raises(ApplicationError):
        rights_request_close(request=filed, officer=officer, answer="Otra vez")


def test_the_database_refuses_a_closed_request_without_answer():
    from django.db import IntegrityError, transaction

    filed = file_request()
    with pytest.raises(IntegrityError), transaction.atomic():
        RightsRequest.objects.filter(pk=filed.pk).update(
            status=RequestStatus.RESPONDIDA
        )


def test_a_granted_deletion_removes_the_persons_codes_and_says_what_is_kept(
    django_user_model,
):
    officer = django_user_model.objects.create_user(username="dpo", is_staff=True)
    filed = file_request()
    EmailVerification.objects.create(
        purpose="TURNO",
        subject=PERSON,
        email="maria.perez@correo.ec",
        salt="s",
        code_hash="h",
        expires_at=timezone.now() + datetime.timedelta(minutes=5),
    )
    other = EmailVerification.objects.create(
        purpose="TURNO",
        subject=UNKNOWN,
        email="otro@correo.ec",
        salt="s",
        code_hash="h",
        expires_at=timezone.now() + datetime.timedelta(minutes=5),
    )
    rights_request_take(request=filed, officer=officer)
    statement = rights_deletion_statement()
    rights_request_close(request=filed, officer=officer, answer=statement)
    assert list(EmailVerification.objects.all()) == [other]
    assert AuditEvent.objects.filter(action="derechos.datos_eliminados").exists()
    # Every row of the retention table is named, with its period.
    from clavepatronal.privacy.retention import retention_rules

    for rule in retention_rules():
        assert str(rule.data) in statement
        if rule.amount:
            assert rule.period_display in statement
