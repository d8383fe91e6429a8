"""«Mis datos» and «Quién consultó mis datos»: the employer's own data (LOPDP
Arts. 13 and 17) and the staff who looked at it. The work is in
privacy.selectors; these views only answer the browser."""

import json
from pathlib import Path

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from clavepatronal.core.errors import too_many_requests
from clavepatronal.core.ratelimits import limits_exceeded
from clavepatronal.documents.responses import file_response
from clavepatronal.employers.models import EmployerAccount
from clavepatronal.employers.services import power_scan_view_record
from clavepatronal.privacy.export_pdf import mis_datos_pdf
from clavepatronal.privacy.selectors.access_log import (
    access_rows,
    employer_access_events,
)
from clavepatronal.privacy.selectors.export import (
    employer_attachment_get,
    employer_power_with_scan_get,
    employer_registrations,
    employer_tramites_full,
    mis_datos_export,
)
from clavepatronal.privacy.services.mis_datos import mis_datos_export_record
from clavepatronal.procedures.services import attachment_view_record

from ..selectors import employer_document_list
from .common import employer_required

SCHEMA_PATH = (
    Path(__file__).resolve().parents[2] / "privacy" / "schema" / "mis_datos.schema.json"
)
ACCESS_PAGE_SIZE = 20
EXPORT_RATE = "30/h"


@require_safe
@employer_required
def mis_datos(request: HttpRequest, account: EmployerAccount) -> HttpResponse:
    """The page: both downloads, and every file the employer gave us."""
    identification = account.identification
    registrations = employer_registrations(identification=identification)
    return render(
        request,
        "portal/mis_datos.html",
        {
            "account": account,
            "tramites": employer_tramites_full(identification=identification),
            "powers": [p for r in registrations for p in r.powers.all()],
            "documents": employer_document_list(account=account),
        },
    )


def _export_limited(account: EmployerAccount) -> bool:
    """An export is heavy for a large employer: per account, JSON and PDF alike."""
    return limits_exceeded([("portal-mis-datos", account.identification, EXPORT_RATE)])


def _export(request: HttpRequest, account: EmployerAccount, export_format: str):
    data = mis_datos_export(
        account=account,
        now=timezone.now(),
        schema_url=request.build_absolute_uri(reverse("portal:mis_datos_schema")),
    )
    mis_datos_export_record(account=account, export_format=export_format, data=data)
    return data


def _filename(account: EmployerAccount, extension: str) -> str:
    day = timezone.localdate()
    return f"mis-datos-{account.identification}-{day:%Y%m%d}.{extension}"


@require_safe
@employer_required
def mis_datos_json(request: HttpRequest, account: EmployerAccount) -> HttpResponse:
    if _export_limited(account):
        return too_many_requests(request, None)
    data = _export(request, account, "json")
    content = json.dumps(data, ensure_ascii=False, indent=1).encode()
    return file_response(
        content,
        filename=_filename(account, "json"),
        content_type="application/json; charset=utf-8",
    )


@require_safe
@employer_required
def mis_datos_pdf_view(request: HttpRequest, account: EmployerAccount) -> HttpResponse:
    if _export_limited(account):
        return too_many_requests(request, None)
    data = _export(request, account, "pdf")
    content = mis_datos_pdf(
        data=data, page_url=request.build_absolute_uri(reverse("portal:mis_datos"))
    )
    return file_response(
        content, filename=_filename(account, "pdf"), content_type="application/pdf"
    )


@require_safe
def mis_datos_schema(request: HttpRequest) -> HttpResponse:
    """The JSON Schema of the export: public, so any program can check a file."""
    return HttpResponse(
        SCHEMA_PATH.read_bytes(), content_type="application/schema+json"
    )


@require_safe
@employer_required
def mis_datos_file(
    request: HttpRequest, account: EmployerAccount, pk: int
) -> HttpResponse:
    """One file of the employer's trámites; every look is in the audit trail."""
    attachment = employer_attachment_get(account=account, pk=pk)
    if attachment is None:
        raise Http404
    attachment_view_record(
        attachment=attachment,
        actor=account.user,
        actor_label=f"empleador {account.identification}",
    )
    return file_response(
        attachment.file.open("rb"),
        filename=attachment.download_name,
        content_type=attachment.content_type,
    )


@require_safe
@employer_required
def mis_datos_power_scan(
    request: HttpRequest, account: EmployerAccount, pk: int
) -> HttpResponse:
    power = employer_power_with_scan_get(account=account, pk=pk)
    if power is None:
        raise Http404
    power_scan_view_record(power=power, actor=account.user)
    pdf = power.scan_kind.upper() == "PDF"
    return file_response(
        bytes(power.scan),
        filename=f"poder-{power.pk}.{'pdf' if pdf else 'jpg'}",
        content_type="application/pdf" if pdf else "image/jpeg",
    )


@require_safe
@employer_required
def consultas(request: HttpRequest, account: EmployerAccount) -> HttpResponse:
    """«Quién consultó mis datos»: staff views and changes, newest first."""
    page = Paginator(employer_access_events(account=account), ACCESS_PAGE_SIZE)
    page = page.get_page(request.GET.get("pagina"))
    return render(
        request,
        "portal/consultas.html",
        {"account": account, "page": page, "rows": access_rows(page.object_list)},
    )
