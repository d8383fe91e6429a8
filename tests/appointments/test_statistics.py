"""Estadísticas públicas and alertas de capacidad: the page, its CSV and JSON say
what the database holds for a seeded month; small cells are not published; an
agency without a free seat in the horizon raises the alert."""

import csv
import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone

from clavepatronal.appointments.constants import (
    ApplicationStatus,
    DrawStatus,
    OfferStatus,
    TurnChannel,
    WaitlistStatus,
)
from clavepatronal.appointments.models import (
    AgencyClosure,
    Draw,
    Turn,
    TurnApplication,
    WaitlistEntry,
    WaitlistOffer,
)
from clavepatronal.appointments.selectors.calendar import slot_starts
from clavepatronal.appointments.selectors.capacity import capacity_overview
from clavepatronal.identity.constants import IdentificationType

from .conftest import NOW, cedula, local
from .factories import (
    AgencyFactory,
    SlotFactory,
    TurnFactory,
    waiting_list_fill,
    window_fill,
)

pytestmark = pytest.mark.django_db

# November 2026: 21 weekdays, two of them national holidays (2 and 3 November).
NOVEMBER_WORKING_DAYS = 19


@pytest.fixture(autouse=True)
def _now(monkeypatch, settings):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    settings.TURNOS_STATS_MIN_COUNT = 5
    cache.delete("turnos:estadisticas")


def _turn(agency, procedure, day, hour, waited, status="", number=0):
    starts = local(day.year, day.month, day.day, hour, 0)
    traits = {status: True} if status else {}
    turn = TurnFactory(
        agency=agency,
        starts_at=starts,
        procedure_type=procedure,
        identification=cedula(900 + number),
        **traits,
    )
    booked = starts - datetime.timedelta(days=waited)
    Turn.objects.filter(pk=turn.pk).update(created=booked)
    return turn


def _application(agency, procedure, day, number, status):
    return TurnApplication.objects.create(
        agency=agency,
        procedure_type=procedure,
        day=day,
        any_hour=True,
        identification_type=IdentificationType.CEDULA,
        identification=cedula(700 + number),
        email=f"solicitante{number}@correo.ec",
        mobile="+593991234567",
        status=status,
    )


def _assisted(turns, channel):
    """Those turns were booked by an officer at the counter or by phone."""
    officer, _ = get_user_model().objects.get_or_create(username="servidor-stats")
    Turn.objects.filter(pk__in=[turn.pk for turn in turns]).update(
        channel=channel, booked_by=officer
    )


def _taken_from_the_waitlist(turn):
    """The turn's seat was a freed one, offered to and taken by the waiting list."""
    entry = WaitlistEntry.objects.create(
        agency=turn.slot.agency,
        procedure_type=turn.procedure_type,
        identification_type=turn.identification_type,
        identification=turn.identification,
        email="espera@correo.ec",
        until=timezone.localdate(turn.slot.starts_at),
        rank="0",
        status=WaitlistStatus.ATENDIDA,
    )
    WaitlistOffer.objects.create(
        entry=entry,
        slot=turn.slot,
        expires_at=turn.slot.starts_at,
        status=OfferStatus.TOMADA,
        turn=turn,
    )


@pytest.fixture
def november(agency):
    """Agency Quito Norte in November 2026: one closure, one slot whose capacity
    was raised to 5, ten turns kept (7 attended, 2 missed, 1 reserved; waits of
    1, 1, 2, 2, 3, 3, 4, 5, 6, 7 days; 5 booked online, 5 at the counter; 6 of
    them freed seats taken from the waiting list), one cancelled, and a draw of 4
    seats that 12 applications entered (2 more withdrew)."""
    procedure = agency.procedure_types.get()
    AgencyClosure.objects.create(
        agency=agency, date=datetime.date(2026, 11, 20), reason="Mantenimiento"
    )
    SlotFactory(agency=agency, starts_at=local(2026, 11, 9, 8, 0), capacity=5)
    statuses = ["atendido"] * 7 + ["no_asistio"] * 2 + [""]
    waits = [1, 1, 2, 2, 3, 3, 4, 5, 6, 7]
    kept = [
        _turn(
            agency,
            procedure,
            datetime.date(2026, 11, 10 + number),
            9,
            waited,
            status,
            number,
        )
        for number, (status, waited) in enumerate(zip(statuses, waits, strict=True))
    ]
    _assisted(kept[5:], TurnChannel.VENTANILLA)
    for turn in kept[:6]:
        _taken_from_the_waitlist(turn)
    _turn(agency, procedure, datetime.date(2026, 11, 24), 10, 1, "cancelado", 50)
    Draw.objects.create(
        agency=agency,
        day=datetime.date(2026, 11, 26),
        opens_at=local(2026, 11, 24, 8, 0),
        closes_at=local(2026, 11, 25, 18, 0),
        seed="s",
        seed_hash="h",
        status=DrawStatus.REALIZADO,
        seats=4,
        applications=12,
        winners=4,
    )
    for number in range(14):
        status = (
            ApplicationStatus.CANCELADA
            if number < 2
            else ApplicationStatus.ASIGNADA
            if number < 6
            else ApplicationStatus.VENCIDA
        )
        _application(agency, procedure, datetime.date(2026, 11, 26), number, status)
    grid = len(slot_starts(agency=agency, day=datetime.date(2026, 11, 9)))
    return {
        "mes": "2026-11",
        "agencia": agency.name,
        "lugares_ofrecidos_agencia": (NOVEMBER_WORKING_DAYS - 1) * grid * 2 + 3,
        "lugares_sorteados_agencia": 4,
        "turnos_reservados": 10,
        "turnos_en_linea": 5,
        "turnos_en_ventanilla": 5,
        "turnos_por_telefono": 0,
        "lugares_liberados_tomados_de_la_lista_de_espera": 6,
        "solicitudes_sorteo": 12,
        "solicitudes_por_lugar_sorteado": 3.0,
        "mediana_dias_hasta_el_turno": 3.0,
        "tasa_inasistencia": round(2 / 9, 2),
    }


def test_the_csv_and_the_json_say_what_the_database_holds_for_a_month(client, november):
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/turnos/estadisticas.csv").content.decode())
        )
    )
    row = next(
        row
        for row in rows
        if row["mes"] == "2026-11" and row["agencia"] == november["agencia"]
    )
    for name, expected in november.items():
        assert row[name] == str(expected), name
    data = client.get("/turnos/estadisticas.json").json()
    (same,) = [
        row
        for row in data["filas"]
        if row["mes"] == "2026-11" and row["agencia"] == november["agencia"]
    ]
    assert {name: same[name] for name in november} == november
    assert data["minimo_publicado"] == 5


def test_the_page_shows_the_same_figures(client, november):
    page = client.get("/turnos/estadisticas/").content.decode()
    assert "Mes 2026-11" in page
    for figure in (november["lugares_ofrecidos_agencia"], 10, "3,0", "22 %"):
        assert f"{figure}" in page
    ours = (
        page.split("Mes 2026-11")[1]
        .split(november["agencia"])[1]
        .split("</section>")[0]
    )
    assert "no se publica" not in ours


def test_a_cell_under_the_minimum_is_not_published_nor_what_it_gives(client, agency):
    procedure = agency.procedure_types.get()
    for number in range(3):
        _turn(
            agency,
            procedure,
            datetime.date(2026, 11, 10 + number),
            9,
            2,
            "no_asistio",
            number,
        )
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/turnos/estadisticas.csv").content.decode())
        )
    )
    row = next(
        row for row in rows if row["mes"] == "2026-11" and row["agencia"] == agency.name
    )
    assert row["turnos_reservados"] == ""
    assert row["mediana_dias_hasta_el_turno"] == ""
    assert row["tasa_inasistencia"] == ""
    assert "no se publica" in client.get("/turnos/estadisticas/").content.decode()


def _csv_row(client, agency) -> dict:
    rows = csv.DictReader(
        io.StringIO(client.get("/turnos/estadisticas.csv").content.decode())
    )
    return next(
        row for row in rows if row["mes"] == "2026-11" and row["agencia"] == agency.name
    )


def test_a_channel_under_the_minimum_hides_the_next_smallest_too(client, agency):
    """7 online, 2 by phone, none at the counter: the phone's 2 is not published,
    and neither is the counter's 0, else 7 − 7 − 0 would give the 2 away."""
    procedure = agency.procedure_types.get()
    turns = [
        _turn(agency, procedure, datetime.date(2026, 11, 10 + n), 9, 2, "", n)
        for n in range(9)
    ]
    _assisted(turns[7:], TurnChannel.TELEFONO)
    row = _csv_row(client, agency)
    assert row["turnos_reservados"] == "9"
    assert row["turnos_en_linea"] == "7"
    assert row["turnos_por_telefono"] == ""
    assert row["turnos_en_ventanilla"] == ""


def test_every_channel_is_published_when_none_is_under_the_minimum(client, agency):
    procedure = agency.procedure_types.get()
    turns = [
        _turn(agency, procedure, datetime.date(2026, 11, 10 + n), 9, 2, "", n)
        for n in range(15)
    ]
    _assisted(turns[5:10], TurnChannel.VENTANILLA)
    _assisted(turns[10:], TurnChannel.TELEFONO)
    row = _csv_row(client, agency)
    assert [row["turnos_en_linea"], row["turnos_en_ventanilla"]] == ["5", "5"]
    assert row["turnos_por_telefono"] == "5"
    page = client.get("/turnos/estadisticas/").content.decode()
    assert "5 / 5 / 5" in page


def test_no_personal_data_reaches_the_open_data(client, november):
    body = client.get("/turnos/estadisticas.json").content.decode()
    for turn in Turn.objects.all():
        assert turn.identification not in body
        assert turn.email not in body


def test_an_agency_with_no_free_seat_in_the_horizon_raises_the_alert(agency):
    open_agency = AgencyFactory(name="Agencia de prueba con lugares")
    window_fill(agency)
    rows = {row.agency.pk: row for row in capacity_overview(now=NOW)}
    assert rows[agency.pk].no_free_seat and rows[agency.pk].alert
    assert rows[open_agency.pk].days_to_free_seat == 0
    assert not rows[open_agency.pk].alert


def test_the_capacity_figures_count_the_live_waiting_list(agency):
    waiting_list_fill(agency, live=4, gone=3)
    (row,) = [row for row in capacity_overview(now=NOW) if row.agency == agency]
    assert row.waiting_list == 4


def test_draws_asked_beyond_the_threshold_raise_the_alert(agency, settings):
    settings.TURNOS_CAPACITY_DEMAND_ALERT = 3.0
    Draw.objects.create(
        agency=agency,
        day=datetime.date(2026, 12, 1),
        opens_at=local(2026, 11, 27, 8, 0),
        closes_at=local(2026, 11, 30, 18, 0),
        seed="s",
        seed_hash="h",
        status=DrawStatus.REALIZADO,
        seats=4,
        applications=13,
        winners=4,
    )
    (row,) = [row for row in capacity_overview(now=NOW) if row.agency == agency]
    assert row.applications_per_seat == 3.25 and row.high_demand and row.alert
    settings.TURNOS_CAPACITY_DEMAND_ALERT = 3.5
    (row,) = [row for row in capacity_overview(now=NOW) if row.agency == agency]
    assert not row.alert


def test_the_metric_reports_the_agency_without_a_free_seat(agency):
    from clavepatronal.observability.collector import DatabaseGaugesCollector

    open_agency = AgencyFactory(name="Agencia de prueba con lugares")
    window_fill(agency)
    samples = {
        sample.labels.get("agency"): sample.value
        for family in DatabaseGaugesCollector(seconds=0).collect()
        if family.name == "clavepatronal_agency_without_free_seat"
        for sample in family.samples
    }
    assert samples[str(agency.pk)] == 1.0
    assert samples[str(open_agency.pk)] == 0.0
