"""Administrators' reports: trámites by state and province, turns by agency, time
to issue the key; on the page or as CSV."""

import csv
import datetime

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from ..constants import REPORTS
from ..selectors.reports import (
    period_bounds,
    period_default,
    report_issue_times,
    report_tramites_by_province,
    report_turns_by_agency,
)
from ..selectors.scope import StaffScope
from .common import staff_required

# Dates outside these years are typing mistakes (and would overflow a datetime).
FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)
_DATE_ERRORS = {"invalid": gettext_lazy("Escriba una fecha válida (día/mes/año).")}


class PeriodForm(forms.Form):
    """A period of local days, both included; either end may be left open."""

    desde = forms.DateField(
        label=gettext_lazy("Desde"),
        required=False,
        error_messages=_DATE_ERRORS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    hasta = forms.DateField(
        label=gettext_lazy("Hasta"),
        required=False,
        error_messages=_DATE_ERRORS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def _day_check(self, name: str) -> datetime.date | None:
        day = self.cleaned_data.get(name)
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise forms.ValidationError(
                gettext_lazy("Escriba una fecha entre los años 2000 y 2100.")
            )
        return day

    def clean_desde(self):
        return self._day_check("desde")

    def clean_hasta(self):
        return self._day_check("hasta")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("desde"), cleaned.get("hasta")
        if start and end and start > end:
            raise forms.ValidationError(
                gettext_lazy("La fecha «desde» es posterior a la fecha «hasta».")
            )
        return cleaned


TABLES = [
    ("tramites", gettext_lazy("Trámites por estado y provincia")),
    ("turnos", gettext_lazy("Turnos por agencia")),
    ("tiempos", gettext_lazy("Tiempo hasta la emisión de la clave")),
]


class ReportForm(PeriodForm):
    formato = forms.ChoiceField(
        required=False,
        choices=[("", "HTML"), ("csv", "CSV")],
        widget=forms.HiddenInput,
    )
    tabla = forms.ChoiceField(
        label=gettext_lazy("Tabla"),
        required=False,
        choices=[("", "—"), *TABLES],
        widget=forms.HiddenInput,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("formato") == "csv" and not cleaned.get("tabla"):
            raise forms.ValidationError(
                gettext_lazy("Indique qué tabla descargar en CSV.")
            )
        return cleaned


# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _csv_response(filename: str, header: list, rows: list[list]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow([_cell(c) for c in header])
    writer.writerows([_cell(c) for c in row] for row in rows)
    return response


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
