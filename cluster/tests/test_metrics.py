"""Prometheus, scraping both app servers and every worker's exporter, counts exactly
what was done through them; and one booking's request id is found in the app
server's log, in the log of the worker that mailed its confirmation, and on its
audit event."""

import datetime
import http.client
import json
import os
import secrets
import subprocess
import time
import urllib.parse
import urllib.request

from django.utils import timezone

from bench.journey import User, agency_create, bookable_starts, request, user_prepare
from clavepatronal.appointments.models import Turn
from clavepatronal.appointments.services.draws import draw_publish, draws_run_due
from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.models import AuditEvent

from .conftest import APP_A, APP_B, ROOT, outbox_quiet, wait_for

PROMETHEUS = os.environ.get("CLUSTER_PROMETHEUS_URL", "http://127.0.0.1:18190")
RUN_DIR = ROOT / "var" / "cluster"
_numbers = iter(range(secrets.randbelow(300) * 1000 + 600_000, 10**6))


def _query(expression: str) -> dict[tuple, float]:
    """An instant query: {label values (sorted by name): value}."""
    url = f"{PROMETHEUS}/api/v1/query?" + urllib.parse.urlencode({"query": expression})
    with urllib.request.urlopen(url, timeout=10) as response:
        answer = json.load(response)
    assert answer["status"] == "success", answer
    return {
        tuple(sorted(item["metric"].items())): float(item["value"][1])
        for item in answer["data"]["result"]
    }


def _total(expression: str) -> float:
    """The single value of a sum(...) query; 0 when no series exists yet."""
    values = _query(expression)
    assert len(values) <= 1, values
    return next(iter(values.values()), 0.0)


def _scraped_after(moment: float) -> bool:
    """Every target scraped (successfully) since `moment` (Unix time)."""
    with urllib.request.urlopen(
        f"{PROMETHEUS}/api/v1/targets?state=active", timeout=10
    ) as response:
        targets = json.load(response)["data"]["activeTargets"]
    return bool(targets) and all(
        t["health"] == "up"
        and datetime.datetime.fromisoformat(t["lastScrape"]).timestamp() > moment
        for t in targets
    )


def _confirm(port: int, user: User) -> tuple[str, str]:
    """*Confirmar* on that server: (outcome, the response's X-Request-ID)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": user.csrf})
    try:
        connection.request(
            "POST",
            "/turnos/resumen/",
            body=body,
            headers={
                "Host": f"127.0.0.1:{port}",
                "Cookie": user.cookie_header(),
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    location = response.getheader("Location", "")
    if response.status == 302 and location.startswith("/turnos/turno/"):
        outcome = "booked"
    elif response.status == 302 and location == "/turnos/horario/":
        outcome = "full"
    else:
        outcome = f"{response.status} {location}"
    return outcome, response.getheader("X-Request-ID", "")


def _upload_refused(port: int) -> int:
    """A ventanilla draft whose one file is not a JPG or a PDF: the status."""
    from clavepatronal.catalogue.models import ProcedureType
    from clavepatronal.employers.selectors import registration_active_get
    from clavepatronal.identity.models import Province
    from tests.employers.factories import CEDULA_REP, RUC_SOCIEDAD, RegistrationFactory

    from .test_cluster import _multipart

    registration_active_get(identification=RUC_SOCIEDAD) or RegistrationFactory()
    browser = User(number=0, session_key="", csrf=secrets.token_hex(16), ip="")
    applicant = {
        "id_type": "CEDULA",
        "id_number": CEDULA_REP,
        "names": "Juan Carlos Pérez Andrade",
        "email": "juan.perez@ejemplo.ec",
        "mobile": "0991234567",
        "employer": RUC_SOCIEDAD,
        "province": str(Province.objects.get(code="17").pk),
        "procedure_type": str(ProcedureType.objects.get(code="clave-patronal").pk),
        "message": "Solicito la clave patronal.",
    }
    reply = request(port, "POST", "/ventanilla/tramite/", user=browser, data=applicant)
    assert reply.status == 302, reply.body[:2000]
    body, content_type = _multipart(
        {"csrfmiddlewaretoken": browser.csrf},
        {"ruc": ("ruc.pdf", b"MZ\x90\x00 not a document at all " * 20)},
    )
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(
            "POST",
            reply.location,
            body=body,
            headers={"Content-Type": content_type, "Cookie": browser.cookie_header()},
        )
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    return response.status


def _draw_due(agency) -> None:
    """The agency draws by sorteo and has the only draw whose window has closed (a
    draw left due by an interrupted earlier run is drawn here, in this process,
    whose metrics nobody scrapes)."""
    draws_run_due()
    agency.allocation_mode = "SORTEO"
    agency.save(update_fields=["allocation_mode"])
    now = timezone.now()
    draw_publish(
        agency=agency,
        day=timezone.localdate() + datetime.timedelta(days=14),
        opens_at=now - datetime.timedelta(hours=2),
        closes_at=now - datetime.timedelta(minutes=1),
    )


def _draws_run() -> None:
    """`turnos_sorteos` as cron runs it, writing its metrics where the cluster's
    cron exporter serves them."""
    metrics_dir = os.environ.get("CLUSTER_METRICS_DIR", str(RUN_DIR / "metrics"))
    done = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "turnos_sorteos"],
        cwd=ROOT,
        env={**os.environ, "PROMETHEUS_MULTIPROC_DIR": f"{metrics_dir}/cron"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "1 sorteados" in done.stdout, done.stdout


def _log_lines_with(request_id: str, *names: str) -> dict[str, list[str]]:
    found = {}
    for name in names:
        path = RUN_DIR / f"{name}.log"
        lines = path.read_text(errors="replace").splitlines() if path.exists() else []
        found[name] = [line for line in lines if request_id in line]
    return found


BOOKED = "sum(clavepatronal_turns_booked_total)"
REFUSED = "sum(clavepatronal_turns_refused_total)"
DRAWS = "sum(clavepatronal_draws_run_total)"
UPLOADS = "sum(clavepatronal_uploads_refused_total)"


def test_prometheus_counts_exactly_the_bookings_refusals_draw_and_upload_done():
    outbox_quiet()
    agency = agency_create(name=f"Cluster métricas {secrets.token_hex(3)}", capacity=1)
    drawing = agency_create(name=f"Cluster sorteo {secrets.token_hex(3)}", capacity=2)
    starts = bookable_starts(agency)
    bookers = [
        user_prepare(number=next(_numbers), agency=agency, starts_at=starts[i])
        for i in range(4)
    ]
    # Two who want a seat already taken, one who already holds a turn.
    late = [
        user_prepare(number=next(_numbers), agency=agency, starts_at=starts[0])
        for _ in range(2)
    ]
    _draw_due(drawing)
    baseline_at = time.time()
    wait_for(
        lambda: _scraped_after(baseline_at),
        seconds=30,
        message="Prometheus no volvió a leer todos los objetivos",
    )
    baseline = {name: _total(name) for name in (BOOKED, REFUSED, DRAWS, UPLOADS)}

    # The load, alternating the two app servers.
    booked = [
        _confirm(APP_A if i % 2 else APP_B, user) for i, user in enumerate(bookers)
    ]
    assert [outcome for outcome, _ in booked] == ["booked"] * 4, booked
    refused = [_confirm(APP_A, late[0])[0], _confirm(APP_B, late[1])[0]]
    assert refused == ["full", "full"], refused
    again = user_prepare(
        number=bookers[1].number, agency=agency, starts_at=starts[5]
    )  # the same person, a new session
    assert _confirm(APP_B, again)[0] != "booked"
    assert _upload_refused(APP_A) in (200, 303)  # the draft again, with the refusal
    _draws_run()
    expected = {BOOKED: 4, REFUSED: 3, DRAWS: 1, UPLOADS: 1}

    def reported() -> dict[str, float]:
        return {name: _total(name) - baseline[name] for name in expected}

    loaded_at = time.time()
    try:
        wait_for(
            lambda: _scraped_after(loaded_at) and reported() == expected,
            seconds=30,
            message="Prometheus no llegó a los totales",
        )
    except AssertionError:
        pass  # the exact comparison below says what it reports
    assert reported() == expected
    # By agency and reason too, and nothing counted twice a few scrapes later.
    time.sleep(3)
    assert reported() == expected
    by_reason = _query(
        f'sum by (reason) (clavepatronal_turns_refused_total{{agency="{agency.pk}"}})'
    )
    assert {dict(labels)["reason"]: value for labels, value in by_reason.items()} == {
        "sin_disponibilidad": 2,
        "active_turn": 1,
    }
    assert _total(f'sum(clavepatronal_turns_booked_total{{agency="{agency.pk}"}})') == 4
    assert _total(f'sum(clavepatronal_draws_run_total{{agency="{drawing.pk}"}})') == 1
    finished = _total(
        "max(clavepatronal_draw_last_finished_timestamp_seconds"
        f'{{agency="{drawing.pk}"}})'
    )
    assert baseline_at - 5 < finished <= time.time()
    # Every process counted: both app servers answered bookings.
    by_instance = _query(
        "sum by (instance) (clavepatronal_http_requests_total"
        '{route="appointments:summary",method="POST"})'
    )
    assert {dict(labels)["instance"] for labels in by_instance} >= {
        f"127.0.0.1:{APP_A}",
        f"127.0.0.1:{APP_B}",
    }


def test_one_bookings_request_id_is_in_the_web_log_the_task_log_and_the_audit():
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    agency = agency_create(name=f"Cluster rastro {secrets.token_hex(3)}", capacity=2)
    user = user_prepare(
        number=next(_numbers), agency=agency, starts_at=bookable_starts(agency)[0]
    )
    outcome, request_id = _confirm(APP_B, user)
    assert outcome == "booked"
    assert request_id, "la respuesta no trae X-Request-ID"
    turn = Turn.objects.get(slot__agency=agency)

    audit = AuditEvent.objects.get(
        action=AuditAction.TURNO_RESERVADO,
        target_type="appointments.turn",
        target_id=str(turn.pk),
    )
    assert audit.request_id == request_id

    task = wait_for(
        lambda: DBTaskResult.objects.filter(
            args_kwargs__kwargs__turn_id=turn.pk,
            status=TaskResultStatus.SUCCESSFUL,
        ).first(),
        seconds=60,
        message="la confirmación no se envió",
    )
    (worker,) = task.worker_ids
    server = "app-2"  # APP_B
    web = [
        json.loads(line)
        for line in _log_lines_with(request_id, server)[server]
        if line.startswith("{")
    ]
    assert any(line.get("request_id") == request_id for line in web), web
    worker_lines = wait_for(
        lambda: _log_lines_with(request_id, worker)[worker],
        seconds=10,
        message=f"el id {request_id} no está en el registro de {worker}",
    )
    task_lines = [json.loads(line) for line in worker_lines if line.startswith("{")]
    assert all(line.get("request_id") == request_id for line in task_lines)
    # The worker's own line for the confirmation task, under the request's id.
    assert any(
        f"id={task.id} " in line["message"]
        and "turn_confirmation_task" in line["message"]
        for line in task_lines
    ), task_lines
    # The request went to one server only.
    assert not _log_lines_with(request_id, "app-1")["app-1"]
