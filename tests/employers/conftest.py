import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.refusals import refused_page  # noqa: F401  (the employer tests use it)

PAGES = ["sector", "empleador", "representante", "autorizacion"]


def mailed_code(message) -> str:
    return re.search(r"^\s+(\d{6})\s*$", message.body, re.MULTILINE).group(1)


def draft_key(client) -> str:
    """The registration draft this client began last."""
    return client.session["registros_borradores"][-1]


def draft_url(client, name: str, **kwargs) -> str:
    """A page of the client's last draft: "review", "email" or "step" (step=…)."""
    return reverse(f"employers:{name}", kwargs={"key": draft_key(client), **kwargs})


def fill_pages(client, data: dict[str, dict]):
    """Post every page as a person would, in a new draft; the last response."""
    response = client.post(reverse("employers:new"), data["sector"])
    assert response.status_code == 302, response.content.decode()[:3000]
    for page in PAGES[1:]:
        response = client.post(draft_url(client, "step", step=page), data[page])
        assert response.status_code == 302, (page, response.content.decode()[:3000])
    return response


@pytest.fixture
def fill():
    return fill_pages


@pytest.fixture
def register(fill, django_capture_on_commit_callbacks):
    """The whole journey through the e-mail code; returns the done page response.

    Mail goes out on commit; the test's transaction never commits, so the callbacks
    are run where the commit would have happened.
    """

    def run(client, data: dict[str, dict]):
        fill(client, data)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(draft_url(client, "review"))
        code = mailed_code(mail.outbox[-1])
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(draft_url(client, "email"), {"code": code}, follow=True)

    return run


# --- portal del empleador

PASSWORD = "Cielo-Azul-Quito-2031"
LINK = re.compile(r"/empleador/(?:activar|restablecer)/([\w-]+)/")


def mailed_link_token(message) -> str:
    return LINK.search(message.body).group(1)


@pytest.fixture
def other_registration(db):
    """Another employer, with another legal representative and no authorization."""
    from .factories import CEDULA, RegistrationFactory

    return RegistrationFactory(
        sector="PUBLICO",
        email="otro@ejemplo.ec",
        business_name="Gobierno Autónomo de Prueba",
        rep_identification=CEDULA,
        rep_names="Ana Lucía Mora Cevallos",
        without_authorization=True,
    )


@pytest.fixture
def issue_link(django_capture_on_commit_callbacks):
    """Issue by the virtual channel; returns (activation, token from the e-mail)."""
    from clavepatronal.employers.services import (
        clave_issue_by_link,
    )

    def issue(registration, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            result = clave_issue_by_link(
                registration=registration,
                actor_label="pruebas",
                **kwargs,
            )
        return result.activation, mailed_link_token(mail.outbox[-1])

    return issue


@pytest.fixture
def make_employer(issue_link):
    """An employer whose clave is set (through an issued link)."""
    from clavepatronal.employers.services import clave_set_by_activation

    def make(registration, password: str = PASSWORD):
        activation, _token = issue_link(registration)
        return clave_set_by_activation(activation_id=activation.pk, password=password)

    return make


@pytest.fixture
def employer(make_employer, registration):
    return make_employer(registration)


@pytest.fixture
def other_employer(make_employer, other_registration):
    return make_employer(other_registration)


@pytest.fixture
def login():
    """Log in through the portal's form, as a person does."""

    def run(client, username: str, password: str = PASSWORD, **extra):
        return client.post(
            reverse("portal:login"),
            {"username": username, "password": password},
            **extra,
        )

    return run
