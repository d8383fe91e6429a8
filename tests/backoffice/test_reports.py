import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from clavepatronal.appointments.constants import TurnStatus
from clavepatronal.backoffice.constants import Role
from clavepatronal.backoffice.selectors.reports import duration_words
from clavepatronal.procedures.constants import TramiteStatus
from tests.appointments.conftest import local
from tests.appointments.factories import AgencyFactory, TurnFactory
from tests.procedures.factories import TramiteFactory
from tests.staff import verified_login

from .accounts import admin_client, employer_user, staff_user

pytestmark = pytest.mark.django_db

URL = reverse("backoffice:reports")
NOVEMBER = {"desde": "2026-11-01", "hasta": "2026-11-30"}
PICHINCHA, GUAYAS = "17", "09"
HOUR = datetime.timedelta(hours=1)


def issued_after(province_code: str, day: int, hours: int):
    received = local(2026, 11, day, 8, 0)
    return TramiteFactory(
        province__code=province_code,
        clave_emitida=True,
        created=received,
        issued=received + hours * HOUR,
    )


@pytest.fixture
def tramites():
    """November: Pichincha 2 received, 1 in review, 4 with their key (3 issued in
    November after 10, 30 and 50 hours); Guayas 1 rejected, 2 with their key
    (after 24 and 48 hours). Three more fall outside November."""
    for created in (local(2026, 11, 5, 10, 0), local(2026, 11, 30, 23, 30)):
        TramiteFactory(province__code=PICHINCHA, created=created)
    for created in (local(2026, 10, 31, 23, 59), local(2026, 12, 1, 0, 10)):
        TramiteFactory(province__code=PICHINCHA, created=created)
    TramiteFactory(
        province__code=PICHINCHA, en_revision=True, created=local(2026, 11, 10, 9, 0)
    )
    TramiteFactory(
        province__code=GUAYAS, rechazado=True, created=local(2026, 11, 12, 9, 0)
    )
    for day, hours in ((2, 10), (3, 30), (4, 50)):
        issued_after(PICHINCHA, day, hours)
    issued_after(PICHINCHA, 29, 72)  # issued on 2 December
    issued_after(GUAYAS, 5, 24)
    issued_after(GUAYAS, 6, 48)
    # Received in October, issued in November: timed, not in the November matrix.
    TramiteFactory(
        province__code=GUAYAS,
        clave_emitida=True,
        created=local(2026, 10, 31, 8, 0),
        issued=local(2026, 10, 31, 8, 0) + 36 * HOUR,
    )


@pytest.fixture
def turns():
    """November: Quito 2 attended, 1 missed, 1 cancelled, 2 waiting (one late on
    the 30th); Guayaquil 1 attended, 2 cancelled. One Quito turn in December."""
    quito = AgencyFactory(name="Agencia Quito Norte", province__code=PICHINCHA)
    guayaquil = AgencyFactory(name="Agencia Guayaquil Centro", province__code=GUAYAS)
    for hour, status in [
        (8, TurnStatus.ATENDIDO),
        (9, TurnStatus.ATENDIDO),
        (10, TurnStatus.NO_ASISTIO),
        (11, TurnStatus.CANCELADO),
        (12, TurnStatus.RESERVADO),
    ]:
        TurnFactory(agency=quito, starts_at=local(2026, 11, 16, hour, 0), status=status)
    # 19:30 on the 30th in Quito is already 1 December in UTC.
    TurnFactory(agency=quito, starts_at=local(2026, 11, 30, 19, 30))
    TurnFactory(
        agency=quito, starts_at=local(2026, 12, 1, 8, 0), status=TurnStatus.ATENDIDO
    )
    for status in (TurnStatus.ATENDIDO, TurnStatus.CANCELADO, TurnStatus.CANCELADO):
        TurnFactory(
            agency=guayaquil, starts_at=local(2026, 11, 20, 9, 0), status=status
        )
    return quito, guayaquil


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


# Who may look


def test_anonymous_visitors_go_to_the_staff_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("backoffice:login"))


def test_an_employer_session_is_refused(client, django_user_model):
    client.force_login(employer_user(django_user_model))
    assert client.get(URL).status_code == 403


def test_staff_without_the_second_factor_go_to_the_staff_login(client):
    client.force_login(staff_user(Role.ADMINISTRADOR))
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("backoffice:login"))


@pytest.mark.parametrize("role", [Role.SERVIDOR, Role.DELEGADO])
def test_servidor_and_delegado_are_refused(client, role):
    verified_login(client, staff_user(role))
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"formato": "csv", "tabla": "turnos"}).status_code == 403


def test_an_administrator_sees_the_last_30_days_by_default(client):
    admin_client(client)
    response = client.get(URL)
    assert response.status_code == 200
    today = timezone.localdate()
    assert response.context["end_day"] == today
    assert response.context["start_day"] == today - datetime.timedelta(days=29)
    assert "Ninguna clave se emitió en el período." in response.text


# What the tables count


def test_tramites_are_counted_by_province_and_current_state(client, tramites):
    admin_client(client)
    report = client.get(URL, NOVEMBER).context["tramites"]
    statuses = [value for value, _label in report.statuses]
    assert statuses == list(TramiteStatus.values)
    rows = {
        row.label: dict(zip(statuses, row.counts, strict=True)) for row in report.rows
    }
    assert list(rows) == ["Guayas", "Pichincha"]
    assert rows["Pichincha"] == {
        **dict.fromkeys(statuses, 0),
        "RECIBIDO": 2,
        "EN_REVISION": 1,
        "CLAVE_EMITIDA": 4,
    }
    assert rows["Guayas"] == {
        **dict.fromkeys(statuses, 0),
        "RECHAZADO": 1,
        "CLAVE_EMITIDA": 2,
    }
    assert [row.total for row in report.rows] == [3, 7]
    totals = dict(zip(statuses, report.totals, strict=True))
    assert totals["RECIBIDO"] == 2 and totals["CLAVE_EMITIDA"] == 6
    assert report.total == 10


def test_turns_are_counted_by_agency_from_the_appointment_date(client, turns):
    admin_client(client)
    response = client.get(URL, NOVEMBER)
    report = response.context["turns"]
    by_agency = {
        row.agency: (row.booked, row.attended, row.missed, row.cancelled)
        for row in report.rows
    }
    assert by_agency == {
        "Agencia Guayaquil Centro": (1, 1, 0, 2),
        "Agencia Quito Norte": (5, 2, 1, 1),
    }
    totals = report.totals
    assert (totals.booked, totals.attended, totals.missed, totals.cancelled) == (
        6,
        3,
        1,
        3,
    )
    assert "todos los turnos no cancelados" in response.text


def test_median_time_to_issue_overall_and_by_province(client, tramites):
    admin_client(client)
    response = client.get(URL, NOVEMBER)
    times = response.context["issue_times"]
    # Pichincha: 10, 30, 50 hours (odd n); Guayas: 24, 48, 36 → 24, 36, 48.
    assert times.overall.n == 6
    # All: 10, 24, 30, 36, 48, 50 → (30 + 36) / 2 = 33 hours (even n).
    assert times.overall.median_seconds == 33 * 3600
    assert times.overall.median_words == "1 día y 9 horas"
    by_province = {t.label: t for t in times.by_province}
    assert by_province["Pichincha"].n == 3
    assert by_province["Pichincha"].median_seconds == 30 * 3600
    assert by_province["Guayas"].n == 3
    assert by_province["Guayas"].median_seconds == 36 * 3600
    assert "1 día y 6 horas" in response.text
    assert "1 día y 12 horas" in response.text


def test_median_of_an_even_number_is_the_mean_of_the_two_middle_times(client):
    for hours in (2, 4):
        issued_after(PICHINCHA, 3, hours)
    for hours in (6, 10):
        issued_after(GUAYAS, 3, hours)
    admin_client(client)
    times = client.get(URL, NOVEMBER).context["issue_times"]
    assert times.overall.n == 4
    assert times.overall.median_words == "5 horas"
    assert {t.label: t.median_seconds / 3600 for t in times.by_province} == {
        "Guayas": 8,
        "Pichincha": 3,
    }


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (20, "menos de un minuto"),
        (60, "1 minuto"),
        (45 * 60, "45 minutos"),
        (90 * 60, "1 hora y 30 minutos"),
        (26 * 3600, "1 día y 2 horas"),
        (48 * 3600 + 5 * 60, "2 días"),
        (73 * 3600, "3 días y 1 hora"),
    ],
)
def test_durations_are_said_in_plain_spanish(seconds, words):
    assert duration_words(seconds) == words


def test_the_tables_are_accessible_and_fit_a_phone(client, tramites, turns):
    admin_client(client)
    page = client.get(URL, NOVEMBER).text
    assert page.count('<div class="table-wrap">') == 3
    assert page.count("<caption>") == 3
    assert '<th scope="col">Provincia</th>' in page
    assert '<th scope="row">Pichincha</th>' in page


# CSV


def test_csv_export_of_tramites_has_a_spanish_header_and_the_counts(client, tramites):
    admin_client(client)
    response = client.get(URL, {**NOVEMBER, "formato": "csv", "tabla": "tramites"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="reporte-tramites-2026-11-01-a-2026-11-30.csv"'
    )
    assert not response.content.startswith(b"\xef\xbb\xbf")
    rows = csv_rows(response)
    assert rows[0] == [
        "Provincia",
        "Recibido",
        "En revisión",
        "Observado: debe corregir",
        "Corregido, por revisar",
        "Aprobado",
        "Clave emitida",
        "Rechazado",
        "Total",
    ]
    assert rows[2] == ["Pichincha", "2", "1", "0", "0", "0", "4", "0", "7"]
    assert rows[-1][0] == "Total" and rows[-1][-1] == "10"


def test_csv_export_of_turns_and_times(client, tramites, turns):
    admin_client(client)
    turnos = csv_rows(
        client.get(URL, {**NOVEMBER, "formato": "csv", "tabla": "turnos"})
    )
    assert turnos[0] == [
        "Agencia",
        "Provincia",
        "Reservados (no cancelados)",
        "Atendidos",
        "No asistieron",
        "Cancelados",
    ]
    assert ["Agencia Quito Norte", "Pichincha", "5", "2", "1", "1"] in turnos
    tiempos = csv_rows(
        client.get(URL, {**NOVEMBER, "formato": "csv", "tabla": "tiempos"})
    )
    assert tiempos[0] == [
        "Provincia",
        "Trámites con clave emitida",
        "Mediana en horas",
        "Mediana",
    ]
    assert ["Pichincha", "3", "30.0", "1 día y 6 horas"] in tiempos
    assert tiempos[-1] == ["Todas las provincias", "6", "33.0", "1 día y 9 horas"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_cells_that_a_spreadsheet_would_run_get_an_apostrophe(client, start):
    agency = AgencyFactory(name=f'{start}HYPERLINK("http://x.example")')
    TurnFactory(agency=agency, starts_at=local(2026, 11, 16, 8, 0))
    admin_client(client)
    rows = csv_rows(client.get(URL, {**NOVEMBER, "formato": "csv", "tabla": "turnos"}))
    assert rows[1][0] == f'\'{start}HYPERLINK("http://x.example")'
    assert rows[1][2] == "1"


# Bad input


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"desde": "2026-02-31", "hasta": "2026-03-01"}, "Escriba una fecha válida"),
        ({"desde": "hoy", "hasta": ""}, "Escriba una fecha válida"),
        ({"desde": "0001-01-01", "hasta": "9999-12-31"}, "entre los años 2000"),
        ({"desde": "2026-11-30", "hasta": "2026-11-01"}, "es posterior"),
        ({**NOVEMBER, "formato": "csv"}, "Indique qué tabla descargar"),
        ({**NOVEMBER, "formato": "csv", "tabla": "usuarios"}, "Escoja una opción"),
        ({**NOVEMBER, "formato": "xlsx", "tabla": "turnos"}, "Escoja una opción"),
    ],
)
def test_bad_input_gets_a_spanish_error_not_a_server_error(client, query, message):
    admin_client(client)
    response = client.get(URL, query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert message in response.text
    assert "Hay un problema" in response.text


def test_an_open_start_counts_from_the_beginning(client, tramites):
    admin_client(client)
    response = client.get(URL, {"desde": "", "hasta": "2026-11-30"})
    assert response.status_code == 200
    assert response.context["start_day"] is None
    # The October trámite counts now; the December one still does not.
    assert response.context["tramites"].total == 12
    assert "desde el inicio" in response.text


def test_provinces_are_listed_in_spanish_alphabetical_order(client):
    for code in ("04", "03", "02"):  # Carchi, Cañar, Bolívar
        TramiteFactory(province__code=code, created=local(2026, 11, 3, 9, 0))
    admin_client(client)
    report = client.get(URL, NOVEMBER).context["tramites"]
    assert [row.label for row in report.rows] == ["Bolívar", "Cañar", "Carchi"]
