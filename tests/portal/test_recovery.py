"""¿Olvidó su clave?: one answer for every input, a short single-use link to the
verified e-mail, rate limits; every clave change is mailed."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from clavepatronal.employers.constants import ActivationPurpose, ActivationStatus
from clavepatronal.employers.models import Activation
from clavepatronal.employers.services import (
    ActivationError,
    clave_recovery_request,
    clave_set_by_activation,
)
from tests.employers.conftest import PASSWORD, mailed_link_token
from tests.employers.factories import CEDULA, CEDULA_REP, RUC_SOCIEDAD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Laguna-Quilotoa-9981"
RECOVERY = reverse("portal:recovery")


def ask(client, identification=RUC_SOCIEDAD, rep=CEDULA_REP, **extra):
    return client.post(
        RECOVERY, {"identification": identification, "rep_identification": rep}, **extra
    )


def test_the_answer_is_the_same_whether_or_not_the_data_matched(
    client, employer, django_capture_on_commit_callbacks
):
    before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            ask(client),
            ask(client, rep=CEDULA),
            ask(client, identification="1790012345001"),
        ]
    assert {(r.status_code, r.url) for r in answers} == {
        (302, reverse("portal:recovery_sent"))
    }
    assert len(mail.outbox) == before + 1  # one link, for the data that matched
    assert mail.outbox[-1].to == [employer.user.email]
    assert (
        Activation.objects.filter(purpose=ActivationPurpose.RECUPERACION).count() == 1
    )


def test_the_recovery_link_sets_a_new_clave_once_and_mails_the_change(
    client, employer, login, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client)
    token = mailed_link_token(mail.outbox[-1])
    # The current clave keeps working until the link is used.
    employer.user.refresh_from_db()
    assert employer.user.check_password(PASSWORD)
    link = reverse("portal:recovery_link", args=[token])
    page = client.get(client.get(link).url)
    assert "Restablezca su clave patronal" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("portal:clave_set"),
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
    employer.user.refresh_from_db()
    assert employer.user.check_password(NEW_PASSWORD)
    assert "cambió" in mail.outbox[-1].subject
    assert client.get(link).status_code == 404  # once
    assert login(client, RUC_SOCIEDAD, NEW_PASSWORD).url == reverse("portal:dashboard")


def test_the_recovery_link_lives_30_minutes(employer):
    assert clave_recovery_request(
        identification=RUC_SOCIEDAD, rep_identification=CEDULA_REP
    )
    activation = Activation.objects.get(purpose=ActivationPurpose.RECUPERACION)
    assert activation.expires_at - activation.created == pytest.approx(
        datetime.timedelta(minutes=30), abs=datetime.timedelta(seconds=5)
    )
    with pytest.raises(ActivationError, match="venció"):
        clave_set_by_activation(
            activation_id=activation.pk,
            password=NEW_PASSWORD,
            now=activation.expires_at + datetime.timedelta(seconds=1),
        )


def test_a_new_recovery_link_replaces_the_previous_one(employer):
    clave_recovery_request(identification=RUC_SOCIEDAD, rep_identification=CEDULA_REP)
    clave_recovery_request(identification=RUC_SOCIEDAD, rep_identification=CEDULA_REP)
    statuses = list(
        Activation.objects.filter(purpose=ActivationPurpose.RECUPERACION)
        .order_by("pk")
        .values_list("status", flat=True)
    )
    assert statuses == [ActivationStatus.REVOCADA, ActivationStatus.PENDIENTE]


def test_a_live_issued_link_is_not_replaced_by_a_recovery(registration, issue_link):
    issue_link(registration)
    assert not clave_recovery_request(
        identification=RUC_SOCIEDAD, rep_identification=CEDULA_REP
    )
    assert Activation.objects.get().status == ActivationStatus.PENDIENTE


def test_recovery_is_rate_limited_per_ruc_and_per_ip(client, employer, settings):
    settings.PORTAL_RATE_PER_IDENTIFICATION = "2/h"
    settings.PORTAL_RATE_PER_IP = "4/h"
    assert [ask(client).status_code for _ in range(3)] == [302, 302, 429]
    others = [
        ask(client, identification=f"17900123450{n:02d}").status_code for n in range(2)
    ]
    assert others == [302, 429]  # this IP used its 4
    assert (
        ask(client, REMOTE_ADDR="10.0.0.9", identification="1790012345099").status_code
        == 302
    )


def test_the_recovery_page_shows_the_reissue_route(client):
    page = client.get(RECOVERY).content.decode()
    assert "nuevo trámite de clave patronal" in page
    assert 'autocomplete="username"' in page


def test_the_recovery_page_only_enqueues_the_work(
    client, employer, settings, django_capture_on_commit_callbacks
):
    """The look-up and the mail run in a task: the request does the same work,
    query for query, whether or not the data matched an account."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_tasks import default_task_backend

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    counts = []
    for identification, rep in [
        (RUC_SOCIEDAD, CEDULA_REP),  # matches the account
        (RUC_SOCIEDAD, CEDULA),  # wrong representative
        ("1790012345001", CEDULA_REP),  # no such account
    ]:
        with (
            django_capture_on_commit_callbacks(execute=True),
            CaptureQueriesContext(connection) as queries,
        ):
            response = ask(client, identification=identification, rep=rep)
        assert response.url == reverse("portal:recovery_sent")
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts
    # Nothing done yet in the request.
    assert not Activation.objects.filter(
        purpose=ActivationPurpose.RECUPERACION
    ).exists()
    queued = default_task_backend.results
    assert [r.task.name for r in queued] == ["clave_recovery_task"] * 3
    # The task carries the id of the request that enqueued it (core.request_id).
    assert queued[-1].kwargs.pop("_request_id") == response["X-Request-ID"]
    assert queued[0].kwargs.pop("_request_id")
    assert queued[0].kwargs == {
        "identification": RUC_SOCIEDAD,
        "rep_identification": CEDULA_REP,
    }


def test_the_recovery_task_mails_the_link(employer, django_capture_on_commit_callbacks):
    from clavepatronal.employers.tasks import clave_recovery_task

    with django_capture_on_commit_callbacks(execute=True):
        clave_recovery_task.call(
            identification=RUC_SOCIEDAD, rep_identification=CEDULA_REP
        )
    assert mail.outbox[-1].to == [employer.user.email]
    assert Activation.objects.filter(purpose=ActivationPurpose.RECUPERACION).exists()
