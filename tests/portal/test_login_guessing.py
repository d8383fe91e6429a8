"""Issue 25 (4): a cap on guesses per account from any addresses. Twenty wrong
claves spread over twenty /24 networks used to pass every lockout (one failure per
account and address, a few per address); now the account's next attempt from a
network it never signed in from waits, a wait that doubles with each further failure,
while its owner's usual network is never held up. Behind the trusted proxy, as in
production."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clavepatronal.backoffice.constants import Role
from clavepatronal.core import guessing
from tests.backoffice.accounts import staff_user
from tests.employers.conftest import PASSWORD
from tests.employers.factories import RUC_SOCIEDAD
from tests.staff import verified_login

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"
HELD = "Hubo muchos intentos fallidos"


def via(network: int, host: int = 9) -> dict:
    """A client in its own /24 network, as the balancer forwards it."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"186.{network}.1.{host}"}


@pytest.fixture(autouse=True)
def behind_the_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.LOGIN_ACCOUNT_FAILURES = 10
    settings.LOGIN_ACCOUNT_DELAY_SECONDS = 60


def spread_guesses(login, username: str, count: int, *, first_network: int = 100):
    """`count` wrong claves, each from its own /24: no lockout per address fires;
    the first ten are judged, every one after them is held without being tried."""
    for number in range(count):
        reply = login(
            Client(), username, "Equivocada-2031", **via(first_network + number)
        )
        if number < 10:
            assert reply.status_code == 200
            assert "no son correctos" in reply.content.decode()
        else:
            assert reply.status_code == 429
            assert HELD in reply.content.decode()


def test_twenty_guesses_from_twenty_networks_then_the_right_clave_waits(
    employer, login
):
    spread_guesses(login, RUC_SOCIEDAD, 20)
    stranger = Client()
    held = login(stranger, RUC_SOCIEDAD, PASSWORD, **via(200))
    assert held.status_code == 429
    page = held.content.decode()
    assert HELD in page and "«¿Olvidó su clave?»" in page
    assert reverse("portal:recovery") in page
    assert "_auth_user_id" not in stranger.session  # the right clave did not open it


def test_the_owners_usual_network_never_waits(employer, login):
    owner = Client()
    assert login(owner, RUC_SOCIEDAD, PASSWORD, **via(7)).status_code == 302
    spread_guesses(login, RUC_SOCIEDAD, 20)
    # Another device in the owner's network (same /24) gets in at once.
    assert login(Client(), RUC_SOCIEDAD, PASSWORD, **via(7, host=77)).status_code == 302


def test_below_the_cap_nothing_changes(employer, login):
    spread_guesses(login, RUC_SOCIEDAD, 9)
    assert login(Client(), RUC_SOCIEDAD, PASSWORD, **via(200)).status_code == 302


def test_an_unknown_ruc_is_held_the_same_way(login):
    """No account tells itself apart: the same wait for a RUC nobody registered."""
    spread_guesses(login, "1790016919001", 10)
    held = login(Client(), "1790016919001", "Cualquier-clave-2031", **via(200))
    assert held.status_code == 429 and HELD in held.content.decode()


def test_the_wait_doubles_with_each_further_failure(employer, login, monkeypatch):
    spread_guesses(login, RUC_SOCIEDAD, 10)
    request = Client().get("/").wsgi_request
    request.META["REMOTE_ADDR"] = "186.250.1.9"
    account = {"door": "empleador", "username": RUC_SOCIEDAD}
    now = timezone.now()
    first = guessing.account_wait_until(request, **account) - now
    assert datetime.timedelta(seconds=55) < first <= datetime.timedelta(seconds=61)
    # The wait passes; one more failure from yet another network waits twice as long.
    later = now + datetime.timedelta(minutes=2)
    monkeypatch.setattr(guessing.timezone, "now", lambda: later)
    assert guessing.account_wait_until(request, **account) is None
    login(Client(), RUC_SOCIEDAD, "Equivocada-2031", **via(251))
    second = guessing.account_wait_until(request, **account) - later
    assert datetime.timedelta(seconds=115) < second <= datetime.timedelta(seconds=121)


def test_the_back_office_caps_guesses_per_account_too():
    verified_login(Client(), staff_user(Role.ADMINISTRADOR, "servidora.quito"))
    url = reverse("backoffice:login")
    for number in range(10):
        Client().post(
            url,
            {"username": "servidora.quito", "password": "Equivocada-2031"},
            **via(100 + number),
        )
    held = Client().post(
        url,
        {"username": "servidora.quito", "password": "Clave-de-prueba-2026"},
        **via(200),
    )
    assert held.status_code == 429
    assert HELD in held.content.decode()
