"""The employer's dashboard costs the same number of queries with 10 or 1,000 turns,
trámites and documents of that employer: nothing is fetched row by row."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clavepatronal.appointments.models import Agency, Slot, Turn
from clavepatronal.documents.codes import random_code
from clavepatronal.documents.models import GeneratedDocument
from clavepatronal.procedures.models import Tramite
from tests.appointments.factories import AgencyFactory, SlotFactory, TurnFactory
from tests.catalogue.factories import ProcedureTypeFactory
from tests.employers.factories import CEDULA_REP
from tests.procedures.factories import TramiteFactory

pytestmark = pytest.mark.django_db
_made = itertools.count()


def _grow(account, agency: Agency, rows: int) -> None:
    """Up to `rows` turns, trámites and documents of this employer."""
    clave = ProcedureTypeFactory()
    start = timezone.now().replace(second=0, microsecond=0)
    slots = Slot.objects.bulk_create(
        SlotFactory.build(
            agency=agency,
            starts_at=start + datetime.timedelta(minutes=20 * next(_made)),
            capacity=1,
            booked=1,
        )
        for _ in range(rows - Turn.objects.count())
    )
    Turn.objects.bulk_create(
        TurnFactory.build(
            slot=slot,
            procedure_type=clave,
            identification=CEDULA_REP,
            email="turno@ejemplo.ec",
            atendido=True,
        )
        for slot in slots
    )
    if not Tramite.objects.exists():
        TramiteFactory(registration=account.registration)
    Tramite.objects.bulk_create(
        TramiteFactory.build_batch(
            rows - Tramite.objects.count(),
            procedure_type=clave,
            registration=account.registration,
            attachment=None,
        )
    )
    model_document = GeneratedDocument.objects.filter(
        holder_identification=account.identification
    ).first()
    documents = []
    for _ in range(rows - GeneratedDocument.objects.count()):
        copy = GeneratedDocument.objects.get(pk=model_document.pk)
        copy.pk = None
        copy.code = random_code(len(copy.code))
        documents.append(copy)
    GeneratedDocument.objects.bulk_create(documents)


def test_the_dashboard_runs_the_same_queries_with_10_and_1000_rows(
    client, employer, login
):
    agency = AgencyFactory(name="Agencia de las consultas", address="Quito")
    login(client, employer.identification)
    counts = []
    for rows in (10, 1000):
        _grow(employer, agency, rows)
        assert Turn.objects.count() == Tramite.objects.count() == rows
        assert GeneratedDocument.objects.count() == rows
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("portal:dashboard"))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
