"""/salud/vivo/ answers without I/O; /salud/listo/ fails while the database (or the
cache, the storage, the migrations) does, and only reports the SRI breaker."""

import pytest
from django.db import connections

from clavepatronal.core import selectors
from clavepatronal.employers.sri import SriClient
from clavepatronal.observability import health

pytestmark = pytest.mark.django_db


def test_liveness_answers_without_touching_the_database(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/salud/vivo/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readiness_is_ok_with_every_part_up_and_reports_the_sri_breaker(client):
    response = client.get("/salud/listo/")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["checks"] == {
        "database": "ok",
        "cache": "ok",
        "storage": "ok",
        "migrations": "ok",
    }
    assert body["reports"] == {"sri_breaker": "closed"}


def test_an_open_sri_breaker_is_reported_but_never_fails_readiness(client, settings):
    breaker = SriClient().breaker
    for _ in range(settings.SRI_BREAKER_FAILURES):
        breaker.record_failure()
    response = client.get("/salud/listo/")
    assert response.status_code == 200
    assert response.json()["reports"]["sri_breaker"] == "open"


def _unreachable_database():
    """A real connection to a database that is not there: PostgreSQL on a closed
    port, SQLite in a folder that does not exist."""
    default = connections["default"]
    broken = {**default.settings_dict}
    if default.vendor == "postgresql":
        broken.update(HOST="127.0.0.1", PORT="9")
        broken.setdefault("OPTIONS", {})
        broken["OPTIONS"] = {**broken["OPTIONS"], "connect_timeout": 2}
    else:
        broken["NAME"] = "/nonexistent/salud/db.sqlite3"
    return type(default)(broken, alias="unreachable")


def test_readiness_fails_while_the_database_is_unreachable_and_recovers(
    client, monkeypatch
):
    unreachable = _unreachable_database()
    monkeypatch.setattr(selectors, "connection", unreachable)
    monkeypatch.setattr(health, "connection", unreachable)
    monkeypatch.setattr(health, "_migrations_seen_applied", False)
    response = client.get("/salud/listo/")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["checks"]["database"] == "error"
    assert response.json()["checks"]["migrations"] == "error"
    # Liveness does not care: the process still answers.
    assert client.get("/salud/vivo/").status_code == 200
    unreachable.close()

    monkeypatch.undo()  # the database is back
    assert client.get("/salud/listo/").status_code == 200


def test_readiness_fails_while_migrations_are_missing(client, monkeypatch):
    monkeypatch.setattr(health, "_migrations_seen_applied", False)
    monkeypatch.setattr(
        health.MigrationExecutor,
        "migration_plan",
        lambda self, targets: [("pending", False)],
    )
    response = client.get("/salud/listo/")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "error"


def test_readiness_fails_when_the_cache_does_not_answer(client, monkeypatch):
    def down():
        raise ConnectionError("Redis is gone")

    monkeypatch.setitem(health.CHECKS, "cache", down)
    response = client.get("/salud/listo/")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "error"


def test_the_old_health_endpoint_still_answers(client):
    response = client.get("/salud/")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
