"""The officer's queue costs the same number of queries with 10 or 1,000 trámites."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clavepatronal.procedures.models import Tramite

pytestmark = pytest.mark.django_db


def add_tramites(count, *, province, registration, procedure_type, assigned_to):
    start = Tramite.objects.count()
    Tramite.objects.bulk_create(
        Tramite(
            number=f"VV-2026-{start + i:06d}",
            form_token=f"consulta-{start + i}",
            status="EN_REVISION" if i % 2 else "RECIBIDO",
            procedure_type=procedure_type,
            province=province,
            applicant_id_type="CEDULA",
            applicant_identification=registration.rep_identification,
            applicant_names=registration.rep_names,
            applicant_email="solicitante@correo.ec",
            applicant_mobile="+593991234567",
            employer_identification=registration.employer_identification,
            registration=registration,
            message="Solicito la clave patronal.",
            assigned_to=assigned_to if i % 2 else None,
        )
        for i in range(count)
    )


def queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_queue_runs_the_same_queries_with_10_or_1000_rows(
    as_servidor, servidor, pichincha, registration, clave
):
    rows = {
        "province": pichincha,
        "registration": registration,
        "procedure_type": clave,
        "assigned_to": servidor,
    }
    path = reverse("backoffice:queue")
    add_tramites(10, **rows)
    queries(as_servidor, path)  # warm: session, permissions cache
    small = queries(as_servidor, path)
    add_tramites(990, **rows)
    large = queries(as_servidor, path)
    assert large == small
