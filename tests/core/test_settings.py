"""The embedded default and production settings, checked in fresh processes."""

import sqlite3
import subprocess

import pytest
from django import forms
from django.conf import settings
from django.db import connection

from tests.subprocesses import ROOT, run_python

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.prod",
    "DJANGO_SECRET_KEY": "x" * 20 + "-a-production-grade-secret-0123456789-!@#$%^&*",
    "DJANGO_ALLOWED_HOSTS": "clavepatronal.example.ec",
    "DATABASE_URL": "postgres://clave:clave@127.0.0.1:5432/clavepatronal",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_HOST": "smtp.example.ec",
    "PUBLIC_BASE_URL": "https://clavepatronal.iess.gob.ec",
    "SIGNATURE_TRUST_ROOTS_DIR": "/etc/clavepatronal/raices",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return run_python("manage.py", *args, env=env)


def test_language_and_time_zone_are_ecuadorian():
    assert settings.LANGUAGE_CODE == "es-ec"
    assert settings.TIME_ZONE == "America/Guayaquil"
    assert settings.USE_TZ is True
    # Django's own messages come out in Spanish too.
    assert forms.CharField().error_messages["required"] == "Este campo es obligatorio."


def test_sqlite_takes_the_write_lock_at_transaction_start():
    if connection.vendor != "sqlite":
        pytest.skip("la base de pruebas es PostgreSQL en esta corrida")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "init_command" not in options


def test_migrate_puts_the_sqlite_file_in_wal_mode_once(tmp_path):
    result = run_manage(
        "migrate",
        "--no-input",
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "CLAVEPATRONAL_VAR_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stderr
    database = sqlite3.connect(tmp_path / "db.sqlite3")
    try:
        assert database.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        database.close()


def test_dev_secret_key_is_generated_once_into_var(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "CLAVEPATRONAL_VAR_DIR": str(tmp_path),
    }
    command = [
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
    ]
    first = run_manage(*command, env=env)
    second = run_manage(*command, env=env)
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "secret_key"
    assert first.stdout.strip() == second.stdout.strip() == key_file.read_text().strip()
    assert len(first.stdout.strip()) >= 50
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_var_is_never_committed():
    assert "var/" in (ROOT / ".gitignore").read_text().splitlines()


@pytest.fixture
def trust_folder(tmp_path):
    from clavepatronal.documents.pki import ca_create, cert_pem

    folder = tmp_path / "raices"
    folder.mkdir()
    (folder / "autoridad.pem").write_bytes(cert_pem(ca_create().cert))
    return folder


def test_production_settings_pass_the_deploy_check(trust_folder):
    env = {**PRODUCTION_ENV, "SIGNATURE_TRUST_ROOTS_DIR": str(trust_folder)}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_an_empty_trust_store_and_the_demo_ca(tmp_path):
    from clavepatronal.documents.pki import cert_pem, demo_ca_load_or_create

    empty = tmp_path / "vacia"
    empty.mkdir()
    result = run_manage(
        "check", env={**PRODUCTION_ENV, "SIGNATURE_TRUST_ROOTS_DIR": str(empty)}
    )
    assert result.returncode != 0
    assert "documents.E001" in result.stderr
    demo = tmp_path / "demo"
    demo.mkdir()
    ca = demo_ca_load_or_create(tmp_path / "ca")
    (demo / "demo.pem").write_bytes(cert_pem(ca.cert))
    result = run_manage(
        "check", env={**PRODUCTION_ENV, "SIGNATURE_TRUST_ROOTS_DIR": str(demo)}
    )
    assert result.returncode != 0
    assert "documents.E002" in result.stderr


@pytest.mark.parametrize(
    "missing",
    [
        "DJANGO_SECRET_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
        "SIGNATURE_TRUST_ROOTS_DIR",
    ],
)
def test_production_refuses_to_start_without_a_required_variable(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_cookies_are_https_only_and_hsts_is_on():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS >= 31536000, s.DEBUG, s.DEMO_DATA_ALLOWED,"
        " s.DATABASES['default']['ENGINE'], s.DATABASES['default']['CONN_MAX_AGE'],"
        " s.CACHES['default']['BACKEND'])"
    )
    result = run_manage("shell", "-v", "0", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "True",
        "True",
        "True",
        "False",
        "False",
        "django.db.backends.postgresql",
        "600",
        "clavepatronal.core.cache.RedisCache",
    ]


def test_logins_go_through_django_axes_and_sessions_time_out():
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert "clavepatronal.core.middleware.SessionTimeoutMiddleware" in (
        settings.MIDDLEWARE
    )
    # One account from one address; the door is in the username (core.lockouts).
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_USERNAME_CALLABLE == (
        "clavepatronal.core.lockouts.axes_username"
    )
    assert settings.AXES_FAILURE_LIMIT == 5
    # The database handler: attempts are shared by every app server.
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"


@pytest.mark.parametrize("module", ["dev", "cluster", "bench"])
def test_settings_with_demo_trust_refuse_a_public_host(module, tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": f"config.settings.{module}",
        "CLAVEPATRONAL_VAR_DIR": str(tmp_path),
        "REDIS_URL": "redis://127.0.0.1:6379/15",
    }
    public = run_manage(
        "check", env={**env, "DJANGO_ALLOWED_HOSTS": "localhost,clavepatronal.ec"}
    )
    assert public.returncode != 0
    assert "DEMO_DATA_ALLOWED" in public.stderr
    assert "clavepatronal.ec" in public.stderr
    loopback = run_manage(
        "check", env={**env, "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1,[::1]"}
    )
    assert loopback.returncode == 0, loopback.stderr


def test_the_admin_never_shows_an_authenticators_secret():
    assert settings.OTP_ADMIN_HIDE_SENSITIVE_DATA is True
