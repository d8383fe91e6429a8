"""«Quién consultó mis datos» from the audit trail: staff events on the employer's
rows, with role and unit and the trámite or turn behind each; those with neither
are flagged for administrators."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clavepatronal.appointments.services import turn_arrival_register
from clavepatronal.backoffice.constants import Role
from clavepatronal.core.request_id import request_id_reset, request_id_set
from clavepatronal.documents.services import generated_document_view_record
from clavepatronal.employers.services import power_scan_view_record
from clavepatronal.privacy.selectors.access_log import (
    access_rows,
    employer_access_events,
    event_employers,
    staff_access_without_reason,
)
from clavepatronal.procedures.services import attachment_view_record
from tests.appointments.factories import TurnFactory
from tests.backoffice import conftest as staff_fixtures
from tests.employers import conftest as employer_fixtures
from tests.employers.factories import RegistrationFactory
from tests.procedures.factories import TramiteFactory

pytestmark = pytest.mark.django_db

employer = employer_fixtures.employer
issue_link = employer_fixtures.issue_link
make_employer = employer_fixtures.make_employer
other_employer = employer_fixtures.other_employer
other_registration = employer_fixtures.other_registration
quito = staff_fixtures.quito
make_staff = staff_fixtures.make_staff


@pytest.fixture
def officer(quito):
    return make_staff("servidor.quito", Role.SERVIDOR, agency=quito)


def _in_request(request_id: str, record) -> None:
    token = request_id_set(request_id)
    try:
        record()
    finally:
        request_id_reset(token)


def _solicitud_seen(registration, actor) -> None:
    generated_document_view_record(
        document=registration.solicitud, actor=actor, actor_label="x"
    )


def test_a_file_view_names_the_tramite_role_and_unit(employer, officer):
    tramite = TramiteFactory(registration=employer.registration)
    attachment_view_record(
        attachment=tramite.attachments.get(), actor=officer, actor_label="x"
    )
    [row] = access_rows(employer_access_events(account=employer))
    assert row.what == f"Archivo «RUC» del trámite {tramite.number}"
    assert row.reason == f"Trámite {tramite.number}"
    assert row.role == "Servidor de atención"
    assert row.unit == "Agencia Centro de Atención Universal Quito, Pichincha"
    assert not row.flagged


def test_a_staff_view_with_no_tramite_or_turn_is_flagged(employer, officer):
    _in_request("sin-motivo", lambda: _solicitud_seen(employer.registration, officer))
    [row] = access_rows(employer_access_events(account=employer))
    assert row.flagged
    assert row.reason.startswith("Sin trámite ni turno")
    flagged = list(staff_access_without_reason())
    assert [e.pk for e in flagged] == [row.event.pk]
    assert event_employers(flagged) == {
        row.event.pk: employer.registration.employer_identification
    }


def test_a_view_in_the_request_that_worked_a_turn_is_not_flagged(employer, officer):
    turn = TurnFactory(
        held_by=employer.registration, starts_at=staff_fixtures.local_today(23, 40)
    )

    def at_the_desk():
        turn_arrival_register(turn=turn, actor=officer)
        _solicitud_seen(employer.registration, officer)

    _in_request("en-ventanilla", at_the_desk)
    rows = access_rows(employer_access_events(account=employer))
    assert len(rows) == 2
    assert {row.reason for row in rows} == {f"Turno {turn.code}"}
    assert not any(row.flagged for row in rows)
    assert not staff_access_without_reason().exists()


def test_the_employers_own_and_anothers_events_are_not_listed(
    employer, other_employer, officer
):
    _solicitud_seen(employer.registration, employer.user)
    _solicitud_seen(other_employer.registration, officer)
    stranger = TramiteFactory(registration=employer.registration, por_tercero=True)
    attachment_view_record(
        attachment=stranger.attachments.get(), actor=officer, actor_label="x"
    )
    assert not employer_access_events(account=employer).exists()
    assert employer_access_events(account=other_employer).count() == 1


def test_administrators_and_delegates_are_named_by_their_unit(employer, pichincha):
    admin = make_staff("admin.nacional", Role.ADMINISTRADOR)
    delegate = make_staff("delegado.pichincha", Role.DELEGADO, province=pichincha)
    registration = employer.registration
    power = registration.powers.create(
        province=pichincha,
        notary="Notaría Primera",
        deed_number="P-1",
        granted_on="2026-01-05",
        apoderado_names="Ana Torres",
        apoderado_id_type="CEDULA",
        apoderado_identification="1713175071",
    )
    power_scan_view_record(power=power, actor=delegate)
    _solicitud_seen(registration, admin)
    admin_row, delegate_row = access_rows(employer_access_events(account=employer))
    assert admin_row.unit == "Administración nacional (todas las provincias)"
    assert delegate_row.unit == "Provincia de Pichincha"
    assert delegate_row.reason == "Validación del poder notarial"
    assert delegate_row.what == "Poder notarial, escritura P-1"


def test_a_page_of_rows_costs_the_same_queries_however_many(employer, officer):
    tramite = TramiteFactory(registration=employer.registration)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            access_rows(employer_access_events(account=employer)[:20])
        return len(captured)

    attachment_view_record(
        attachment=tramite.attachments.get(), actor=officer, actor_label="x"
    )
    _solicitud_seen(employer.registration, officer)
    few = queries()
    for _ in range(8):
        attachment_view_record(
            attachment=tramite.attachments.get(), actor=officer, actor_label="x"
        )
        _solicitud_seen(employer.registration, officer)
    assert queries() == few


def test_a_registration_of_another_ruc_is_not_the_employers(employer, officer):
    other = RegistrationFactory(employer_identification="1790012345001")
    _solicitud_seen(other, officer)
    assert not employer_access_events(account=employer).exists()
