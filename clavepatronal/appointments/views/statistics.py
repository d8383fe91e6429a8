"""Estadísticas públicas: the page, and the same figures as CSV and JSON open data
(docs/turnos.md). Counted at most once per TURNOS_STATS_CACHE_SECONDS, whoever
asks and however often."""

import csv
import io

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from clavepatronal.documents.responses import file_response

from ..selectors.statistics import turn_statistics

CACHE_KEY = "turnos:estadisticas"
# Column names of the open data, in the order of the CSV (docs/turnos.md).
FIELDS = {
    "month": "mes",
    "province": "provincia",
    "agency": "agencia",
    "procedure": "tramite",
    "agency_seats": "lugares_ofrecidos_agencia",
    "draw_seats": "lugares_sorteados_agencia",
    "turns_booked": "turnos_reservados",
    "turns_online": "turnos_en_linea",
    "turns_counter": "turnos_en_ventanilla",
    "turns_phone": "turnos_por_telefono",
    "waitlist_offers_taken": "lugares_liberados_tomados_de_la_lista_de_espera",
    "applications": "solicitudes_sorteo",
    "applications_per_seat": "solicitudes_por_lugar_sorteado",
    "median_days_to_turn": "mediana_dias_hasta_el_turno",
    "no_show_rate": "tasa_inasistencia",
}
# The page's «en línea / en ventanilla / por teléfono» figures, in that order.
CHANNELS = ("turns_online", "turns_counter", "turns_phone")


def _rows() -> list[dict]:
    rows = cache.get(CACHE_KEY)
    if rows is None:
        now = timezone.now()
        rows = [row.as_dict() for row in turn_statistics(now=now)]
        cache.set(CACHE_KEY, rows, settings.TURNOS_STATS_CACHE_SECONDS)
    return rows


def _open_row(row: dict) -> dict:
    return {name: row[field] for field, name in FIELDS.items()}


@require_safe
def statistics_page(request: HttpRequest) -> HttpResponse:
    rows = _rows()
    peak = max((row["agency_seats"] for row in rows), default=0) or 1
    for row in rows:
        row["seats_width"] = round(100 * row["agency_seats"] / peak)
        row["turns_width"] = round(100 * (row["turns_booked"] or 0) / peak)
        row["channels"] = [row[name] for name in CHANNELS]
    return render(
        request,
        "appointments/statistics.html",
        {"rows": rows, "min_count": settings.TURNOS_STATS_MIN_COUNT},
    )


@require_safe
def statistics_csv(request: HttpRequest) -> HttpResponse:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(FIELDS.values()))
    writer.writeheader()
    for row in _rows():
        writer.writerow(_open_row(row))
    return file_response(
        text.getvalue().encode("utf-8"),
        filename="estadisticas-turnos.csv",
        content_type="text/csv; charset=utf-8",
    )


@require_safe
def statistics_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "minimo_publicado": settings.TURNOS_STATS_MIN_COUNT,
            "filas": [_open_row(row) for row in _rows()],
        },
        json_dumps_params={"ensure_ascii": False},
    )
