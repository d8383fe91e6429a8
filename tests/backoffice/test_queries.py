"""The officer's queue costs the same number of queries with 10 or 1,000 trámites."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clavepatronal.procedures.models import Tramite
from tests.procedures.factories import TramiteFactory

pytestmark = pytest.mark.django_db


def add_tramites(count, *, province, registration, procedure_type, assigned_to):
    Tramite.objects.bulk_create(
        TramiteFactory.build(
            en_revision=bool(i % 2),
            procedure_type=procedure_type,
            province=province,
            registration=registration,
            assigned_to=assigned_to if i % 2 else None,
            attachment=None,
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
