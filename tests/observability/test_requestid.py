"""One request id: from a trusted proxy or made here, in the response, the log lines,
the error pages, the tasks the request enqueues and the audit events it writes."""

import logging

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django_tasks import task

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.models import AuditEvent
from clavepatronal.audit.services import audit_event_record, audit_events_record_bulk
from clavepatronal.core.request_id import (
    request_id_current,
    request_id_reset,
    request_id_set,
)
from clavepatronal.core.tasks import task_enqueue_with_transaction
from clavepatronal.observability.requestid import request_id_from_proxy

from .loglines import captured_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines():
    yield from captured_lines()


PROXY = "10.0.0.5"
PROXY_ID = "lb-7f3a9c2e-0001"

# What the probe task saw when it ran, in the worker.
SEEN: list[str] = []


@task()
def probe_task(*, label: str) -> None:
    """A task that logs, and writes an audit event, like the confirmation does."""
    SEEN.append(request_id_current())
    logging.getLogger("tests.probe").info("probe %s ran", label)
    audit_event_record(action=AuditAction.CUENTA_INGRESO, actor_label="sistema")


def test_a_request_without_a_trusted_proxy_gets_a_new_id(client, settings):
    settings.TRUSTED_PROXIES = [f"{PROXY}/32"]
    first = client.get("/salud/vivo/", HTTP_X_REQUEST_ID=PROXY_ID)
    second = client.get("/salud/vivo/")
    assert first["X-Request-ID"] != PROXY_ID  # the client may not choose it
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_trusted_proxys_id_is_kept_when_it_has_the_right_shape(settings):
    settings.TRUSTED_PROXIES = [f"{PROXY}/32"]
    client = Client(REMOTE_ADDR=PROXY)
    response = client.get("/salud/vivo/", HTTP_X_REQUEST_ID=PROXY_ID)
    assert response["X-Request-ID"] == PROXY_ID
    bent = client.get("/salud/vivo/", HTTP_X_REQUEST_ID="x\r\nSet-Cookie: a=b")
    assert bent["X-Request-ID"] != "x\r\nSet-Cookie: a=b"


@pytest.mark.parametrize(
    ("peer", "header", "expected"),
    [
        (PROXY, PROXY_ID, PROXY_ID),
        ("192.0.2.1", PROXY_ID, ""),
        (PROXY, "short", ""),
        (PROXY, "a" * 129, ""),
        (PROXY, "id with spaces", ""),
        (PROXY, "", ""),
    ],
)
def test_only_a_trusted_proxys_well_formed_id_is_believed(peer, header, expected):
    found = request_id_from_proxy(peer=peer, header=header, proxies=(f"{PROXY}/32",))
    assert found == expected


def test_every_log_line_of_the_request_carries_its_id(client, lines, settings):
    response = client.get("/salud/vivo/")
    ours = [r for r in lines.records if r.name == "clavepatronal.requests"]
    assert ours and ours[0].request_id == response["X-Request-ID"]
    assert ours[0].status == 200 and ours[0].path == "/salud/vivo/"
    assert request_id_current() == ""  # unbound once the request ends


def test_the_error_pages_show_the_id_to_quote(client):
    response = client.get("/no-existe/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Código de la solicitud:" in html
    assert response["X-Request-ID"] in html


@override_settings(ROOT_URLCONF="tests.core.urls_failing")
def test_the_500_page_shows_the_id_too():
    response = Client(raise_request_exception=False).get("/falla/")
    assert response.status_code == 500
    assert response["X-Request-ID"] in response.content.decode()


def test_audit_events_record_the_current_request_id():
    token = request_id_set("abc123def4567890")
    try:
        event = audit_event_record(action=AuditAction.CUENTA_INGRESO, actor_label="x")
        audit_events_record_bulk(
            events=[(AuditAction.CUENTA_INGRESO, AuditEvent, 1, {})],
            actor_label="sistema",
        )
    finally:
        request_id_reset(token)
    assert event.request_id == "abc123def4567890"
    assert set(AuditEvent.objects.values_list("request_id", flat=True)) == {
        "abc123def4567890"
    }
    outside = audit_event_record(action=AuditAction.CUENTA_INGRESO, actor_label="x")
    assert outside.request_id == ""


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_task_with_the_id_of_the_request_that_enqueued_it(
    settings, lines
):
    """The database backend and the real `db_worker`: the id travels in the task's
    row, the function never sees it, and the task's log lines and audit events
    carry it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    SEEN.clear()
    token = request_id_set("feed0123beef4567")
    try:
        task_enqueue_with_transaction(probe_task, label="uno")
    finally:
        request_id_reset(token)
    task_enqueue_with_transaction(probe_task, label="dos")  # no request behind it

    call_command("db_worker", batch=True, interval=0, verbosity=0)

    assert sorted(SEEN) == ["", "feed0123beef4567"]
    ran = {
        r.getMessage(): r.request_id for r in lines.records if r.name == "tests.probe"
    }
    assert ran == {"probe uno ran": "feed0123beef4567", "probe dos ran": ""}
    assert sorted(AuditEvent.objects.values_list("request_id", flat=True)) == [
        "",
        "feed0123beef4567",
    ]
    assert request_id_current() == ""
