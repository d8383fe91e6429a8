"""Delegado jurídico: the province's powers of attorney waiting for validation."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from clavepatronal.documents.constants import UploadKind
from clavepatronal.documents.responses import file_response
from clavepatronal.employers.constants import PowerStatus
from clavepatronal.employers.services import (
    power_reject,
    power_scan_view_record,
    power_stamp,
)

from ..constants import STAMP
from ..forms import PowerRejectForm
from ..selectors.scope import StaffScope, scoped_powers
from .common import action_run, staff_required


@require_safe
@staff_required(STAMP)
def power_list(request: HttpRequest, scope: StaffScope) -> HttpResponse:
    powers = scoped_powers(scope=scope).select_related(
        "registration", "province", "recorded_by", "reviewed_by"
    )
    return render(
        request,
        "backoffice/powers.html",
        {
            "scope": scope,
            "pending": powers.filter(status=PowerStatus.PENDIENTE).order_by("created"),
            "reviewed": powers.exclude(status=PowerStatus.PENDIENTE)[:20],
        },
    )


def _power_or_404(scope: StaffScope, pk: int):
    power = (
        scoped_powers(scope=scope)
        .select_related("registration", "province", "recorded_by", "reviewed_by")
        .filter(pk=pk)
        .first()
    )
    if power is None:
        raise Http404
    return power


@require_safe
@staff_required(STAMP)
def power_detail(request: HttpRequest, scope: StaffScope, pk: int) -> HttpResponse:
    power = _power_or_404(scope, pk)
    return render(
        request,
        "backoffice/power.html",
        {"scope": scope, "power": power, "reject_form": PowerRejectForm()},
    )


@require_safe
@staff_required(STAMP)
def power_scan(request: HttpRequest, scope: StaffScope, pk: int) -> HttpResponse:
    """The scan filed online, shown in the browser; each look is audited."""
    power = _power_or_404(scope, pk)
    if not power.scan:
        raise Http404
    power_scan_view_record(power=power, actor=request.user)
    pdf = power.scan_kind == UploadKind.PDF
    return file_response(
        bytes(power.scan),
        filename=f"poder-{power.pk}.{'pdf' if pdf else 'jpg'}",
        content_type="application/pdf" if pdf else "image/jpeg",
        inline=True,
    )


@require_POST
@staff_required(STAMP)
def stamp(request: HttpRequest, scope: StaffScope, pk: int) -> HttpResponse:
    power = _power_or_404(scope, pk)
    return action_run(
        request,
        lambda: power_stamp(power=power, actor=request.user),
        success=_("Poder validado y sellado; el código del sello está en la ficha."),
        then="backoffice:power",
        pk=pk,
    )


@require_POST
@staff_required(STAMP)
def reject(request: HttpRequest, scope: StaffScope, pk: int) -> HttpResponse:
    power = _power_or_404(scope, pk)
    form = PowerRejectForm(request.POST)
    if form.is_valid():
        return action_run(
            request,
            lambda: power_reject(
                power=power, actor=request.user, reason=form.cleaned_data["reason"]
            ),
            success=_("Poder rechazado."),
            then="backoffice:power",
            pk=pk,
        )
    return render(
        request,
        "backoffice/power.html",
        {"scope": scope, "power": power, "reject_form": form},
        status=400,
    )
