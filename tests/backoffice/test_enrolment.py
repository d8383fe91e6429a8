"""Staff set up their authenticator only through a single-use link mailed to them."""

import re

import pytest
from django.contrib.admin.sites import site
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from clavepatronal.audit.models import AuditEvent
from clavepatronal.backoffice.services.staff import (
    device_code_now,
    staff_enrolment_link_send,
)
from tests.staff import verified_login

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user_verified(db):
    admin = get_user_model().objects.create_superuser(
        "admin.soporte", "admin@iess.gob.ec", "Admin-Soporte-2026"
    )
    return admin


def mailed_link(django_capture_on_commit_callbacks, user, issued_by) -> str:
    with django_capture_on_commit_callbacks(execute=True):
        staff_enrolment_link_send(user=user, issued_by=issued_by)
    message = mail.outbox[-1]
    assert message.to == [user.email]
    return re.search(r"https?://\S+/backoffice/segundo-factor/\S+/", message.body)[0]


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def test_the_link_sets_up_the_authenticator_once(
    servidor, admin_user_verified, django_capture_on_commit_callbacks
):
    link = path_of(
        mailed_link(django_capture_on_commit_callbacks, servidor, admin_user_verified)
    )
    # The old authenticator is gone; the new one is not usable until confirmed.
    assert not TOTPDevice.objects.filter(user=servidor, confirmed=True).exists()
    client = Client()
    page = client.get(link)
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=servidor)
    assert client.post(link, {"code": "000000"}).status_code == 200  # wrong code
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down after a failure
    response = client.post(link, {"code": device_code_now(device)})
    assert response.status_code == 302
    assert response.url == reverse("backoffice:login")
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action="personal.segundo_factor_activado").exists()
    assert AuditEvent.objects.filter(action="personal.enlace_segundo_factor").exists()
    # Used once: the link is dead; the login now asks for the new device's code.
    assert Client().get(link).status_code == 404
    login = Client()
    login.post(
        reverse("backoffice:login"),
        {"username": "servidor.quito", "password": PASSWORD},
    )
    page = login.get(reverse("backoffice:login_code")).content.decode()
    assert 'name="code"' in page and "aún no tiene" not in page


def test_a_new_link_replaces_the_previous_one(
    servidor, admin_user_verified, django_capture_on_commit_callbacks
):
    first = path_of(
        mailed_link(django_capture_on_commit_callbacks, servidor, admin_user_verified)
    )
    second = path_of(
        mailed_link(django_capture_on_commit_callbacks, servidor, admin_user_verified)
    )
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200
    assert Client().get("/backoffice/segundo-factor/falso/").status_code == 404


def test_the_admin_sends_the_link(
    servidor, admin_user_verified, django_capture_on_commit_callbacks
):
    client = verified_login(Client(), admin_user_verified)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:core_user_changelist"),
            {"action": "enrolment_link_send", "_selected_action": [servidor.pk]},
        )
    assert response.status_code == 302
    assert "segundo-factor" in mail.outbox[-1].body
    assert "enrolment_link_send" in site._registry[get_user_model()].actions


def test_the_admin_hides_the_authenticators_secret(servidor, admin_user_verified):
    client = verified_login(Client(), admin_user_verified)
    device = TOTPDevice.objects.get(user=servidor)
    page = client.get(
        reverse("admin:otp_totp_totpdevice_change", args=[device.pk])
    ).content.decode()
    assert device.key not in page
    assert "otpauth://" not in page
