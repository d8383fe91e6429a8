"""Issue 16 (4): a stranger who knows a RUC learns only that a registration exists,
and cannot ask about many RUCs, or one RUC many times."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from clavepatronal.employers.constants import (
    REGISTRY_LOOKUP_RATE_PER_IDENTIFICATION,
    REGISTRY_LOOKUP_RATE_PER_IP,
)
from clavepatronal.employers.models import Registration

from .factories import RUC_PERSONA, RUC_SOCIEDAD, RegistrationFactory

pytestmark = pytest.mark.django_db

RATE_PER_IP = int(REGISTRY_LOOKUP_RATE_PER_IP.split("/")[0])
RATE_PER_ID = int(REGISTRY_LOOKUP_RATE_PER_IDENTIFICATION.split("/")[0])


def _employer_page_url(client) -> str:
    response = client.post(reverse("employers:new"), {"sector": "PRIVADO"})
    assert response.status_code == 302
    return response.url


def _look_up(client, url, answers, ruc=RUC_SOCIEDAD, **extra):
    data = {**answers()["empleador"], "identification": ruc}
    return client.post(url, data, follow=True, **extra)


def test_existing_page_shows_no_date_and_no_email(
    client, answers, django_capture_on_commit_callbacks
):
    registration = RegistrationFactory(email="gerencia.financiera@andina.ec")
    response = _look_up(client, _employer_page_url(client), answers)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("employers:existing")
    assert "Existe un registro" in page
    for leak in ("andina.ec", "g*", "gerencia", registration.created.strftime("%Y")):
        assert leak not in page, leak
    assert "desde el" not in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("employers:existing"))
    code_page = client.get(reverse("employers:existing_code")).content.decode()
    assert "andina.ec" not in code_page
    assert "correo electrónico registrado" in code_page
    assert mail.outbox[-1].to == ["gerencia.financiera@andina.ec"]


def test_lookups_of_one_ruc_are_limited_from_any_address(client, answers):
    RegistrationFactory()
    statuses = []
    for number in range(RATE_PER_ID + 1):
        other = Client()
        url = _employer_page_url(other)
        response = _look_up(other, url, answers, REMOTE_ADDR=f"10.0.0.{number + 1}")
        statuses.append(response.status_code)
    assert statuses[:-1] == [200] * RATE_PER_ID
    assert statuses[-1] == 429
    assert "Demasiadas solicitudes" in response.content.decode()
    assert Registration.objects.count() == 1


def test_lookups_from_one_address_are_limited_across_rucs(client, answers, settings):
    url = _employer_page_url(client)
    statuses = [
        _look_up(client, url, answers, ruc=ruc).status_code
        for ruc in [RUC_SOCIEDAD, RUC_PERSONA] * (RATE_PER_IP // 2) + [RUC_SOCIEDAD]
    ]
    assert 429 not in statuses[:RATE_PER_IP]
    assert statuses[-1] == 429


def test_sending_the_code_counts_against_the_ruc_too(
    client, answers, django_capture_on_commit_callbacks
):
    RegistrationFactory()
    _look_up(client, _employer_page_url(client), answers)
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post(reverse("employers:existing")).status_code
            for _ in range(RATE_PER_ID)
        ]
    assert statuses[-1] == 429
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(reverse("employers:existing"))
    assert refused.status_code == 429
    assert len(mail.outbox) == sent  # a refusal sends nothing
