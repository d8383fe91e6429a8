"""Ingreso al portal del empleador: one message for every failure, lockout per
username from one IP with the time to retry, session rotation, timeouts, logout."""

import datetime
import re
import statistics
import time
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.sessions.models import Session
from django.db.models import F
from django.urls import reverse

from clavepatronal.audit.models import AuditEvent
from clavepatronal.core.constants import SESSION_LOGIN_AT_KEY, SESSION_SEEN_AT_KEY
from tests.employers.conftest import PASSWORD
from tests.employers.factories import RUC_SOCIEDAD

pytestmark = pytest.mark.django_db

UNKNOWN_RUC = "1790012345001"
DASHBOARD = reverse("portal:dashboard")
LOGIN = reverse("portal:login")


def page_without(response, *variable: str) -> str:
    """The page minus what differs between any two requests (CSRF token, the
    username typed)."""
    text = re.sub(
        r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode()
    )
    for value in variable:
        text = text.replace(value, "<usuario>")
    return text


def test_login_opens_the_dashboard_and_rotates_the_session(client, employer, login):
    before = client.session.session_key
    response = login(client, RUC_SOCIEDAD)
    assert response.status_code == 302
    assert response.url == DASHBOARD
    after = client.cookies["sessionid"].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert client.session[SESSION_LOGIN_AT_KEY] <= time.time()
    assert client.get(DASHBOARD).status_code == 200
    assert AuditEvent.objects.filter(action="cuenta.ingreso").count() == 1


def test_the_ruc_may_be_typed_with_spaces_and_dashes(client, employer, login):
    response = login(client, "1790 0116-74001")
    assert response.url == DASHBOARD


def test_unknown_ruc_and_wrong_clave_get_the_same_answer(client, employer, login):
    wrong = login(client, RUC_SOCIEDAD, "Otra-Clave-Cualquiera-1")
    unknown = login(client, UNKNOWN_RUC, "Otra-Clave-Cualquiera-1")
    assert wrong.status_code == unknown.status_code == 200
    assert page_without(wrong, RUC_SOCIEDAD) == page_without(unknown, UNKNOWN_RUC)
    assert "El RUC (o la cédula) o la clave no son correctos" in wrong.content.decode()


def test_an_unknown_ruc_costs_a_password_hash_as_a_known_one_does(
    client, employer, login
):
    """ModelBackend hashes the typed clave even without a user, so both paths
    spend the hasher's time; counted, not timed, so it never flakes."""
    original = MD5PasswordHasher.encode
    calls = {}
    for username in (RUC_SOCIEDAD, UNKNOWN_RUC):
        with mock.patch.object(
            MD5PasswordHasher, "encode", autospec=True, side_effect=original
        ) as encode:
            login(client, username, "Otra-Clave-Cualquiera-1")
        calls[username] = encode.call_count
    assert calls[RUC_SOCIEDAD] == calls[UNKNOWN_RUC] >= 1


def test_with_argon2_an_unknown_ruc_takes_about_as_long_as_a_known_one(
    client, employer, login, settings
):
    from config.settings import base

    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    settings.AXES_FAILURE_LIMIT = 100
    employer.user.set_password(PASSWORD)  # re-hash with Argon2
    employer.user.save()

    timings = {RUC_SOCIEDAD: [], UNKNOWN_RUC: []}
    for _round in range(5):  # alternated, so machine noise falls on both alike
        for username, samples in timings.items():
            started = time.perf_counter()
            login(client, username, "Otra-Clave-Cualquiera-1")
            samples.append(time.perf_counter() - started)
    known, unknown = (statistics.median(t) for t in timings.values())
    # Generous: what matters is the same order (an Argon2 hash each), not noise.
    assert 1 / 3 < unknown / known < 3, (known, unknown)


def test_staff_cannot_use_the_employer_login(client, django_user_model, login):
    django_user_model.objects.create_user(
        "1710034065", password=PASSWORD, is_staff=True
    )
    response = login(client, "1710034065")
    assert response.status_code == 200
    assert "no son correctos" in response.content.decode()


def test_an_employer_cannot_use_the_staff_login(client, employer):
    # The admin's login is the back office's (password, then the TOTP code).
    assert reverse("backoffice:login") in client.get(reverse("admin:login")).url
    response = client.post(
        reverse("backoffice:login"), {"username": RUC_SOCIEDAD, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "no son correctos" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert "backoffice_login" not in client.session


def test_an_employer_session_does_not_open_the_admin(client, employer):
    client.force_login(employer.user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


def test_a_staff_session_does_not_open_the_dashboard(client, django_user_model):
    staff = django_user_model.objects.create_user("soporte", is_staff=True)
    client.force_login(staff)
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_five_wrong_claves_lock_the_username_and_say_when_to_retry(
    client, employer, login
):
    for _attempt in range(4):
        assert login(client, RUC_SOCIEDAD, "Equivocada-2031").status_code == 200
    locked = login(client, RUC_SOCIEDAD, "Equivocada-2031")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Demasiados intentos fallidos" in page
    assert re.search(r"Podrá intentarlo de nuevo a las \d\d:\d\d", page)
    assert "dentro de 15 minutos" in page
    # Locked, even the right clave is refused, and trying does not extend the lock.
    stamp = AccessAttempt.objects.get().attempt_time
    assert login(client, RUC_SOCIEDAD).status_code == 429
    assert AccessAttempt.objects.get().attempt_time == stamp
    assert "_auth_user_id" not in client.session


def test_the_lock_lifts_after_the_cooling_off_time(client, employer, login):
    for _attempt in range(5):
        login(client, RUC_SOCIEDAD, "Equivocada-2031")
    assert login(client, RUC_SOCIEDAD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - datetime.timedelta(minutes=15, seconds=1)
    )
    response = login(client, RUC_SOCIEDAD)
    assert response.status_code == 302
    assert response.url == DASHBOARD


def test_an_unknown_ruc_locks_the_same_way(client, login):
    for _attempt in range(4):
        login(client, UNKNOWN_RUC, "Equivocada-2031")
    assert login(client, UNKNOWN_RUC, "Equivocada-2031").status_code == 429


def test_failures_from_one_ip_lock_neither_that_ip_nor_other_rucs(
    client, employer, other_employer, login
):
    for number in range(5):
        login(client, f"17900123450{number:02d}", "Equivocada-2031")
    assert login(client, RUC_SOCIEDAD).status_code == 302


def test_failures_for_one_ruc_lock_it_only_from_that_ip(client, employer, login):
    for _attempt in range(5):
        login(client, RUC_SOCIEDAD, "Equivocada-2031", REMOTE_ADDR="10.0.1.1")
    assert login(client, RUC_SOCIEDAD, REMOTE_ADDR="10.0.1.1").status_code == 429
    assert login(client, RUC_SOCIEDAD, REMOTE_ADDR="10.0.2.1").status_code == 302


def test_logout_is_post_only_and_ends_the_session_on_the_server(
    client, employer, login
):
    login(client, RUC_SOCIEDAD)
    key = client.cookies["sessionid"].value
    assert client.get(reverse("portal:logout")).status_code == 405
    response = client.post(reverse("portal:logout"))
    assert response.url == LOGIN
    assert not Session.objects.filter(session_key=key).exists()
    client.cookies["sessionid"] = key  # replaying the old cookie gets nothing
    assert client.get(DASHBOARD).status_code == 302
    assert AuditEvent.objects.filter(action="cuenta.salida").count() == 1


def test_a_session_ends_after_inactivity(client, employer, login, settings):
    login(client, RUC_SOCIEDAD)
    assert client.get(DASHBOARD).status_code == 200
    assert client.session.get_expiry_age() <= settings.SESSION_IDLE_MINUTES * 60
    session = client.session
    session[SESSION_SEEN_AT_KEY] -= settings.SESSION_IDLE_MINUTES * 60 + 1
    session.save()
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_a_session_ends_hours_after_login_even_if_active(
    client, employer, login, settings
):
    login(client, RUC_SOCIEDAD)
    session = client.session
    session[SESSION_LOGIN_AT_KEY] -= settings.SESSION_MAX_HOURS * 3600 + 1
    session.save()
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    follow = client.get(response.url)
    assert "su sesión se cerró" in follow.content.decode()


def test_login_returns_to_the_page_asked_for_but_never_off_site(
    client, employer, login
):
    wanted = reverse("portal:clave_change")
    response = client.get(wanted)
    assert response.url == f"{LOGIN}?next={wanted}"
    response = client.post(
        f"{LOGIN}?next={wanted}", {"username": RUC_SOCIEDAD, "password": PASSWORD}
    )
    assert response.url == wanted
    client.post(reverse("portal:logout"))
    response = client.post(
        f"{LOGIN}?next=https://malo.example/",
        {"username": RUC_SOCIEDAD, "password": PASSWORD},
    )
    assert response.url == DASHBOARD


def test_a_signed_in_employer_skips_the_login_page(client, employer, login):
    login(client, RUC_SOCIEDAD)
    assert client.get(LOGIN).url == DASHBOARD


def test_the_idle_clock_and_the_cookie_start_at_login(
    client, employer, login, settings
):
    """Signed in and never back: the session ends SESSION_IDLE_MINUTES after the
    login itself, and the login's cookie lives no longer than that."""
    response = login(client, RUC_SOCIEDAD)
    cookie = response.cookies["sessionid"]
    assert 0 < int(cookie["max-age"]) <= settings.SESSION_IDLE_MINUTES * 60
    assert client.session[SESSION_SEEN_AT_KEY] == client.session[SESSION_LOGIN_AT_KEY]
    later = time.time() + settings.SESSION_IDLE_MINUTES * 60 + 1
    with mock.patch("clavepatronal.core.middleware.time.time", return_value=later):
        response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_no_session_cookie_lives_two_weeks(settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_MAX_HOURS * 3600
