"""The embedded default and production settings, checked in fresh processes: one
process per settings module (tests/settings_probe.py) answers every case of it."""

import json
import sqlite3

import pytest
from django import forms
from django.conf import settings
from django.db import connection

from tests.subprocesses import ROOT, run_python

# The probes are module-scoped: all of this file on one xdist worker runs each once.
pytestmark = pytest.mark.xdist_group("settings-probes")

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.prod",
    "DJANGO_SECRET_KEY": "x" * 20 + "-a-production-grade-secret-0123456789-!@#$%^&*",
    "DJANGO_ALLOWED_HOSTS": "clavepatronal.example.ec",
    "DATABASE_URL": "postgres://clave:clave@127.0.0.1:5432/clavepatronal",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_HOST": "smtp.example.ec",
    "PUBLIC_BASE_URL": "https://clavepatronal.iess.gob.ec",
}
REQUIRED_IN_PRODUCTION = [
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "PUBLIC_BASE_URL",  # links and QR codes need the real address (issue 17)
]
PUBLIC_HOSTS = "localhost,clavepatronal.ec"
LOOPBACK_HOSTS = "localhost,127.0.0.1,[::1]"


def probe(env: dict[str, str], plan: dict) -> dict:
    """One fresh process: the settings module of `env` under each case of `plan`."""
    result = run_python("-m", "tests.settings_probe", env=env, input=json.dumps(plan))
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    from clavepatronal.documents.pki import (
        ca_create,
        cert_pem,
        demo_ca_load_or_create,
    )

    folder = tmp_path_factory.mktemp("prod")
    trusted, empty, demo = folder / "raices", folder / "vacia", folder / "demo"
    for path in (trusted, empty, demo):
        path.mkdir()
    (trusted / "autoridad.pem").write_bytes(cert_pem(ca_create().cert))
    nothing = {"SIGNATURE_TRUST_SHIPPED": False}
    (demo / "demo.pem").write_bytes(
        cert_pem(demo_ca_load_or_create(folder / "ca").cert)
    )
    imports = {
        f"sin {name}": {"unset": [name], "values": []}
        for name in REQUIRED_IN_PRODUCTION
    }
    imports["proxies"] = {
        "env": {"TRUSTED_PROXIES": "10.0.0.0/8,192.168.10.5"},
        "values": ["TRUSTED_PROXIES", "AXES_LOCKOUT_PARAMETERS", "MIDDLEWARE"],
    }
    check = {"args": ["check"]}
    return probe(
        PRODUCTION_ENV,  # no roots folder: the shipped trust store
        {
            "imports": imports,
            "setup": {
                "commands": [
                    {"args": ["check", "--deploy", "--fail-level", "WARNING"]},
                    {
                        **check,
                        "settings": {
                            **nothing,
                            "SIGNATURE_TRUST_ROOTS_DIR": str(empty),
                        },
                    },
                    {**check, "settings": {"SIGNATURE_TRUST_ROOTS_DIR": str(demo)}},
                    {
                        **check,
                        "settings": {
                            **nothing,
                            "SIGNATURE_TRUST_ROOTS_DIR": str(trusted),
                        },
                    },
                    # The stand-in SRI's address (issue 30): refused.
                    {**check, "settings": {"SRI_BASE_URL": "http://127.0.0.1:8001"}},
                ],
                "values": [
                    "SESSION_COOKIE_SECURE",
                    "CSRF_COOKIE_SECURE",
                    "SECURE_SSL_REDIRECT",
                    "SECURE_HSTS_SECONDS",
                    "DEBUG",
                    "DEMO_DATA_ALLOWED",
                    "DATABASES.default.ENGINE",
                    "DATABASES.default.CONN_MAX_AGE",
                    "CACHES.default.BACKEND",
                    "SRI_BASE_URL",
                ],
            },
        },
    )


def demo_trust_plan(*, setup_commands: list) -> dict:
    """Settings with demo trust: a public host refused, loopback served."""
    return {
        "imports": {
            "public": {"env": {"DJANGO_ALLOWED_HOSTS": PUBLIC_HOSTS}, "values": []},
            "loopback": {
                "env": {"DJANGO_ALLOWED_HOSTS": LOOPBACK_HOSTS},
                "values": ["ALLOWED_HOSTS"],
            },
        },
        "setup": {
            "env": {"DJANGO_ALLOWED_HOSTS": LOOPBACK_HOSTS},
            "commands": [*setup_commands, {"args": ["check"]}],
        },
    }


@pytest.fixture(scope="module")
def development(tmp_path_factory):
    """config.settings.dev in an empty var/: started twice, on another port, and
    migrated."""
    var_dir = tmp_path_factory.mktemp("dev-var")
    plan = demo_trust_plan(setup_commands=[{"args": ["migrate", "--no-input"]}])
    plan["imports"] = {
        "first start": {"values": ["SECRET_KEY"]},
        "second start": {"values": ["SECRET_KEY"]},
        "port 8095": {"env": {"PORT": "8095"}, "values": ["PUBLIC_BASE_URL"]},
        **plan["imports"],
    }
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "CLAVEPATRONAL_VAR_DIR": str(var_dir),
        "REDIS_URL": "redis://127.0.0.1:6379/15",
    }
    return var_dir, probe(env, plan)


@pytest.fixture(scope="module", params=["cluster", "bench"])
def demo_trust_module(request, tmp_path_factory):
    env = {
        "DJANGO_SETTINGS_MODULE": f"config.settings.{request.param}",
        "CLAVEPATRONAL_VAR_DIR": str(tmp_path_factory.mktemp(request.param)),
        "REDIS_URL": "redis://127.0.0.1:6379/15",
    }
    return probe(env, demo_trust_plan(setup_commands=[]))


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


def test_migrate_puts_the_sqlite_file_in_wal_mode_once(development):
    var_dir, report = development
    migrate = report["setup"]["commands"][0]
    assert migrate["status"] == 0, migrate
    database = sqlite3.connect(var_dir / "db.sqlite3")
    try:
        assert database.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        database.close()


def test_dev_secret_key_is_generated_once_into_var(development):
    var_dir, report = development
    first = report["imports"]["first start"]["values"]["SECRET_KEY"]
    second = report["imports"]["second start"]["values"]["SECRET_KEY"]
    key_file = var_dir / "secret_key"
    assert first == second == key_file.read_text().strip()
    assert len(first) >= 50
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_dev_settings_follow_the_port(development):
    _, report = development
    port = report["imports"]["port 8095"]
    assert port["values"]["PUBLIC_BASE_URL"] == "http://127.0.0.1:8095", port


def test_var_is_never_committed():
    assert "var/" in (ROOT / ".gitignore").read_text().splitlines()


def test_production_settings_pass_the_deploy_check(production):
    deploy = production["setup"]["commands"][0]
    assert deploy["status"] == 0, deploy
    assert "no issues" in deploy["out"]


def test_production_refuses_an_empty_trust_store_and_the_demo_ca(production):
    shipped, empty, demo, replaced, _standin = production["setup"]["commands"]
    assert shipped["status"] == 0, shipped  # no folder needed: the shipped store
    assert replaced["status"] == 0, replaced  # a folder may replace it
    assert empty["status"] != 0
    assert "documents.E001" in empty["err"]
    assert demo["status"] != 0
    assert "documents.E002" in demo["err"]


@pytest.mark.parametrize("missing", REQUIRED_IN_PRODUCTION)
def test_production_refuses_to_start_without_a_required_variable(production, missing):
    refusal = production["imports"][f"sin {missing}"]
    assert "error" in refusal, refusal
    assert refusal["error"].startswith("ImproperlyConfigured")
    assert missing in refusal["error"]


def test_production_cookies_are_https_only_and_hsts_is_on(production):
    values = production["setup"]["values"]
    assert values == {
        "SESSION_COOKIE_SECURE": "True",
        "CSRF_COOKIE_SECURE": "True",
        "SECURE_SSL_REDIRECT": "True",
        "SECURE_HSTS_SECONDS": "31536000",
        "DEBUG": "False",
        "DEMO_DATA_ALLOWED": "False",
        "DATABASES.default.ENGINE": "django.db.backends.postgresql",
        "DATABASES.default.CONN_MAX_AGE": "600",
        "CACHES.default.BACKEND": "clavepatronal.core.cache.RedisCache",
        "SRI_BASE_URL": "https://srienlinea.sri.gob.ec",
    }


def test_production_refuses_the_stand_in_sri(production):
    """Issue 30 (6): the stand-in listens on loopback only; production's default is
    the SRI's own service."""
    standin = production["setup"]["commands"][-1]
    assert standin["status"] != 0
    assert "employers.E001" in standin["err"]


def test_production_takes_its_trusted_proxies_from_the_environment(production):
    """Behind the load balancer (tests/employers/test_login_behind_proxy.py)."""
    values = production["imports"]["proxies"]["values"]
    assert values["TRUSTED_PROXIES"] == "['10.0.0.0/8', '192.168.10.5']"
    assert values["AXES_LOCKOUT_PARAMETERS"] == "[['username', 'ip_address']]"
    assert values["MIDDLEWARE"].startswith(
        "['clavepatronal.core.client_address.ClientAddressMiddleware',"
    )


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


def assert_demo_trust_refuses_a_public_host(report: dict) -> None:
    public = report["imports"]["public"]
    assert "error" in public, public
    assert "DEMO_DATA_ALLOWED" in public["error"]
    assert "clavepatronal.ec" in public["error"]
    assert "error" not in report["imports"]["loopback"], report["imports"]["loopback"]
    check = report["setup"]["commands"][-1]
    assert check["status"] == 0, check


def test_dev_settings_refuse_a_public_host(development):
    assert_demo_trust_refuses_a_public_host(development[1])


def test_cluster_and_bench_settings_refuse_a_public_host(demo_trust_module):
    assert_demo_trust_refuses_a_public_host(demo_trust_module)


def test_the_admin_never_shows_an_authenticators_secret():
    assert settings.OTP_ADMIN_HIDE_SENSITIVE_DATA is True
