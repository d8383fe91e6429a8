"""Administrators' reports: trámites by state and province, turns by agency, time
to issue the key; on the page or as CSV."""

import csv
import io

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from clavepatronal.documents.responses import file_response

from ..constants import REPORTS
from ..forms import FIRST_DAY, ReportForm
from ..selectors.reports import (
    period_bounds,
    period_default,
    report_issue_times,
    report_tramites_by_province,
    report_turns_by_agency,
)
from ..selectors.scope import StaffScope
from .common import staff_required

# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _csv_response(filename: str, header: list, rows: list[list]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_cell(c) for c in header])
    writer.writerows([_cell(c) for c in row] for row in rows)
    return file_response(
        buffer.getvalue().encode(),
        filename=filename,
        content_type="text/csv; charset=utf-8",
    )


def _tramites_csv(report) -> tuple[list, list[list]]:
    header = [_("Provincia"), *(label for _v, label in report.statuses), _("Total")]
    rows = [[row.label, *row.counts, row.total] for row in report.rows]
    rows.append([_("Total"), *report.totals, report.total])
    return header, rows


def _turnos_csv(report) -> tuple[list, list[list]]:
    header = [
        _("Agencia"),
        _("Provincia"),
        _("Reservados (no cancelados)"),
        _("Atendidos"),
        _("No asistieron"),
        _("Cancelados"),
    ]
    rows = [
        [r.agency, r.province, r.booked, r.attended, r.missed, r.cancelled]
        for r in [*report.rows, report.totals]
    ]
    return header, rows


def _tiempos_csv(report) -> tuple[list, list[list]]:
    header = [
        _("Provincia"),
        _("Trámites con clave emitida"),
        _("Mediana en horas"),
        _("Mediana"),
    ]
    rows = [
        [t.label, t.n, t.median_hours if t.n else "", t.median_words]
        for t in [*report.by_province, report.overall]
    ]
    return header, rows


# ?tabla= → (context name, selector, CSV builder)
_REPORTS = {
    "tramites": ("tramites", report_tramites_by_province, _tramites_csv),
    "turnos": ("turns", report_turns_by_agency, _turnos_csv),
    "tiempos": ("issue_times", report_issue_times, _tiempos_csv),
}


@require_safe
@staff_required(REPORTS)
def reports(request: HttpRequest, scope: StaffScope) -> HttpResponse:
    first, last = period_default()
    given = request.GET.copy()
    if "desde" not in given and "hasta" not in given:
        given.update({"desde": first.isoformat(), "hasta": last.isoformat()})
    form = ReportForm(given)
    if not form.is_valid():
        return render(
            request,
            "backoffice/reports.html",
            {"scope": scope, "form": form},
            status=400,
        )
    start_day = form.cleaned_data["desde"]
    end_day = form.cleaned_data["hasta"] or last
    start, end = period_bounds(start=start_day or FIRST_DAY, end=end_day)
    if form.cleaned_data["formato"] == "csv":
        table = form.cleaned_data["tabla"]
        _name, report, build = _REPORTS[table]
        header, rows = build(report(scope=scope, start=start, end=end))
        since = start_day.isoformat() if start_day else "inicio"
        filename = f"reporte-{table}-{since}-a-{end_day.isoformat()}.csv"
        return _csv_response(filename, header, rows)
    data = {
        name: report(scope=scope, start=start, end=end)
        for name, report, _build in _REPORTS.values()
    }
    query = given.copy()
    query.pop("formato", None)
    query.pop("tabla", None)
    return render(
        request,
        "backoffice/reports.html",
        {
            "scope": scope,
            "form": form,
            "start_day": start_day,
            "end_day": end_day,
            "query": query.urlencode(),
            **data,
        },
    )
