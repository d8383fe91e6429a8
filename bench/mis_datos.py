"""`python bench/mis_datos.py [--ci]` — a benchmark, not a test: how long «Mis
datos» takes for a large employer, and how many queries it makes.

One employer (registered by the real service, its clave set) with 300 trámites of
5 files each (a replaced one among them), their history and observations, 200
turns, 50 applications for a draw, 200 logins and 1,000 officers' file views in the
audit trail, inserted in bulk (the benchmark measures the export, not the filing).
Then it times the JSON export (the selector and json.dumps), the PDF drawn from it,
and the first page of «Quién consultó mis datos». The target is under 5 s for the
export. `--ci` is a fifth of the size. SQLite by default, PostgreSQL when
DATABASE_URL is set (in its own `<name>_bench`, created and dropped).

Prints: BENCH mis_datos tramites=N files=N turns=N seconds=S queries=N
pdf_seconds=S access_seconds=S access_queries=N bytes=N db=<vendor>
"""

import datetime
import hashlib
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.inprocess import django_setup, fresh_database  # noqa: E402

FULL = {"tramites": 300, "files": 5, "turns": 200, "applications": 50, "views": 1000}
CI = {key: max(1, value // 5) for key, value in FULL.items()} | {"files": 5}


def employer_create():
    """A registered employer whose clave is set, as the portal would see it."""
    from clavepatronal.employers.services import (
        clave_issue_by_link,
        clave_set_by_activation,
    )
    from tests.employers.factories import RegistrationFactory

    registration = RegistrationFactory()
    issued = clave_issue_by_link(registration=registration, actor_label="bench")
    return clave_set_by_activation(
        activation_id=issued.activation.pk, password="Bench-Mis-Datos-2026"
    )


def tramites_insert(registration, size: dict) -> list:
    from clavepatronal.catalogue.constants import CLAVE_PATRONAL_CODE
    from clavepatronal.catalogue.models import ProcedureType
    from clavepatronal.procedures.models import (
        Attachment,
        Observation,
        StatusChange,
        Tramite,
    )

    clave = ProcedureType.objects.get(code=CLAVE_PATRONAL_CODE)
    tramites = Tramite.objects.bulk_create(
        Tramite(
            number=f"VV-2026-{n:06d}",
            form_token=f"bench-{n}",
            status="CLAVE_EMITIDA",
            procedure_type=clave,
            province=registration.province,
            applicant_id_type=registration.rep_id_type,
            applicant_identification=registration.rep_identification,
            applicant_names=registration.rep_names,
            applicant_email=registration.rep_email,
            applicant_mobile=registration.rep_mobile,
            employer_identification=registration.employer_identification,
            registration=registration,
            message="Solicito la clave patronal.",
            filed_by_party=True,
        )
        for n in range(size["tramites"])
    )
    Attachment.objects.bulk_create(
        Attachment(
            tramite=tramite,
            requirement_code=f"req-{f}",
            requirement_name=f"Requisito {f}",
            file=f"tramites/bench/{tramite.pk}-{f}.pdf",
            kind="PDF",
            display_name=f"documento-{f}.pdf",
            size=100_000 + f,
            sha256=hashlib.sha256(f"{tramite.pk}-{f}".encode()).hexdigest(),
            is_current=f > 0,
        )
        for tramite in tramites
        for f in range(size["files"])
    )
    StatusChange.objects.bulk_create(
        StatusChange(tramite=t, from_status=a, to_status=b, actor_label="bench")
        for t in tramites
        for a, b in (("", "RECIBIDO"), ("RECIBIDO", "EN_REVISION"))
    )
    Observation.objects.bulk_create(
        Observation(tramite=t, round=1, text="Ilegible", requirement_name="RUC")
        for t in tramites
    )
    return tramites


def turns_insert(registration, size: dict) -> None:
    from django.utils import timezone

    from clavepatronal.appointments.models import Agency, Slot, Turn, TurnApplication

    agency = Agency.objects.filter(procedure_types__code="clave-patronal").first()
    agency = agency or Agency.objects.first()
    clave = agency.procedure_types.first()
    start = timezone.now().replace(second=0, microsecond=0)
    slots = Slot.objects.bulk_create(
        Slot(
            agency=agency,
            starts_at=start - datetime.timedelta(days=n + 1),
            ends_at=start - datetime.timedelta(days=n + 1) + datetime.timedelta(1 / 72),
            capacity=2,
        )
        for n in range(size["turns"])
    )
    person = {
        "identification_type": registration.rep_id_type,
        "identification": registration.rep_identification,
        "registration": registration,
        "employer_identification": registration.employer_identification,
        "holder_names": registration.rep_names,
        "email": registration.rep_email,
        "mobile": registration.rep_mobile,
        "procedure_type": clave,
    }
    Turn.objects.bulk_create(
        Turn(code=f"BENCH{n:06d}", slot=slot, status="ATENDIDO", **person)
        for n, slot in enumerate(slots)
    )
    TurnApplication.objects.bulk_create(
        TurnApplication(agency=agency, day=start.date(), status="CANCELADA", **person)
        for _ in range(size["applications"])
    )


def trail_insert(account, tramites, size: dict) -> None:
    """Logins of the employer and file views by an officer, in bulk (bulk_create
    writes rows; only changing or deleting them is refused)."""
    from clavepatronal.appointments.models import Agency
    from clavepatronal.audit.constants import AuditAction
    from clavepatronal.audit.models import AuditEvent
    from clavepatronal.backoffice.constants import Role
    from clavepatronal.backoffice.services.staff import staff_create
    from clavepatronal.procedures.models import Attachment

    officer = staff_create(
        username="servidor.bench",
        password="una-clave-del-servidor-larga",
        first_name="Servidor",
        last_name="Bench",
        email="servidor.bench@iess.gob.ec",
        role=Role.SERVIDOR,
        agency=Agency.objects.first(),
    ).user
    files = list(
        Attachment.objects.filter(tramite__in=tramites).values_list("pk", flat=True)
    )
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                action=AuditAction.CUENTA_INGRESO,
                actor=account.user,
                actor_role="Empleador",
                target_type="employers.employeraccount",
                target_id=str(account.pk),
            )
            for _ in range(200)
        ]
        + [
            AuditEvent(
                action=AuditAction.ADJUNTO_VISTO,
                actor=officer,
                actor_role=Role.SERVIDOR.value,
                target_type="procedures.attachment",
                target_id=str(files[n % len(files)]),
                request_id=f"bench-{n}",
            )
            for n in range(size["views"])
        ],
        batch_size=500,
    )


def timed(run) -> tuple[object, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        result = run()
        seconds = time.perf_counter() - started
    return result, seconds, len(captured)


def main() -> None:
    size = CI if "--ci" in sys.argv else FULL
    django_setup()
    from django.utils import timezone

    from clavepatronal.privacy.export_pdf import mis_datos_pdf
    from clavepatronal.privacy.selectors.access_log import (
        access_rows,
        employer_access_events,
    )
    from clavepatronal.privacy.selectors.export import mis_datos_export

    with fresh_database() as vendor:
        account = employer_create()
        tramites = tramites_insert(account.registration, size)
        turns_insert(account.registration, size)
        trail_insert(account, tramites, size)
        content, seconds, queries = timed(
            lambda: json.dumps(
                mis_datos_export(account=account, now=timezone.now()),
                ensure_ascii=False,
            ).encode()
        )
        data = json.loads(content)
        _pdf, pdf_seconds, _q = timed(lambda: mis_datos_pdf(data=data, page_url="/"))
        _rows, access_seconds, access_queries = timed(
            lambda: access_rows(employer_access_events(account=account)[:20])
        )
        files = sum(len(t["files"]) for t in data["tramites"])
        print(
            f"BENCH mis_datos tramites={len(data['tramites'])} files={files} "
            f"turns={len(data['turns'])} seconds={seconds:.3f} queries={queries} "
            f"pdf_seconds={pdf_seconds:.3f} access_seconds={access_seconds:.3f} "
            f"access_queries={access_queries} bytes={len(content)} db={vendor}"
        )


if __name__ == "__main__":
    main()
