"""Two app servers, two workers, one PostgreSQL, one Redis, one S3: what one server
does, the other sees, and nothing is done twice or lost when a process dies."""

import http.client
import re
import secrets
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from importlib import import_module

import boto3
import pytest
from django.conf import settings
from django.db import transaction

from bench.journey import agency_create, bookable_starts, request, user_prepare
from clavepatronal.appointments.constants import (
    SESSION_KEY,
    SLOT_START_FORMAT,
    TurnStatus,
)
from clavepatronal.appointments.models import AgencyCalendar, Slot, Turn
from clavepatronal.appointments.services import turn_book
from clavepatronal.catalogue.constants import CLAVE_PATRONAL_CODE
from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.documents.pki import demo_ca_load_or_create
from clavepatronal.notifications.constants import OutboxStatus
from clavepatronal.notifications.models import OutboxEmail
from clavepatronal.notifications.services import email_send
from clavepatronal.procedures.links import attachment_link_token
from clavepatronal.procedures.models import Tramite

from .conftest import APP_A, APP_B, ctl, outbox_quiet, wait_for

_numbers = iter(range(secrets.randbelow(500) * 1000, 10**6))
CONFIRMED = re.compile(r"^/turnos/turno/[^/]+/$")


def _confirm(port: int, user) -> str:
    """*Confirmar* on that server: 'booked', 'full', 'already held' (the notice that
    this person holds a turn, its link mailed) or another outcome."""
    reply = request(port, "POST", "/turnos/resumen/", user=user, data={})
    if reply.status == 302 and CONFIRMED.match(reply.location):
        return "booked"
    if reply.status == 302 and reply.location == "/turnos/horario/":
        return "full"
    if reply.status == 409 and "Ya existe un turno con estos datos" in reply.body:
        return "already held"
    return f"{reply.status} {reply.location}"


def test_concurrent_bookings_over_both_servers_never_exceed_capacity():
    agency = agency_create(name=f"Cluster capacidad {secrets.token_hex(3)}", capacity=2)
    starts = bookable_starts(agency)[:3]
    users = [
        user_prepare(number=next(_numbers), agency=agency, starts_at=starts[i % 3])
        for i in range(30)
    ]
    barrier = threading.Barrier(len(users))

    def book(index_user):
        index, user = index_user
        barrier.wait()
        return _confirm(APP_A if index % 2 else APP_B, user)

    with ThreadPoolExecutor(len(users)) as pool:
        outcomes = Counter(pool.map(book, enumerate(users)))
    assert outcomes == {"booked": 6, "full": 24}
    for slot in Slot.objects.filter(agency=agency):
        reserved = slot.turns.filter(status=TurnStatus.RESERVADO).count()
        assert reserved == slot.booked == slot.capacity == 2


def _free_shown(port: int, user, start) -> int | None:
    """The free seats step g shows under that hour on that server (None: not
    offered)."""
    day = start.date().isoformat()
    reply = request(port, "GET", f"/turnos/horario/?dia={day}", user=user)
    assert reply.status == 200, reply.status
    value = re.escape(start.strftime(SLOT_START_FORMAT))
    found = re.search(
        rf'value="{value}"[^>]*>.*?slot-list__free">(\d+) lugar', reply.body, re.S
    )
    return int(found.group(1)) if found else None


def test_a_booking_on_one_server_is_in_the_next_calendar_of_the_other():
    """The calendar comes from the shared cache under the agency's version: a seat
    taken through server A shows on server B's very next page; a booking rolled back
    leaves the version and the page as they were."""
    agency = agency_create(
        name=f"Cluster calendario {secrets.token_hex(3)}", capacity=3
    )
    start = bookable_starts(agency)[2]
    viewer = user_prepare(number=next(_numbers), agency=agency)
    assert _free_shown(APP_B, viewer, start) == 3  # computed, then cached
    assert _free_shown(APP_A, viewer, start) == 3
    for expected in (2, 1):
        booker = user_prepare(number=next(_numbers), agency=agency, starts_at=start)
        assert _confirm(APP_A, booker) == "booked"
        assert _free_shown(APP_B, viewer, start) == expected
    version = AgencyCalendar.objects.get(agency=agency).version
    with pytest.raises(RuntimeError), transaction.atomic():
        turn_book(
            **_person_for(agency),
            agency=agency,
            procedure_type=ProcedureType.objects.get(code=CLAVE_PATRONAL_CODE),
            starts_at=start,
        )
        raise RuntimeError("rolled back after the seat was taken")
    assert AgencyCalendar.objects.get(agency=agency).version == version
    assert _free_shown(APP_A, viewer, start) == _free_shown(APP_B, viewer, start) == 1


def _person_for(agency, user=None) -> dict:
    """turn_book's arguments for that user's person (by default a new one, verified
    and named by an employer)."""
    user = user or user_prepare(number=next(_numbers), agency=agency)
    store = import_module(settings.SESSION_ENGINE).SessionStore
    state = store(session_key=user.session_key)[SESSION_KEY]
    return {
        key: state[key]
        for key in (
            "verification_id",
            "identification_type",
            "identification",
            "email",
            "mobile",
            "employer_identification",
        )
    }


def test_a_confirmation_retried_on_b_after_a_booked_and_died_says_the_turn_is_held():
    """A booked and committed, then died before answering or saving the session: the
    load balancer's retry on B finds the turn, says so without showing it, and mails
    its link to the address it was booked with; no second turn is taken."""
    agency = agency_create(name=f"Cluster reintento {secrets.token_hex(3)}", capacity=2)
    start = bookable_starts(agency)[0]
    user = user_prepare(number=next(_numbers), agency=agency, starts_at=start)
    turn = turn_book(
        **_person_for(agency, user),
        agency=agency,
        procedure_type=ProcedureType.objects.get(code=CLAVE_PATRONAL_CODE),
        starts_at=start,
    )
    assert _confirm(APP_B, user) == "already held"
    assert list(Turn.objects.filter(slot__agency=agency)) == [turn]
    assert OutboxEmail.objects.filter(
        to=turn.email, subject="Su turno en el IESS ya existe"
    ).exists()


def test_a_rate_limit_reached_through_server_a_holds_on_server_b():
    agency = agency_create(name=f"Cluster límites {secrets.token_hex(3)}", capacity=5)
    user = user_prepare(
        number=next(_numbers), agency=agency, starts_at=bookable_starts(agency)[0]
    )
    limit = int(settings.TURNOS_RATE_PER_IDENTIFICATION.split("/")[0])
    wrong_code = {"code": "000000"}
    outcomes = [
        request(APP_A, "POST", "/turnos/verificar/", user=user, data=wrong_code).status
        for _ in range(limit)
    ]
    assert 429 not in outcomes
    blocked = request(APP_B, "POST", "/turnos/verificar/", user=user, data=wrong_code)
    assert blocked.status == 429
    assert request(APP_B, "GET", "/salud/").status == 200


def _multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = "----cluster" + secrets.token_hex(8)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        f"{value}\r\n".encode()
        for name, value in fields.items()
    ]
    for name, (filename, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream'
            "\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_a_tramite_filed_on_server_a_is_seen_with_its_files_on_server_b():
    import http.client

    from clavepatronal.catalogue.models import ProcedureType
    from clavepatronal.employers.selectors import registration_active_get
    from clavepatronal.identity.models import Province
    from tests.employers.factories import CEDULA_REP, RUC_SOCIEDAD, RegistrationFactory
    from tests.procedures import files

    registration = (
        registration_active_get(identification=RUC_SOCIEDAD) or RegistrationFactory()
    )
    ca = demo_ca_load_or_create(settings.DEMO_CA_DIR)
    uploads = {
        "ruc": ("ruc.jpg", files.jpg()),
        "solicitud": ("s.pdf", files.sign(registration.solicitud, ca, CEDULA_REP)),
        "cedula-representante": ("cedula.pdf", files.pdf()),
        "acuerdo": ("a.pdf", files.sign(registration.acuerdo, ca, CEDULA_REP)),
    }
    from bench.journey import User

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
    reply = request(APP_A, "POST", "/ventanilla/tramite/", user=browser, data=applicant)
    assert reply.status == 302, reply.body[:2000]
    draft_url = reply.location  # page 2 of this draft, named in the URL
    assert request(APP_A, "GET", draft_url, user=browser).status == 200
    body, content_type = _multipart({"csrfmiddlewaretoken": browser.csrf}, uploads)
    connection = http.client.HTTPConnection("127.0.0.1", APP_A, timeout=60)
    connection.request(
        "POST",
        draft_url,
        body=body,
        headers={"Content-Type": content_type, "Cookie": browser.cookie_header()},
    )
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == 302, response.status
    number = response.getheader("Location").rstrip("/").rsplit("/", 1)[1]
    tramite = Tramite.objects.get(number=number)

    # Server B finds it on the status page and serves every file from the bucket.
    status = request(
        APP_B,
        "POST",
        "/ventanilla/estado/",
        user=browser,
        data={"number": number, "identification": CEDULA_REP},
    )
    assert number in status.body
    bucket = boto3.client(
        "s3",
        endpoint_url=settings.STORAGES["private"]["OPTIONS"]["endpoint_url"],
        region_name="us-east-1",
    )
    for attachment in tramite.attachments.all():
        stored = bucket.get_object(Bucket=settings.S3_BUCKET, Key=attachment.file.name)[
            "Body"
        ].read()
        link = f"/ventanilla/archivo/{attachment_link_token(attachment)}/"
        served = http.client.HTTPConnection("127.0.0.1", APP_B, timeout=30)
        served.request("GET", link)
        answer = served.getresponse()
        body = answer.read()
        served.close()
        assert answer.status == 200
        assert body == stored
        assert "no-store" in answer.getheader("Cache-Control")
        # Private: the bucket never answers an anonymous request for it.
        anonymous = http.client.HTTPConnection("127.0.0.1", 18150, timeout=10)
        anonymous.request("GET", f"/{settings.S3_BUCKET}/{attachment.file.name}")
        refused = anonymous.getresponse()
        refused.read()
        anonymous.close()
        assert refused.status == 403


def _sent_copies(message_id: str) -> int:
    folder = settings.EMAIL_FILE_PATH
    return sum(
        path.read_text(errors="replace").count(f"Message-ID: {message_id}")
        for path in folder.iterdir()
    )


def _message_id(outbox: OutboxEmail) -> str:
    return re.search(r"<outbox-\d+\.\d+@[^>]+>", _mail_text(outbox)).group(0)


def _mail_text(outbox: OutboxEmail) -> str:
    for path in settings.EMAIL_FILE_PATH.iterdir():
        text = path.read_text(errors="replace")
        if f"<outbox-{outbox.pk}." in text:
            return text
    raise AssertionError(f"correo {outbox.pk} no enviado")


def _mail(subject: str) -> OutboxEmail:
    return email_send(
        to=f"{secrets.token_hex(4)}@correo.ec",
        subject=subject,
        template_name="verification_code",
        context={"code": "000000", "minutes": 10, "purpose_label": "Turno"},
    )


def test_with_two_workers_each_email_is_sent_once():
    from django_tasks_db.models import DBTaskResult

    outbox_quiet()
    mails = [_mail(f"Uno de veinte {i}") for i in range(20)]
    outbox_quiet(60)
    workers = set()
    for outbox in mails:
        assert _sent_copies(_message_id(outbox)) == 1
        outbox.refresh_from_db()
        assert outbox.attempts == 1
        (task,) = DBTaskResult.objects.filter(args_kwargs__kwargs__outbox_id=outbox.pk)
        assert len(task.worker_ids) == 1
        workers.update(task.worker_ids)
    assert workers == {"worker-1", "worker-2"}


def test_killing_a_worker_mid_send_loses_no_task_and_sends_no_email_twice():
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    outbox_quiet()
    outbox = _mail("LENTO: aviso de prueba")  # the cluster's relay takes 5 s for it
    task = wait_for(
        lambda: DBTaskResult.objects.filter(
            args_kwargs__kwargs__outbox_id=outbox.pk, status=TaskResultStatus.RUNNING
        ).first(),
        seconds=20,
        message="ningún trabajador tomó el correo",
    )
    victim = task.worker_ids[-1].removeprefix("worker-")
    ctl("kill-worker", victim)
    try:
        outbox.refresh_from_db()
        assert outbox.status == OutboxStatus.ENVIANDO
        assert _sent_copies_for(outbox) == 0
        wait_for(
            lambda: OutboxEmail.objects.filter(
                pk=outbox.pk, status=OutboxStatus.ENVIADO
            ).exists(),
            seconds=60,
            message="el correo del trabajador caído no se envió",
        )
        outbox_quiet()
        outbox.refresh_from_db()
        assert outbox.attempts == 2
        assert _sent_copies(_message_id(outbox)) == 1
        task.refresh_from_db()
        assert task.status == TaskResultStatus.SUCCESSFUL
        assert len(task.worker_ids) == 2
    finally:
        ctl("start-worker", victim)


def _sent_copies_for(outbox: OutboxEmail) -> int:
    return sum(
        f"<outbox-{outbox.pk}." in path.read_text(errors="replace")
        for path in settings.EMAIL_FILE_PATH.iterdir()
    )


def test_killing_an_app_server_mid_load_keeps_the_other_serving_and_every_turn():
    agency = agency_create(name=f"Cluster caída {secrets.token_hex(3)}", capacity=3)
    starts = bookable_starts(agency)
    users = [
        user_prepare(number=next(_numbers), agency=agency, starts_at=starts[i])
        for i in range(60)
    ]
    outcomes: dict[int, str] = {}
    lock = threading.Lock()
    started = threading.Event()

    def book(index_user):
        index, user = index_user
        port = APP_A if index % 2 else APP_B
        if index == 10:
            started.set()
        try:
            outcome = _confirm(port, user)
        except (OSError, http.client.HTTPException):
            # Like a load balancer: a request the dead server dropped goes to B. If A
            # had booked before dying, B says the person already holds a turn and
            # mails its link (409) or, if A had also saved the session, sends back to
            # step g ("full" here): either way the turn must be in the database,
            # which is checked below for every person.
            outcome = "retried: " + _confirm(APP_B, user)
        with lock:
            outcomes[user.number] = outcome

    def kill_a():
        started.wait()
        ctl("stop-app", "1", "KILL")

    try:
        with ThreadPoolExecutor(8) as pool:
            killer = pool.submit(kill_a)
            list(pool.map(book, enumerate(users)))
            killer.result()
        assert request(APP_B, "GET", "/salud/").status == 200
        answered = Counter(outcomes.values())
        assert set(answered) <= {
            "booked",
            "retried: booked",
            "retried: already held",
            "retried: full",
        }, answered
        assert answered["booked"] + answered["retried: booked"] > 0
        reserved = Turn.objects.filter(slot__agency=agency, status=TurnStatus.RESERVADO)
        assert reserved.count() == len(users)
        assert {
            int(t.email.removeprefix("persona").split("@")[0]) for t in reserved
        } == {u.number for u in users}
        told_held = [n for n, said in outcomes.items() if said.endswith("already held")]
        for number in told_held:
            turn = reserved.get(email__startswith=f"persona{number}@")
            assert OutboxEmail.objects.filter(
                to=turn.email, subject="Su turno en el IESS ya existe"
            ).exists(), number
    finally:
        ctl("start-app", "1")


def test_backup_and_restore_bring_back_the_database_and_the_files(tmp_path):
    import hashlib
    import os
    import subprocess

    import psycopg

    from clavepatronal.documents.models import GeneratedDocument
    from clavepatronal.procedures.models import Attachment

    from .conftest import ROOT

    originals = {a.file.name: a.sha256 for a in Attachment.objects.all()}
    assert originals, "el cluster no tiene adjuntos (corra la prueba del trámite)"
    turns = Turn.objects.count()
    # Generated PDFs live in the bucket too (documents 0006): the copy carries them.
    generated = dict(GeneratedDocument.objects.values_list("file", "sha256"))
    assert generated, "el cluster no tiene documentos generados"
    folder = tmp_path / "copia"
    subprocess.run(["bash", "scripts/backup.sh", str(folder)], cwd=ROOT, check=True)

    database = "clavepatronal_cluster_restaurada"
    bucket_name = "clavepatronal-restaurado"
    base = ["-h", "127.0.0.1", "-U", "postgres"]
    subprocess.run(["dropdb", *base, "--if-exists", database], check=True)
    subprocess.run(["createdb", *base, database], check=True)
    s3 = boto3.client(
        "s3", endpoint_url=os.environ["S3_ENDPOINT_URL"], region_name="us-east-1"
    )
    s3.create_bucket(Bucket=bucket_name)
    # Restoring is the owner's job (here the superuser), as migrating is: the app's
    # role may not create tables.
    url = f"postgres://postgres@127.0.0.1:5432/{database}"
    try:
        subprocess.run(
            ["bash", "scripts/restore.sh", str(folder)],
            cwd=ROOT,
            check=True,
            env={**os.environ, "DATABASE_URL": url, "S3_BUCKET": bucket_name},
        )
        with psycopg.connect(url) as restored:
            rows = restored.execute(
                "SELECT file, sha256 FROM procedures_attachment"
            ).fetchall()
            restored_turns = restored.execute(
                "SELECT count(*) FROM appointments_turn"
            ).fetchone()[0]
            restored_generated = restored.execute(
                "SELECT file, sha256 FROM documents_generateddocument"
            ).fetchall()
        assert dict(rows) == originals
        assert restored_turns == turns
        for name in originals:
            copy = s3.get_object(Bucket=bucket_name, Key=name)["Body"].read()
            live = s3.get_object(Bucket=settings.S3_BUCKET, Key=name)["Body"].read()
            assert copy == live
        assert generated.items() <= dict(restored_generated).items()
        for name, digest in generated.items():
            copy = s3.get_object(Bucket=bucket_name, Key=name)["Body"].read()
            assert hashlib.sha256(copy).hexdigest() == digest
    finally:
        subprocess.run(["dropdb", *base, "--if-exists", database], check=True)
