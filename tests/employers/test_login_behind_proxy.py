"""Behind the load balancer: lockouts per account and address, per door; an address
failing against many accounts waits; nobody spoofs X-Forwarded-For."""

import pytest
from django.test import Client
from django.urls import reverse

from clavepatronal.audit.models import AuditEvent
from clavepatronal.backoffice.constants import Role
from clavepatronal.backoffice.services.staff import staff_create

from .factories import RUC_PUBLICO, RUC_SOCIEDAD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"
ATTACKER = "200.107.1.10"
STAFF_PASSWORD = "Atencion-Segura-2026"


def via_proxy(client_ip: str) -> dict:
    """What the balancer sends: its own address as peer, the client's in the header."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_ip}


@pytest.fixture(autouse=True)
def behind_the_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "127.0.0.1"]


@pytest.fixture
def staff(db):
    return staff_create(
        username="admin.soporte",
        password=STAFF_PASSWORD,
        first_name="Ana",
        last_name="Soporte",
        email="soporte@iess.gob.ec",
        role=Role.ADMINISTRADOR,
    ).user


def staff_password_step(client, username, password, **extra):
    return client.post(
        reverse("backoffice:login"),
        {"username": username, "password": password},
        **extra,
    )


def test_five_wrong_claves_lock_only_that_ruc_from_that_address(
    employer, other_employer, staff, login
):
    client = Client()
    for _attempt in range(4):
        reply = login(client, RUC_SOCIEDAD, "Equivocada-2031", **via_proxy(ATTACKER))
        assert reply.status_code == 200
    locked = login(client, RUC_SOCIEDAD, "Equivocada-2031", **via_proxy(ATTACKER))
    assert locked.status_code == 429
    assert "Demasiados intentos fallidos" in locked.content.decode()
    # That RUC from that address stays locked, even with the right clave.
    assert login(Client(), RUC_SOCIEDAD, **via_proxy(ATTACKER)).status_code == 429
    # The same employer from home, through the same balancer, gets in.
    home = login(Client(), RUC_SOCIEDAD, **via_proxy("186.46.2.20"))
    assert home.status_code == 302 and home.url == reverse("portal:dashboard")
    # Another employer, even from the attacker's address, gets in.
    other = login(Client(), RUC_PUBLICO, **via_proxy(ATTACKER))
    assert other.status_code == 302 and other.url == reverse("portal:dashboard")
    # The staff's back office, from the same address, is not locked.
    staff_reply = staff_password_step(
        Client(), "admin.soporte", STAFF_PASSWORD, **via_proxy(ATTACKER)
    )
    assert staff_reply.status_code == 302
    assert staff_reply.url.startswith(reverse("backoffice:login_code"))


def test_failures_at_the_portal_do_not_lock_the_same_name_at_the_back_office(
    staff, login
):
    for _attempt in range(5):
        login(Client(), "admin.soporte", "Equivocada-2031", **via_proxy(ATTACKER))
    reply = staff_password_step(
        Client(), "admin.soporte", STAFF_PASSWORD, **via_proxy(ATTACKER)
    )
    assert reply.status_code == 302


def test_the_back_office_locks_its_account_from_that_address(staff):
    for _attempt in range(5):
        staff_password_step(
            Client(), "admin.soporte", "equivocada-123", **via_proxy(ATTACKER)
        )
    locked = staff_password_step(
        Client(), "admin.soporte", STAFF_PASSWORD, **via_proxy(ATTACKER)
    )
    assert locked.status_code == 429
    assert "Ingreso bloqueado temporalmente" in locked.content.decode()
    elsewhere = staff_password_step(
        Client(), "admin.soporte", STAFF_PASSWORD, **via_proxy("186.46.2.20")
    )
    assert elsewhere.status_code == 302


def test_a_client_not_behind_the_trusted_proxy_cannot_spoof_x_forwarded_for(
    employer, login, settings
):
    # About the address lockouts: the per-account cap (core.guessing, its own tests
    # in tests/portal/test_login_guessing.py) would hold the ten failures too.
    settings.LOGIN_ACCOUNT_FAILURES = 100
    direct = "203.0.113.9"
    for number in range(5):
        login(
            Client(),
            RUC_SOCIEDAD,
            "Equivocada-2031",
            REMOTE_ADDR=direct,
            HTTP_X_FORWARDED_FOR=f"186.46.9.{number}",
        )
    # A new forged header does not make a new address: still locked.
    forged = login(
        Client(), RUC_SOCIEDAD, REMOTE_ADDR=direct, HTTP_X_FORWARDED_FOR="186.46.2.20"
    )
    assert forged.status_code == 429
    # Through the proxy, a forged hop on the left is ignored as well.
    for _attempt in range(5):
        login(
            Client(),
            RUC_SOCIEDAD,
            "Equivocada-2031",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"186.46.3.3, {ATTACKER}",
        )
    assert login(Client(), RUC_SOCIEDAD, **via_proxy(ATTACKER)).status_code == 429
    assert login(Client(), RUC_SOCIEDAD, **via_proxy("186.46.3.3")).status_code == 302


def test_an_address_failing_against_many_accounts_waits_without_locking_them(
    employer, staff, login, settings
):
    settings.LOGIN_FAILURES_PER_IP = "10/15m"
    for number in range(10):
        reply = login(
            Client(),
            f"17900123450{number:02d}",
            "Equivocada-2031",
            **via_proxy(ATTACKER),
        )
        assert reply.status_code == 200
    throttled = login(Client(), RUC_SOCIEDAD, **via_proxy(ATTACKER))
    assert throttled.status_code == 429
    assert "Demasiadas solicitudes seguidas" in throttled.content.decode()
    # Nobody's account is locked: from elsewhere the employer gets in...
    assert login(Client(), RUC_SOCIEDAD, **via_proxy("186.46.2.20")).status_code == 302
    # ...and the back office keeps its own budget for that address.
    reply = staff_password_step(
        Client(), "admin.soporte", STAFF_PASSWORD, **via_proxy(ATTACKER)
    )
    assert reply.status_code == 302


def test_audit_events_record_the_client_behind_the_proxy(employer, login):
    login(Client(), RUC_SOCIEDAD, **via_proxy(f"6.6.6.6, {ATTACKER}"))
    assert AuditEvent.objects.get(action="cuenta.ingreso").ip == ATTACKER
