"""Staff login: password, then the TOTP code; first login sets the authenticator up."""

import time

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from clavepatronal.audit.models import AuditEvent
from clavepatronal.backoffice.constants import LOGIN_SESSION_KEY
from clavepatronal.backoffice.services.staff import device_code_now

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def password_step(client, username, password=PASSWORD):
    return client.post(
        reverse("backoffice:login"), {"username": username, "password": password}
    )


def code_step(client, code):
    return client.post(reverse("backoffice:login_code"), {"code": code})


def test_password_then_code_opens_the_back_office_and_is_audited(servidor):
    client = Client()
    response = password_step(client, "servidor.quito")
    assert response.status_code == 302
    assert response.url == reverse("backoffice:login_code")
    assert "_auth_user_id" not in client.session  # not signed in after step 1
    assert client.get(reverse("backoffice:home")).status_code == 302
    device = TOTPDevice.objects.get(user=servidor)
    response = code_step(client, device_code_now(device))
    assert response.status_code == 302
    assert client.get(reverse("backoffice:home")).status_code == 200
    event = AuditEvent.objects.get(action="personal.ingreso")
    assert event.actor == servidor
    assert event.actor_role == "Servidor de atención"
    assert event.ip == "127.0.0.1"


def test_a_wrong_password_says_so_without_telling_which_part(servidor):
    client = Client()
    for username in ["servidor.quito", "no.existe"]:
        response = password_step(client, username, "otra-clave-cualquiera")
        assert response.status_code == 200
        assert (
            "El usuario o la contraseña no son correctos" in response.content.decode()
        )
    assert LOGIN_SESSION_KEY not in client.session


def test_a_wrong_or_reused_code_is_refused_and_audited(servidor):
    client = Client()
    password_step(client, "servidor.quito")
    response = code_step(client, "000000")
    assert response.status_code == 200
    assert "El código no es correcto o ya se usó" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="personal.codigo_fallido").count() == 1
    device = TOTPDevice.objects.get(user=servidor)
    device.throttle_reset()
    code = device_code_now(device)
    assert code_step(client, code).status_code == 302
    other = Client()
    password_step(other, "servidor.quito")
    assert code_step(other, code).status_code == 200  # the same code, once only
    assert "_auth_user_id" not in other.session


def test_the_code_step_needs_a_recent_password_step(servidor):
    client = Client()
    password_step(client, "servidor.quito")
    session = client.session
    session[LOGIN_SESSION_KEY]["at"] = time.time() - 600
    session.save()
    response = code_step(client, device_code_now(TOTPDevice.objects.get(user=servidor)))
    assert response.status_code == 302
    assert response.url == reverse("backoffice:login")
    assert "_auth_user_id" not in client.session


def test_the_password_alone_never_sets_up_an_authenticator(servidor):
    """A staff account without a device (made in the admin, or reset) cannot enrol
    at login: whoever first typed its password would own its second factor."""
    TOTPDevice.objects.filter(user=servidor).delete()
    client = Client()
    password_step(client, "servidor.quito")
    page = client.get(reverse("backoffice:login_code")).content.decode()
    assert "aún no tiene el segundo factor" in page
    assert "<svg" not in page and 'name="code"' not in page
    assert code_step(client, "123456").status_code == 200
    assert not TOTPDevice.objects.filter(user=servidor).exists()
    assert "_auth_user_id" not in client.session


def test_an_employer_account_cannot_use_the_staff_login(registration, issue_employer):
    user = issue_employer(registration)
    user.set_password(PASSWORD)
    user.save()
    client = Client()
    response = password_step(client, user.username)
    assert response.status_code == 200
    assert LOGIN_SESSION_KEY not in client.session


def test_repeated_wrong_passwords_lock_the_staff_login(servidor):
    client = Client()
    for _ in range(5):
        password_step(client, "servidor.quito", "equivocada-123456")
    response = password_step(client, "servidor.quito")  # right, but locked
    assert response.status_code == 429
    assert "Ingreso bloqueado temporalmente" in response.content.decode()
    assert LOGIN_SESSION_KEY not in client.session


def test_logout_is_post_only_and_audited(as_servidor, servidor):
    assert as_servidor.get(reverse("backoffice:logout")).status_code == 405
    as_servidor.post(reverse("backoffice:logout"))
    assert as_servidor.get(reverse("backoffice:home")).status_code == 302
    assert AuditEvent.objects.filter(action="personal.salida", actor=servidor).exists()


def test_codigo_totp_shows_the_current_code_in_demo_settings_only(
    servidor, settings, capsys
):
    call_command("codigo_totp", "servidor.quito")
    code = capsys.readouterr().out.strip()
    assert code == device_code_now(TOTPDevice.objects.get(user=servidor))
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="demostración"):
        call_command("codigo_totp", "servidor.quito")


def test_demo_staff_print_their_totp_secret_and_can_sign_in(capsys):
    call_command("cargar_demo")
    out = capsys.readouterr().out
    for username in [
        "admin",
        "servidor.quito",
        "servidor.guayaquil",
        "delegado.pichincha",
        "telefono",
    ]:
        assert f"usuario «{username}»" in out
    assert out.count("secreto TOTP") == 5
    client = Client()
    password_step(client, "delegado.pichincha", "Demo-Delegado-2026")
    call_command("codigo_totp", "delegado.pichincha")
    assert code_step(client, capsys.readouterr().out.strip()).status_code == 302
    assert client.get(reverse("backoffice:powers")).status_code == 200
