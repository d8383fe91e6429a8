"""«Mis datos»: the export names everything held about the employer and nothing of
anyone else, matches its published schema, reads as a PDF, and costs the same
number of queries for an employer with two trámites as for one with many."""

import json
from io import BytesIO
from pathlib import Path

import jsonschema
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from clavepatronal.appointments.constants import (
    ApplicationStatus,
    OfferStatus,
    WaitlistStatus,
)
from clavepatronal.appointments.models import (
    TurnApplication,
    WaitlistEntry,
    WaitlistOffer,
)
from clavepatronal.employers.models import PowerOfAttorney
from clavepatronal.identity.constants import IdentificationType
from clavepatronal.notifications.models import OutboxEmail
from clavepatronal.privacy.export_pdf import mis_datos_pdf
from clavepatronal.privacy.selectors.export import mis_datos_export
from clavepatronal.procedures.models import Observation, StatusChange
from tests.appointments.factories import AgencyFactory, TurnFactory
from tests.employers import conftest as employer_fixtures
from tests.procedures.factories import AttachmentFactory, TramiteFactory

pytestmark = pytest.mark.django_db

# The employers' fixtures, by name: an employer with its clave and another one.
employer = employer_fixtures.employer
issue_link = employer_fixtures.issue_link
make_employer = employer_fixtures.make_employer
other_employer = employer_fixtures.other_employer
other_registration = employer_fixtures.other_registration

SCHEMA = json.loads(
    (
        Path(__file__).resolve().parents[2]
        / "clavepatronal/privacy/schema/mis_datos.schema.json"
    ).read_text()
)


def validate(data: dict) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(data)


def seed(registration, *, tramites: int = 2) -> dict:
    """Trámites with two files each (one replaced), history and an observation,
    a turn, an application for a draw and a power of attorney."""
    made = []
    for _ in range(tramites):
        tramite = TramiteFactory(registration=registration, observado=True)
        AttachmentFactory(tramite=tramite, is_current=False, display_name="viejo.pdf")
        StatusChange.objects.create(
            tramite=tramite, from_status="RECIBIDO", to_status="OBSERVADO", note="n"
        )
        Observation.objects.create(tramite=tramite, round=1, text="Ilegible")
        made.append(tramite)
    agency = AgencyFactory()
    turn = TurnFactory(agency=agency, held_by=registration, cancelado=True)
    application = TurnApplication.objects.create(
        agency=agency,
        procedure_type=turn.procedure_type,
        day=timezone.localdate(),
        hours=["09:00"],
        identification_type=IdentificationType.CEDULA,
        identification=registration.rep_identification,
        registration=registration,
        employer_identification=registration.employer_identification,
        holder_names=registration.rep_names,
        email="rep@correo.ec",
        mobile="+593991234567",
        status=ApplicationStatus.CANCELADA,
    )
    entry = WaitlistEntry.objects.create(
        agency=agency,
        procedure_type=turn.procedure_type,
        identification_type=IdentificationType.CEDULA,
        identification=registration.rep_identification,
        registration=registration,
        employer_identification=registration.employer_identification,
        holder_names=registration.rep_names,
        email="rep@correo.ec",
        days=[str(timezone.localdate())],
        until=timezone.localdate(),
        rank="a" * 64,
        status=WaitlistStatus.VENCIDA,
    )
    WaitlistOffer.objects.create(
        entry=entry,
        slot=turn.slot,
        expires_at=timezone.now(),
        status=OfferStatus.VENCIDA,
    )
    return {
        "tramites": made,
        "turn": turn,
        "application": application,
        "waitlist_entry": entry,
    }


def test_the_export_names_everything_of_the_employer_and_validates(employer):
    registration = employer.registration
    made = seed(registration)
    PowerOfAttorney.objects.create(
        registration=registration,
        province=registration.province,
        notary="Notaría Primera de Quito",
        deed_number="2026-17-01-001-P00123",
        granted_on=timezone.localdate(),
        apoderado_names="Ana Lucía Torres",
        apoderado_id_type=IdentificationType.CEDULA,
        apoderado_identification="1713175071",
    )
    OutboxEmail.objects.create(to=registration.email, subject="Aviso", body="secreto")
    data = mis_datos_export(account=employer, now=timezone.now())
    validate(data)
    assert [t["number"] for t in data["tramites"]] == [
        t.number for t in made["tramites"]
    ]
    files = data["tramites"][0]["files"]
    assert {f["state"] for f in files} == {"vigente", "reemplazado"}
    assert all(len(f["sha256"]) == 64 and f["size"] > 0 for f in files)
    assert data["tramites"][0]["history"][0]["to_status"] == "OBSERVADO"
    assert data["tramites"][0]["observations"][0]["text"] == "Ilegible"
    assert [t["code"] for t in data["turns"]] == [made["turn"].code]
    assert [a["id"] for a in data["turn_applications"]] == [made["application"].pk]
    assert data["turns"][0]["channel"] == "EN_LINEA"
    (entry,) = data["waitlist_entries"]
    assert entry["days"] == made["waitlist_entry"].days
    assert [offer["status"] for offer in entry["offers"]] == ["VENCIDA"]
    powers = data["registrations"][0]["powers_of_attorney"]
    assert powers[0]["deed_number"] == "2026-17-01-001-P00123"
    assert data["registrations"][0]["sri"]["status"] == registration.sri_status
    assert registration.solicitud.code in {d["code"] for d in data["documents"]}
    actions = {e["action"] for e in data["account_events"]}
    assert {"registro.creado", "clave.activada"} <= actions
    assert "Aviso" in {e["subject"] for e in data["emails"]}
    assert "secreto" not in json.dumps(data)


def test_another_employers_and_a_strangers_data_stay_out(employer, other_employer):
    mine = TramiteFactory(registration=employer.registration)
    theirs = TramiteFactory(registration=other_employer.registration)
    stranger = TramiteFactory(registration=employer.registration, por_tercero=True)
    their_turn = TurnFactory(held_by=other_employer.registration)
    text = json.dumps(mis_datos_export(account=employer, now=timezone.now()))
    assert mine.number in text
    for absent in (theirs.number, stranger.number, their_turn.code, "Persona Ajena"):
        assert absent not in text


def test_the_schema_refuses_what_it_does_not_document(employer):
    data = mis_datos_export(account=employer, now=timezone.now())
    data["tramites"] = [{"number": "VV-1"}]
    with pytest.raises(jsonschema.ValidationError):
        validate(data)
    data = mis_datos_export(account=employer, now=timezone.now())
    data["undocumented"] = 1
    with pytest.raises(jsonschema.ValidationError):
        validate(data)


def _queries(employer) -> int:
    with CaptureQueriesContext(connection) as captured:
        mis_datos_export(account=employer, now=timezone.now())
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_employer(employer):
    seed(employer.registration, tramites=1)
    few = _queries(employer)
    seed(employer.registration, tramites=6)
    assert _queries(employer) == few


def test_the_pdf_reads_the_same_data(employer):
    made = seed(employer.registration)
    data = mis_datos_export(account=employer, now=timezone.now())
    pdf = mis_datos_pdf(data=data, page_url="https://example.test/empleador/")
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert pdf.startswith(b"%PDF")
    for expected in (
        employer.registration.business_name,
        made["tramites"][0].number,
        made["turn"].code,
        "Mis datos",
    ):
        assert expected in text, expected
